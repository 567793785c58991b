// Encoding a list of values as one bound parameter: a JSON array for
// SQLite's json_each and MySQL's JSON_TABLE, an array literal for PostgreSQL.
#include "sql/list_parameter.hpp"

#include <cmath>

#include "sql/text.hpp"

namespace cormorant::sql {

namespace {

void append_json_string(std::string& out, const std::string& s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += ch;
        }
    }
    out += '"';
}

/// An element of a PostgreSQL array literal: always quoted, so that spaces,
/// commas, braces and the word NULL stay text.
void append_array_string(std::string& out, const std::string& s) {
    out += '"';
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    out += '"';
}

}  // namespace

std::optional<std::string> list_parameter(list_encoding encoding, std::span<const value> values) {
    const bool json = encoding == list_encoding::json_array;
    std::string out(1, json ? '[' : '{');
    out.reserve(values.size() * 8 + 2);
    for (const value& v : values) {
        if (out.size() > 1) out += ',';
        if (v.is_null()) {
            out += json ? "null" : "NULL";
        } else if (const auto* i = std::get_if<std::int64_t>(&v.get())) {
            out += std::to_string(*i);
        } else if (const auto* d = std::get_if<double>(&v.get())) {
            if (std::isfinite(*d)) {
                out += text::shortest_number(*d);
            } else if (json) {
                return std::nullopt;
            } else {
                out += std::isnan(*d) ? "NaN" : *d > 0 ? "Infinity" : "-Infinity";
            }
        } else if (const auto* s = std::get_if<std::string>(&v.get())) {
            if (json)
                append_json_string(out, *s);
            else
                append_array_string(out, *s);
        } else {
            return std::nullopt;
        }
    }
    out += json ? ']' : '}';
    return out;
}

}  // namespace cormorant::sql
