// SQLite's dialect. What differs: INTEGER PRIMARY KEY is the rowid (the
// generated key), NULL takes the next rowid, BLOBs are bound through a cast,
// every transaction is serializable, BEGIN comes in three modes, and foreign
// keys are declared in CREATE TABLE only.
#include <string>

#include "cormorant/errors.hpp"
#include "sql/dialects.hpp"

namespace cormorant::detail {
namespace {

class sqlite_dialect_t final : public dialect {
public:
    /// `begin`: how transactions start ("BEGIN", "BEGIN IMMEDIATE", ...).
    explicit sqlite_dialect_t(const char* begin) : begin_(begin) {}

    backend_kind kind() const noexcept override { return backend_kind::sqlite; }

    std::string column_type(const table_info& t, std::size_t i) const override {
        switch (t.columns[i].type) {
            case sql_type::boolean:
                return "BOOLEAN";
            case sql_type::int16:
                return "SMALLINT";
            case sql_type::int32:
                return "INTEGER";
            case sql_type::int64:
                return "BIGINT";
            case sql_type::float32:
                return "REAL";
            case sql_type::float64:
                return "DOUBLE";
            case sql_type::text:
                return "TEXT";
            case sql_type::blob:
                return "BLOB";
            case sql_type::timestamp:
                return "TEXT";
            case sql_type::date:
                return "TEXT";
        }
        return "TEXT";
    }

    std::string catalog_sql(catalog_query q) const override { return sqlite_catalog(q); }

    // TIMESTAMP and DATE columns are TEXT too: they read back as text.
    std::optional<sql_type> column_kind(std::string_view type, bool generated) const override {
        if (type == "boolean") return sql_type::boolean;
        if (type == "smallint") return sql_type::int16;
        if (type == "integer") return generated ? sql_type::int64 : sql_type::int32;
        if (type == "bigint") return sql_type::int64;
        if (type == "real") return sql_type::float32;
        if (type == "double") return sql_type::float64;
        if (type == "text") return sql_type::text;
        if (type == "blob") return sql_type::blob;
        return std::nullopt;
    }

    // TRUE and FALSE are new in 3.23; a BOOLEAN column holds 1 and 0 anyway.
    std::string boolean_literal(bool v) const override { return v ? "1" : "0"; }
    // Only this exact spelling makes the column an alias of the rowid.
    std::string generated_key(const column_info&) const override { return "INTEGER PRIMARY KEY"; }

    // NULL into the rowid alias takes the next rowid; VALUES does not accept DEFAULT.
    std::string generated_key_value() const override { return "NULL"; }

    // Raw bytes bound as text become a BLOB through the cast.
    std::string bind_blob(std::string_view ph) const override {
        return "CAST(" + std::string(ph) + " AS BLOB)";
    }

    // ALTER TABLE cannot add a constraint; CREATE TABLE may reference a table
    // that does not exist yet, so every foreign key is declared there.
    bool alter_table_foreign_keys() const noexcept override { return false; }

    // DROP TABLE deletes the rows first and checks each immediate foreign key
    // then: rows that reference each other across tables fail in any order.
    // Deferred to COMMIT, the checks find nothing left to reference.
    std::vector<std::string> defer_foreign_key_checks() const override {
        return {"PRAGMA defer_foreign_keys = ON"};
    }

    // SQLITE_MAX_VARIABLE_NUMBER since 3.32.
    std::size_t max_parameters() const noexcept override { return 32766; }
    std::string in_list_parameter(const table_info& t, std::size_t col, std::string_view ph) const override {
        // json_each's values carry no affinity, so the column's applies, as
        // it does to a bound parameter.
        return quote(t.columns[col].name) + " IN (SELECT \"value\" FROM json_each(" + std::string(ph) + "))";
    }

    // SQLite transactions are always serializable; a weaker level is refused
    // rather than silently upgraded, so that code asking for one learns it.
    std::vector<std::string> begin_statements(std::optional<isolation_level> isolation) const override {
        if (isolation && *isolation != isolation_level::serializable)
            throw transaction_error(
                std::string("SQLite runs every transaction SERIALIZABLE; isolation level ") +
                to_sql(*isolation) + " is not available (ask for serializable, or for none)");
        return {begin_};
    }

private:
    const char* begin_;
};

}  // namespace

const dialect& sqlite_dialect(sqlite_begin mode) noexcept {
    // IMMEDIATE takes the write lock at BEGIN: a transaction that reads and
    // then writes cannot fail at its first write because another connection
    // wrote in between (it waits busy_timeout at BEGIN instead).
    static const sqlite_dialect_t deferred{"BEGIN"};
    static const sqlite_dialect_t immediate{"BEGIN IMMEDIATE"};
    static const sqlite_dialect_t exclusive{"BEGIN EXCLUSIVE"};
    switch (mode) {
        case sqlite_begin::immediate:
            return immediate;
        case sqlite_begin::exclusive:
            return exclusive;
        case sqlite_begin::deferred:
            break;
    }
    return deferred;
}

}  // namespace cormorant::detail
