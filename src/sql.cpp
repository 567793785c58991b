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

}  // namespace

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
