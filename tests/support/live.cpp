#include "support/live.hpp"

#include <cstdlib>
#include <stdexcept>

namespace testlive {

cormorant::config test_config() {
    const char* url = std::getenv("CORMORANT_TEST_URL");
    if (!url || !*url) throw std::runtime_error("CORMORANT_TEST_URL is not set; run the live suite through ctest");
    return cormorant::config::from_url(url);
}

cormorant::database open_db() { return cormorant::database::open(test_config()); }

cormorant::backend_kind backend() { return test_config().backend; }

std::string query_text(cormorant::connection& c, const std::string& sql) {
    const cormorant::sql_type type = cormorant::sql_type::text;
    std::string out;
    c.query(sql, {}, std::span<const cormorant::sql_type>(&type, 1),
            [&](std::span<cormorant::value> row) { out = row[0].as_text(); });
    return out;
}

}  // namespace testlive
