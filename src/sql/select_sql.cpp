// SELECT of whole rows of one table: all of them, one by key, and the
// locking read of versions that names a stale row after a batched update.
#include <string>
#include <vector>

#include "cormorant/sql.hpp"
#include "sql/text.hpp"

namespace cormorant::sql {

std::string select_versions(const dialect& d, const table_info& t, std::size_t keys) {
    const std::string key = d.quote(t.key_column().name);
    return "SELECT " + key + ", " + d.quote(t.columns[*t.version].name) + " FROM " + d.quote(t.name) +
           " WHERE " + key + " IN (" + text::placeholder_list(1, keys) + ") FOR UPDATE";
}

std::string select_list(const dialect& d, const table_info& t) {
    std::string out;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (i) out += ", ";
        const std::string q = d.quote(t.columns[i].name);
        out += t.columns[i].type == sql_type::blob ? d.read_blob(q) : q;
    }
    return out;
}

std::string select_all(const dialect& d, const table_info& t) {
    return "SELECT " + select_list(d, t) + " FROM " + d.quote(t.name) + " ORDER BY " +
           d.quote(t.key_column().name);
}

std::string select_by_key(const dialect& d, const table_info& t) {
    return "SELECT " + select_list(d, t) + " FROM " + d.quote(t.name) + " WHERE " +
           d.quote(t.key_column().name) + " = " + placeholder(1);
}

std::vector<sql_type> column_types(const table_info& t) {
    std::vector<sql_type> out;
    out.reserve(t.columns.size());
    for (const auto& c : t.columns) out.push_back(c.type);
    return out;
}

}  // namespace cormorant::sql
