// DELETE of rows a flush removes: by a list of keys, or one versioned row at
// a time (its loaded version must still hold).
#include <string>

#include "cormorant/sql.hpp"
#include "sql/text.hpp"

namespace cormorant::sql {

row_statement delete_versioned_row(const dialect& d, const table_info& t) {
    const column_info& version = t.columns[*t.version];
    return {"DELETE FROM " + d.quote(t.name) + " WHERE " + d.quote(t.key_column().name) + " = " +
                placeholder(1) + " AND " + d.quote(version.name) + " = " + placeholder(2),
            {t.key_column().type, version.type}};
}

std::string delete_keys(const dialect& d, const table_info& t, std::size_t keys) {
    return "DELETE FROM " + d.quote(t.name) + " WHERE " + d.quote(t.key_column().name) + " IN (" +
           text::placeholder_list(1, keys) + ")";
}

}  // namespace cormorant::sql
