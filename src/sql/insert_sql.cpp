// INSERT of one or many rows, with the generated key returned where the
// dialect can (RETURNING) or read back afterwards where it cannot.
#include <string>

#include "cormorant/sql.hpp"
#include "sql/text.hpp"

namespace cormorant::sql {

std::string insert(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                   std::size_t rows, bool return_key) {
    std::string sql;
    if (columns.empty()) {
        // Only a generated key: name it and let each row take the next key
        // (DEFAULT VALUES inserts one row only, and MySQL rejects it).
        sql = "INSERT INTO " + d.quote(t.name) + " (" + d.quote(t.key_column().name) + ") VALUES ";
        for (std::size_t r = 0; r < rows; ++r) sql += (r ? ", (" : "(") + d.generated_key_value() + ")";
    } else {
        sql = "INSERT INTO " + d.quote(t.name) + " (" + text::column_list(d, t, columns) + ") VALUES ";
        std::size_t n = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            sql += r ? ", (" : "(";
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (i) sql += ", ";
                sql += text::bound(d, t.columns[columns[i]], ++n);
            }
            sql += ")";
        }
    }
    if (return_key) sql += " RETURNING " + d.quote(t.key_column().name);
    return sql;
}

std::string generated_keys(const dialect& d) {
    return d.generated_keys_query();
}

}  // namespace cormorant::sql
