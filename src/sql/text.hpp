#pragma once
// Small pieces of SQL text shared by the renderer's files.

#include <charconv>
#include <cstddef>
#include <span>
#include <string>

#include "cormorant/dialect.hpp"
#include "cormorant/metadata.hpp"
#include "cormorant/sql.hpp"

namespace cormorant::sql::text {

/// The shortest decimal form that reads back as the same double (as the same
/// float when `single`).
inline std::string shortest_number(double v, bool single = false) {
    char buf[64];
    const std::to_chars_result r = single ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(v))
                                          : std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

/// "a", "b", ... : the quoted names of `cols` (indices into t.columns).
inline std::string column_list(const dialect& d, const table_info& t, std::span<const std::size_t> cols) {
    std::string out;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i) out += ", ";
        out += d.quote(t.columns[cols[i]].name);
    }
    return out;
}

/// Placeholder n as a value of column c (BLOBs through the dialect's conversion).
inline std::string bound(const dialect& d, const column_info& c, std::size_t n) {
    const std::string ph = placeholder(n);
    return c.type == sql_type::blob ? d.bind_blob(ph) : ph;
}

/// ":p<first>, :p<first+1>, ..." : `count` placeholders.
inline std::string placeholder_list(std::size_t first, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += (i ? ", " : "") + placeholder(first + i);
    return out;
}

}  // namespace cormorant::sql::text
