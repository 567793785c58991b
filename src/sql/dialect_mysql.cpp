// The dialect of MySQL and MariaDB. What differs: backtick quoting,
// AUTO_INCREMENT keys, bounded VARCHAR for text that is a key or indexed,
// BLOBs as hex, InnoDB tables in utf8mb4, SET TRANSACTION before START
// TRANSACTION, LAST_INSERT_ID() where INSERT ... RETURNING is missing, and
// DROP FOREIGN KEY.
#include <string>

#include "sql/dialects.hpp"

namespace cormorant::detail {
namespace {

class mysql_dialect_t final : public dialect {
public:
    explicit mysql_dialect_t(bool returning) : returning_(returning) {}

    /// MariaDB 10.5 and later: INSERT ... RETURNING; MySQL proper and older
    /// MariaDB: LAST_INSERT_ID() (see generated_keys_query).
    bool returning() const noexcept override { return returning_; }

    backend_kind kind() const noexcept override { return backend_kind::mysql; }

    std::string quote(std::string_view identifier) const override {
        std::string out = "`";
        for (char c : identifier) {
            if (c == '`') out += '`';
            out += c;
        }
        return out + "`";
    }

    std::string column_type(const table_info& t, std::size_t i) const override {
        const column_info& c = t.columns[i];
        switch (c.type) {
            case sql_type::boolean:
                return "BOOLEAN";
            case sql_type::int16:
                return "SMALLINT";
            case sql_type::int32:
                return "INT";
            case sql_type::int64:
                return "BIGINT";
            case sql_type::float32:
                return "FLOAT";
            case sql_type::float64:
                return "DOUBLE";
            case sql_type::text:
                // TEXT cannot be a key or take a unique constraint or index without a prefix length;
                // a foreign key column is indexed by InnoDB and must match the key it references.
                return c.key || c.references || t.is_indexed(i)
                           ? "VARCHAR(" + std::to_string(indexed_text_length) + ")"
                           : "TEXT";
            case sql_type::blob:
                return "LONGBLOB";
            case sql_type::timestamp:
                return "DATETIME(6)";
            case sql_type::date:
                return "DATE";
        }
        return "TEXT";
    }

    std::string catalog_sql(catalog_query q) const override { return mysql_catalog(q); }

    // BOOLEAN is TINYINT(1); the other integer types carry a display width
    // ("bigint(20)") that says nothing of their range.
    std::optional<sql_type> column_kind(std::string_view type, bool) const override {
        if (type == "tinyint(1)") return sql_type::boolean;
        if (type.find(' ') != std::string_view::npos) return std::nullopt;  // "int(10) unsigned"
        const std::string_view base = type.substr(0, type.find('('));
        if (base == "smallint") return sql_type::int16;
        if (base == "int") return sql_type::int32;
        if (base == "bigint") return sql_type::int64;
        if (type == "float") return sql_type::float32;
        if (type == "double") return sql_type::float64;
        if (type == "text" || type == "varchar(" + std::to_string(indexed_text_length) + ")")
            return sql_type::text;
        if (type == "longblob") return sql_type::blob;
        if (type == "datetime(6)") return sql_type::timestamp;
        if (type == "date") return sql_type::date;
        return std::nullopt;
    }

    std::string boolean_literal(bool v) const override { return v ? "1" : "0"; }
    // The default sql_mode reads a backslash in a string literal as an escape.
    std::string string_literal(std::string_view text) const override {
        std::string out = "'";
        for (char c : text) {
            if (c == '\'' || c == '\\') out += c;
            out += c;
        }
        return out + "'";
    }
    // MySQL 8 takes a default for a TEXT or BLOB column only as an expression
    // in parentheses (MariaDB 10.2 and later take both forms).
    std::optional<std::string> default_literal(const table_info& t, std::size_t i) const override {
        std::optional<std::string> out = dialect::default_literal(t, i);
        const std::string type = column_type(t, i);
        if (out && (type == "TEXT" || type == "LONGBLOB")) out = "(" + *out + ")";
        return out;
    }
    std::string generated_key(const column_info& key) const override {
        const char* type = key.type == sql_type::int64   ? "BIGINT"
                           : key.type == sql_type::int32 ? "INT"
                                                         : "SMALLINT";
        return std::string(type) + " NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    std::string table_options() const override {
        return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }

    // The form every MySQL and MariaDB version accepts for a foreign key.
    std::string drop_foreign_key_clause() const override { return "DROP FOREIGN KEY"; }
    std::string current_schema() const override { return "DATABASE()"; }

    std::string bind_blob(std::string_view ph) const override { return "UNHEX(" + std::string(ph) + ")"; }
    std::string read_blob(std::string_view col) const override { return "HEX(" + std::string(col) + ")"; }
    bool blob_as_hex() const noexcept override { return true; }
    update_batching batch_updates() const noexcept override { return update_batching::case_per_column; }
    std::size_t max_parameters() const noexcept override { return 65535; }
    std::string in_list_parameter(const table_info& t, std::size_t col, std::string_view ph) const override {
        // Text is read as LONGTEXT whatever the column's length: JSON_TABLE
        // cuts a longer value to the type's length, which could then match.
        const std::string type = t.columns[col].type == sql_type::text ? "LONGTEXT" : column_type(t, col);
        // The DISTINCT derived table is materialized once and indexed. Without
        // it, a single-table DELETE or UPDATE (MariaDB 10.11 plans no
        // semi-join there) reads the whole list again for every row: 1,000
        // rows against 100,000 keys took 30 s instead of 0.07 s.
        return quote(t.columns[col].name) + " IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(" +
               std::string(ph) + ", '$[*]' COLUMNS (`v` " + type + " PATH '$')) AS `j`) AS `list`)";
    }

    // SET TRANSACTION without GLOBAL/SESSION applies to the next transaction only.
    std::vector<std::string> begin_statements(std::optional<isolation_level> isolation) const override {
        if (!isolation) return {"BEGIN"};
        return {std::string("SET TRANSACTION ISOLATION LEVEL ") + to_sql(*isolation), "START TRANSACTION"};
    }

    /// After a multi-row INSERT without RETURNING: the first generated key and
    /// the step between keys (Galera sets the step to the cluster size).
    std::string generated_keys_query() const override {
        return "SELECT LAST_INSERT_ID(), @@auto_increment_increment";
    }

    /// Characters of a text column that is a key or indexed (utf8mb4: 4 bytes
    /// each, within InnoDB's 3072-byte index limit for up to three columns).
    static constexpr int indexed_text_length = 255;

private:
    bool returning_;
};

}  // namespace

const dialect& mysql_dialect(bool returning) noexcept {
    static const mysql_dialect_t with_returning(true);
    static const mysql_dialect_t without_returning(false);
    return returning ? with_returning : without_returning;
}

}  // namespace cormorant::detail
