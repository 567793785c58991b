// Schema statements: CREATE TABLE with its constraints and indexes, DROP
// TABLE, foreign keys added and dropped by ALTER TABLE, and the whole
// create_all / drop_all sequence in foreign-key order.
#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cormorant/schema.hpp"
#include "cormorant/sql.hpp"
#include "sql/text.hpp"

namespace cormorant::sql {

namespace {

std::string column_definition(const dialect& d, const table_info& t, std::size_t i) {
    const column_info& c = t.columns[i];
    std::string out = d.quote(c.name) + " ";
    if (c.key && c.generated) return out + d.generated_key(c);
    out += d.column_type(t, i);
    if (const std::optional<std::string> literal = d.default_literal(t, i)) out += " DEFAULT " + *literal;
    if (!c.nullable) out += " NOT NULL";
    if (c.key) out += " PRIMARY KEY";
    return out;
}

/// FOREIGN KEY ("c") REFERENCES "target" ("id") [ON DELETE CASCADE], after
/// CONSTRAINT "name" in CREATE TABLE and in ALTER TABLE alike.
std::string foreign_key_definition(const dialect& d, const table_info& t, std::size_t column) {
    const column_info& c = t.columns[column];
    const table_info& target = c.references();
    return "CONSTRAINT " + d.quote(foreign_key_name(t, column)) + " FOREIGN KEY (" + d.quote(c.name) +
           ") REFERENCES " + d.quote(target.name) + " (" + d.quote(target.key_column().name) + ")" +
           (c.cascade_delete ? " ON DELETE CASCADE" : "");
}

}  // namespace

std::string foreign_key_name(const table_info& t, std::size_t column) {
    return "fk_" + t.name + "_" + t.columns[column].name;
}

std::vector<std::string> create_table(const dialect& d, const table_info& t,
                                      std::span<const std::size_t> deferred) {
    std::string sql = "CREATE TABLE IF NOT EXISTS " + d.quote(t.name) + " (";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (i) sql += ", ";
        sql += column_definition(d, t, i);
    }
    for (const index_info& u : t.uniques)
        sql += ", CONSTRAINT " + d.quote(u.name) + " UNIQUE (" + text::column_list(d, t, u.columns) + ")";
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].references && std::find(deferred.begin(), deferred.end(), i) == deferred.end())
            sql += ", " + foreign_key_definition(d, t, i);
    // Appended in two steps: `")" + std::string` trips GCC 12's -Wrestrict at -O3.
    sql += ')';
    sql += d.table_options();

    std::vector<std::string> out{std::move(sql)};
    for (const index_info& ix : t.indexes)
        out.push_back("CREATE INDEX IF NOT EXISTS " + d.quote(ix.name) + " ON " + d.quote(t.name) + " (" +
                      text::column_list(d, t, ix.columns) + ")");
    return out;
}

std::string drop_table(const dialect& d, const table_info& t) {
    return "DROP TABLE IF EXISTS " + d.quote(t.name);
}

std::string add_foreign_key(const dialect& d, const table_info& t, std::size_t column) {
    return "ALTER TABLE " + d.quote(t.name) + " ADD " + foreign_key_definition(d, t, column);
}

std::string drop_foreign_key(const dialect& d, const table_info& t, std::size_t column) {
    return "ALTER TABLE " + d.quote(t.name) + " " + d.drop_foreign_key_clause() + " " +
           d.quote(foreign_key_name(t, column));
}

std::string count_constraints(const dialect& d) {
    return "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = " +
           d.current_schema() + " AND table_name = " + placeholder(1) +
           " AND constraint_name = " + placeholder(2);
}

}  // namespace cormorant::sql

namespace cormorant {

std::vector<std::string> schema_script::sql() const {
    std::vector<std::string> out;
    out.reserve(statements.size());
    for (const schema_statement& s : statements) out.push_back(s.sql);
    return out;
}

namespace {

/// The foreign keys create_all adds after CREATE TABLE: none where the
/// dialect declares every key in CREATE TABLE.
std::vector<deferred_foreign_key> altered_keys(const dialect& d, const table_order& order) {
    return d.alter_table_foreign_keys() ? order.deferred : std::vector<deferred_foreign_key>{};
}

}  // namespace

schema_script create_statements(const dialect& d, const std::vector<const table_info*>& tables) {
    const table_order order = order_tables(tables);
    const std::vector<deferred_foreign_key> later = altered_keys(d, order);
    schema_script out;
    for (const table_info* t : order.tables) {
        std::vector<std::size_t> columns;
        for (const deferred_foreign_key& k : later)
            if (k.table == t) columns.push_back(k.column);
        for (std::string& s : sql::create_table(d, *t, columns)) out.statements.push_back({std::move(s)});
    }
    for (const deferred_foreign_key& k : later)
        out.statements.push_back({sql::add_foreign_key(d, *k.table, k.column),
                                  schema_statement::condition::constraint_absent, k.table->name,
                                  sql::foreign_key_name(*k.table, k.column)});
    return out;
}

schema_script drop_statements(const dialect& d, const std::vector<const table_info*>& tables) {
    const table_order order = order_tables(tables);
    schema_script out;
    for (const deferred_foreign_key& k : altered_keys(d, order))
        out.statements.push_back({sql::drop_foreign_key(d, *k.table, k.column),
                                  schema_statement::condition::constraint_present, k.table->name,
                                  sql::foreign_key_name(*k.table, k.column)});
    // Where the keys of a cycle stay in CREATE TABLE, rows that reference each
    // other keep every order of drops from passing the immediate checks.
    if (!order.deferred.empty() && !d.alter_table_foreign_keys()) {
        for (std::string& s : d.defer_foreign_key_checks()) out.statements.push_back({std::move(s)});
        out.one_transaction = true;
    }
    for (auto it = order.tables.rbegin(); it != order.tables.rend(); ++it)
        out.statements.push_back({sql::drop_table(d, **it)});
    return out;
}

}  // namespace cormorant
