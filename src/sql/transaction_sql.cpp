// Transaction control: BEGIN (at an isolation level, in the dialect's form),
// COMMIT, ROLLBACK and the savepoint statements of atomic blocks and of the
// all-or-nothing scope of flushes and bulk statements.
#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include "cormorant/sql.hpp"

namespace cormorant {

const char* to_sql(isolation_level level) noexcept {
    switch (level) {
        case isolation_level::read_committed:
            return "READ COMMITTED";
        case isolation_level::repeatable_read:
            return "REPEATABLE READ";
        case isolation_level::serializable:
            return "SERIALIZABLE";
    }
    return "SERIALIZABLE";
}

}  // namespace cormorant

namespace cormorant::sql {

namespace {

// Savepoint names are the library's own (cormorant_sp1, cormorant_flush, ...),
// never a user's: they go unquoted, and anything else is a bug here.
std::string savepoint_name(std::string_view name) {
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '_';
    });
    if (!plain) throw std::logic_error("cormorant: not a savepoint name of the library's");
    return std::string(name);
}

}  // namespace

std::vector<std::string> begin(const dialect& d, std::optional<isolation_level> isolation) {
    return d.begin_statements(isolation);
}

std::string commit(const dialect&) {
    return "COMMIT";
}

std::string rollback(const dialect&) {
    return "ROLLBACK";
}

std::string savepoint(const dialect&, std::string_view name) {
    return "SAVEPOINT " + savepoint_name(name);
}

std::string release_savepoint(const dialect&, std::string_view name) {
    return "RELEASE SAVEPOINT " + savepoint_name(name);
}

std::string rollback_to_savepoint(const dialect&, std::string_view name) {
    return "ROLLBACK TO SAVEPOINT " + savepoint_name(name);
}

}  // namespace cormorant::sql
