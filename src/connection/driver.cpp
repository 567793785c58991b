// Choosing the driver of a backend, and the wording drivers give errors.
#include "connection/driver.hpp"

#include <string>

namespace cormorant {

namespace detail {

std::string driver::location(const config& cfg) const {
    return std::string(to_string(cfg.backend)) + " database '" + cfg.database + "' at " + cfg.host + ":" +
           std::to_string(cfg.port.value_or(default_port()));
}

std::string describe(statement_context ctx, const std::string& message) {
    std::string out;
    if (!ctx.operation.empty()) out += std::string(ctx.operation);
    if (!ctx.table.empty()) out += (out.empty() ? "" : " on ") + std::string(ctx.table);
    return out.empty() ? message : out + " failed: " + message;
}

const driver& driver_for(backend_kind backend) {
    const driver* d = nullptr;
    switch (backend) {
        case backend_kind::sqlite:
            d = sqlite_driver();
            break;
        case backend_kind::postgresql:
            d = postgresql_driver();
            break;
        case backend_kind::mysql:
            d = mysql_driver();
            break;
    }
    if (!d)
        throw config_error(std::string("this build of cormorant has no ") + to_string(backend) +
                           " support (SOCI's backend library was not found when it was built)");
    return *d;
}

}  // namespace detail

}  // namespace cormorant
