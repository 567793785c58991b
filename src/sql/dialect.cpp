// What the dialects share (standard SQL), and the dialect of each backend.
#include "cormorant/dialect.hpp"

#include <string>

#include "sql/dialects.hpp"

namespace cormorant {

std::string dialect::quote(std::string_view identifier) const {
    std::string out = "\"";
    for (char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string dialect::drop_foreign_key_clause() const {
    return "DROP CONSTRAINT";
}

std::string dialect::current_schema() const {
    return "current_schema()";
}

std::vector<std::string> dialect::begin_statements(std::optional<isolation_level> isolation) const {
    if (!isolation) return {"BEGIN"};
    return {std::string("BEGIN ISOLATION LEVEL ") + to_sql(*isolation)};
}

const dialect& dialect_for(backend_kind backend) {
    switch (backend) {
        case backend_kind::sqlite:
            return detail::sqlite_dialect();
        case backend_kind::postgresql:
            return detail::postgresql_dialect();
        case backend_kind::mysql:
            return detail::mysql_dialect();
    }
    return detail::sqlite_dialect();
}

}  // namespace cormorant
