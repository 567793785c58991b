// What the dialects share (standard SQL), and the dialect of each backend.
#include "cormorant/dialect.hpp"

#include <cmath>
#include <string>
#include <variant>

#include "sql/dialects.hpp"
#include "sql/text.hpp"

namespace cormorant {

std::string dialect::quote(std::string_view identifier) const {
    std::string out = "\"";
    for (char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::optional<std::string> dialect::default_literal(const table_info& table, std::size_t column) const {
    const column_info& c = table.columns[column];
    if (!c.default_value) return std::nullopt;
    const value::storage& v = c.default_value->get();
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return c.type == sql_type::boolean ? boolean_literal(*i != 0) : std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        if (!std::isfinite(*d)) return std::nullopt;
        return sql::text::shortest_number(*d, c.type == sql_type::float32);
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) return std::nullopt;
        return string_literal(*s);
    }
    if (const auto* b = std::get_if<blob>(&v)) return blob_literal(*b);
    return std::nullopt;
}

std::string dialect::string_literal(std::string_view text) const {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string dialect::blob_literal(const blob& bytes) const {
    return "X'" + detail::hex_digits(bytes, /*upper=*/true) + "'";
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
