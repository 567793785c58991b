// database::inspect(): the catalog queries of sql:: run on one connection,
// their rows assembled into a live_schema.
#include "cormorant/inspect.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/database.hpp"
#include "cormorant/sql.hpp"

namespace cormorant {

namespace {

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

std::string text_of(const value& v) {
    return v.is_null() ? std::string() : v.as_text();
}

/// Runs `sql` for table `table` (bound as :p1), reading every column as `types`.
void each_row(connection& c, const std::string& sql, const std::string& table,
              std::span<const sql_type> types, const std::function<void(std::span<value>)>& on_row) {
    const value params[] = {value{table}};
    c.query(sql, params, types, on_row, {table, "inspect"});
}

void read_columns(connection& c, live_table& t) {
    const sql_type types[] = {sql_type::text, sql_type::text, sql_type::int64, sql_type::text,
                              sql_type::int64};
    each_row(c, sql::catalog_columns(c.dialect()), t.name, types, [&](std::span<value> row) {
        live_column col;
        col.name = row[0].as_text();
        col.type = lower(text_of(row[1]));
        col.nullable = row[2].as_int() != 0;
        // MySQL writes a NULL default as the text NULL (and leaves the column
        // NULL where there is none): both are no default.
        if (!row[3].is_null() && row[3].as_text() != "NULL") col.default_sql = row[3].as_text();
        col.generated = row[4].as_int() != 0;
        t.columns.push_back(std::move(col));
    });
}

void read_key_columns(connection& c, live_table& t) {
    const sql_type types[] = {sql_type::text, sql_type::text, sql_type::text, sql_type::int64,
                              sql_type::text, sql_type::text, sql_type::text, sql_type::int64};
    std::string last_kind, last_name;
    std::int64_t last_group = -1;
    each_row(c, sql::catalog_key_columns(c.dialect()), t.name, types, [&](std::span<value> row) {
        const std::string name = text_of(row[0]), kind = text_of(row[1]), column = text_of(row[2]);
        const std::int64_t group = row[7].as_int();
        const bool same = kind == last_kind && name == last_name && group == last_group;
        last_kind = kind;
        last_name = name;
        last_group = group;
        if (kind == "p") {
            t.primary_key.push_back(column);
        } else if (kind == "u") {
            if (!same) t.uniques.push_back({name, {}, true});
            t.uniques.back().columns.push_back(column);
        } else if (kind == "f") {
            if (!same) t.foreign_keys.push_back({name, {}, text_of(row[4]), {}, text_of(row[6])});
            t.foreign_keys.back().columns.push_back(column);
            t.foreign_keys.back().referenced_columns.push_back(text_of(row[5]));
        }
    });
}

void read_indexes(connection& c, live_table& t) {
    const sql_type types[] = {sql_type::text, sql_type::int64, sql_type::text, sql_type::int64};
    each_row(c, sql::catalog_indexes(c.dialect()), t.name, types, [&](std::span<value> row) {
        const std::string name = row[0].as_text();
        if (t.indexes.empty() || t.indexes.back().name != name)
            t.indexes.push_back({name, {}, row[1].as_int() != 0});
        t.indexes.back().columns.push_back(text_of(row[2]));
    });
}

void read_checks(connection& c, live_table& t) {
    const std::string sql = sql::catalog_checks(c.dialect());
    if (sql.empty()) return;
    const sql_type types[] = {sql_type::text, sql_type::text};
    each_row(c, sql, t.name, types, [&](std::span<value> row) {
        t.checks.push_back({row[0].as_text(), text_of(row[1])});
    });
}

}  // namespace

live_schema database::inspect() const {
    const pooled_connection lease = acquire();
    connection& c = *lease;
    live_schema s;
    const sql_type name_type[] = {sql_type::text};
    c.query(sql::catalog_tables(c.dialect()), {}, name_type,
            [&](std::span<value> row) { s.tables.push_back({row[0].as_text()}); }, {"", "inspect"});
    std::sort(s.tables.begin(), s.tables.end(),
              [](const live_table& a, const live_table& b) { return a.name < b.name; });
    for (live_table& t : s.tables) {
        read_columns(c, t);
        read_key_columns(c, t);
        read_indexes(c, t);
        read_checks(c, t);
        for (live_column& col : t.columns) {
            // A generated key is never NULL.
            if (col.generated) col.nullable = false;
            col.kind = c.dialect().column_kind(col.type, col.generated);
        }
    }
    return s;
}

}  // namespace cormorant
