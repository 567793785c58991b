// UPDATE of rows a flush changed: one row by key (prepared once, run per
// row), or several rows that change the same columns in one statement, in
// the form the dialect names.
#include <string>
#include <vector>

#include "cormorant/sql.hpp"
#include "sql/text.hpp"

namespace cormorant::sql {

namespace {

// UPDATE t SET c = :p1, ... [, version = :pn]: the statement up to its WHERE clause.
row_statement set_columns(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                          bool version) {
    row_statement out;
    out.sql = "UPDATE " + d.quote(t.name) + " SET ";
    std::size_t n = 0;
    for (std::size_t c : columns) {
        if (n) out.sql += ", ";
        out.sql += d.quote(t.columns[c].name) + " = " + text::bound(d, t.columns[c], ++n);
        out.types.push_back(t.columns[c].type);
    }
    if (version) {
        out.sql += ", " + d.quote(t.columns[*t.version].name) + " = " + placeholder(++n);
        out.types.push_back(t.columns[*t.version].type);
    }
    out.sql += " WHERE " + d.quote(t.key_column().name) + " = " + placeholder(++n);
    out.types.push_back(t.key_column().type);
    return out;
}

}  // namespace

row_statement update_row(const dialect& d, const table_info& t, std::span<const std::size_t> columns) {
    row_statement out = set_columns(d, t, columns, t.version.has_value());
    if (t.version) {
        out.sql += " AND " + d.quote(t.columns[*t.version].name) + " = " + placeholder(out.types.size() + 1);
        out.types.push_back(t.columns[*t.version].type);
    }
    return out;
}

row_statement update_columns(const dialect& d, const table_info& t, std::span<const std::size_t> columns) {
    return set_columns(d, t, columns, false);
}

namespace {

// UPDATE t SET c = v.c, ... FROM (VALUES (key, c..., [version]), ...) AS v(...)
// WHERE t.key = v.key [AND t.version = v.version RETURNING t.key]. Each value is
// cast to its column's type: PostgreSQL gives untyped parameters in a VALUES
// list the type text.
sql_text update_from_values(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                            std::span<const std::vector<value>> rows) {
    const std::string target = d.quote(t.name);
    const std::string alias = d.quote(t.name == "v" ? "v_rows" : "v");
    std::vector<std::size_t> listed{t.key};
    listed.insert(listed.end(), columns.begin(), columns.end());
    if (t.version) listed.push_back(*t.version);

    sql_text out;
    out.sql = "UPDATE " + target + " SET ";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string c = d.quote(t.columns[columns[i]].name);
        out.sql += (i ? ", " : "") + c + " = " + alias + "." + c;
    }
    if (t.version) {
        const std::string v = d.quote(t.columns[*t.version].name);
        out.sql += ", " + v + " = " + target + "." + v + " + 1";
    }
    out.sql += " FROM (VALUES ";
    for (std::size_t r = 0; r < rows.size(); ++r) {
        out.sql += r ? ", (" : "(";
        for (std::size_t i = 0; i < listed.size(); ++i) {
            const column_info& c = t.columns[listed[i]];
            const std::size_t n = out.params.size() + 1;
            out.sql += i ? ", " : "";
            out.sql += c.type == sql_type::blob
                           ? d.bind_blob(placeholder(n))
                           : "CAST(" + placeholder(n) + " AS " + d.column_type(t, listed[i]) + ")";
            out.params.push_back(rows[r][i]);
        }
        out.sql += ")";
    }
    out.sql += ") AS " + alias + " (" + text::column_list(d, t, listed) + ") WHERE ";
    const std::string key = d.quote(t.key_column().name);
    out.sql += target + "." + key + " = " + alias + "." + key;
    if (t.version) {
        const std::string v = d.quote(t.columns[*t.version].name);
        out.sql += " AND " + target + "." + v + " = " + alias + "." + v + " RETURNING " + target + "." + key;
    }
    return out;
}

// UPDATE t SET c = CASE key WHEN :k1 THEN :c1 ... END, ... [, version = version + 1]
// WHERE key IN (...) or, with a version column, WHERE (key, version) IN ((...), ...).
sql_text update_with_case(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                          std::span<const std::vector<value>> rows) {
    const std::string key = d.quote(t.key_column().name);
    sql_text out;
    out.sql = "UPDATE " + d.quote(t.name) + " SET ";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const column_info& c = t.columns[columns[i]];
        out.sql += (i ? ", " : "") + d.quote(c.name) + " = CASE " + key;
        for (const auto& row : rows) {
            out.sql += " WHEN " + placeholder(out.params.size() + 1);
            out.sql += " THEN " + text::bound(d, c, out.params.size() + 2);
            out.params.push_back(row[0]);
            out.params.push_back(row[1 + i]);
        }
        out.sql += " END";
    }
    if (t.version) {
        const std::string v = d.quote(t.columns[*t.version].name);
        out.sql += ", " + v + " = " + v + " + 1 WHERE (" + key + ", " + v + ") IN (";
        for (std::size_t r = 0; r < rows.size(); ++r) {
            out.sql +=
                (r ? ", " : "") + std::string("(") + text::placeholder_list(out.params.size() + 1, 2) + ")";
            out.params.push_back(rows[r].front());
            out.params.push_back(rows[r].back());
        }
    } else {
        out.sql += " WHERE " + key + " IN (" + text::placeholder_list(out.params.size() + 1, rows.size());
        for (const auto& row : rows) out.params.push_back(row.front());
    }
    out.sql += ")";
    return out;
}

}  // namespace

sql_text update_rows(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                     std::span<const std::vector<value>> rows) {
    if (d.batch_updates() == update_batching::values_join) return update_from_values(d, t, columns, rows);
    return update_with_case(d, t, columns, rows);
}

}  // namespace cormorant::sql
