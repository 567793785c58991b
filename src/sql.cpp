#include "cormorant/sql.hpp"

namespace cormorant::sql {

std::string placeholder(std::size_t n) {
    return ":p" + std::to_string(n);
}

namespace {

std::string column_list(const dialect& d, const table_info& t, const std::vector<std::size_t>& cols) {
    std::string out;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i) out += ", ";
        out += d.quote(t.columns[cols[i]].name);
    }
    return out;
}

std::string column_definition(const dialect& d, const table_info& t, std::size_t i) {
    const column_info& c = t.columns[i];
    std::string out = d.quote(c.name) + " ";
    if (c.key && c.generated) return out + d.generated_key(c);
    out += d.column_type(t, i);
    if (!c.nullable) out += " NOT NULL";
    if (c.key) out += " PRIMARY KEY";
    return out;
}

std::string bound(const dialect& d, const column_info& c, std::size_t n) {
    const std::string ph = placeholder(n);
    return c.type == sql_type::blob ? d.bind_blob(ph) : ph;
}

std::string key_list(std::size_t first, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += (i ? ", " : "") + placeholder(first + i);
    return out;
}

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
    out.sql += ") AS " + alias + " (" + column_list(d, t, listed) + ") WHERE ";
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
            out.sql += " THEN " + bound(d, c, out.params.size() + 2);
            out.params.push_back(row[0]);
            out.params.push_back(row[1 + i]);
        }
        out.sql += " END";
    }
    if (t.version) {
        const std::string v = d.quote(t.columns[*t.version].name);
        out.sql += ", " + v + " = " + v + " + 1 WHERE (" + key + ", " + v + ") IN (";
        for (std::size_t r = 0; r < rows.size(); ++r) {
            out.sql += (r ? ", " : "") + std::string("(") + key_list(out.params.size() + 1, 2) + ")";
            out.params.push_back(rows[r].front());
            out.params.push_back(rows[r].back());
        }
    } else {
        out.sql += " WHERE " + key + " IN (" + key_list(out.params.size() + 1, rows.size());
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

std::string select_versions(const dialect& d, const table_info& t, std::size_t keys) {
    const std::string key = d.quote(t.key_column().name);
    return "SELECT " + key + ", " + d.quote(t.columns[*t.version].name) + " FROM " + d.quote(t.name) +
           " WHERE " + key + " IN (" + key_list(1, keys) + ") FOR UPDATE";
}

std::vector<std::string> create_table(const dialect& d, const table_info& t) {
    std::string sql = "CREATE TABLE IF NOT EXISTS " + d.quote(t.name) + " (";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (i) sql += ", ";
        sql += column_definition(d, t, i);
    }
    for (const index_info& u : t.uniques)
        sql += ", CONSTRAINT " + d.quote(u.name) + " UNIQUE (" + column_list(d, t, u.columns) + ")";
    for (const column_info& c : t.columns) {
        if (!c.references) continue;
        const table_info& target = c.references();
        sql += ", CONSTRAINT " + d.quote("fk_" + t.name + "_" + c.name) + " FOREIGN KEY (" + d.quote(c.name) +
               ") REFERENCES " + d.quote(target.name) + " (" + d.quote(target.key_column().name) + ")" +
               (c.cascade_delete ? " ON DELETE CASCADE" : "");
    }
    sql += ")" + d.table_options();

    std::vector<std::string> out{std::move(sql)};
    for (const index_info& ix : t.indexes)
        out.push_back("CREATE INDEX IF NOT EXISTS " + d.quote(ix.name) + " ON " + d.quote(t.name) + " (" +
                      column_list(d, t, ix.columns) + ")");
    return out;
}

std::string drop_table(const dialect& d, const table_info& t) {
    return "DROP TABLE IF EXISTS " + d.quote(t.name);
}

std::string insert(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                   std::size_t rows, bool return_key) {
    std::string sql = "INSERT INTO " + d.quote(t.name) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) sql += ", ";
        sql += d.quote(t.columns[columns[i]].name);
    }
    sql += ") VALUES ";
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        sql += r ? ", (" : "(";
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i) sql += ", ";
            const std::string ph = placeholder(++n);
            sql += t.columns[columns[i]].type == sql_type::blob ? d.bind_blob(ph) : ph;
        }
        sql += ")";
    }
    if (columns.empty()) {
        // Only a generated key: name it and let each row take the next key
        // (DEFAULT VALUES inserts one row only, and MySQL rejects it).
        sql = "INSERT INTO " + d.quote(t.name) + " (" + d.quote(t.key_column().name) + ") VALUES ";
        for (std::size_t r = 0; r < rows; ++r) sql += (r ? ", (" : "(") + d.generated_key_value() + ")";
    }
    if (return_key) sql += " RETURNING " + d.quote(t.key_column().name);
    return sql;
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

std::vector<std::string> dialect::begin_statements(std::optional<isolation_level> isolation) const {
    if (!isolation) return {"BEGIN"};
    return {std::string("BEGIN ISOLATION LEVEL ") + to_sql(*isolation)};
}

}  // namespace cormorant
