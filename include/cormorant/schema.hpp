#pragma once
/// \file schema.hpp
/// The statements of create_all and drop_all. Tables are ordered by their
/// foreign keys (order_tables, metadata.hpp): parents first to create,
/// children first to drop. Tables whose keys form a cycle are accepted: a
/// key whose target is created later is left out of CREATE TABLE and added
/// by ALTER TABLE once every table exists, and dropped first by drop_all
/// (SQLite keeps every key in CREATE TABLE and drops the tables in one
/// transaction, its foreign-key checks put off until COMMIT).
///
///     const auto script = cormorant::create_statements(d, {&table_of<Book>(), &table_of<Author>()});
///     for (const std::string& sql : script.sql())
///         std::cout << sql << '\n';   // CREATE TABLE ... "author" first, then "book"

#include <string>
#include <vector>

#include "cormorant/dialect.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant {

/// One statement of create_all or drop_all, and when it is sent.
struct schema_statement {
    enum class condition {
        always,
        /// Only when table `table` has no constraint named `constraint`:
        /// adding a foreign key is not idempotent by itself.
        constraint_absent,
        /// Only when it has one (a missing table has none): dropping a
        /// foreign key where MySQL knows no IF EXISTS.
        constraint_present,
    };
    std::string sql;
    condition when = condition::always;
    /// For a condition: the names the catalog is asked about, bound to the
    /// query of sql::count_constraints.
    std::string table, constraint;
    bool operator==(const schema_statement&) const = default;
};

/// The statements of create_all or drop_all, in the order they are sent.
struct schema_script {
    std::vector<schema_statement> statements;
    /// True when the statements are sent in one transaction, all or nothing
    /// (SQLite dropping tables that reference each other in a cycle).
    bool one_transaction = false;
    /// The SQL of every statement, in order, conditions aside.
    std::vector<std::string> sql() const;
    bool operator==(const schema_script&) const = default;
};

/// Every statement create_all sends: CREATE TABLE and CREATE INDEX per table
/// in creation order, then ALTER TABLE ... ADD CONSTRAINT for each deferred
/// foreign key (each when the constraint does not exist yet).
schema_script create_statements(const dialect& d, const std::vector<const table_info*>& tables);

/// Every statement drop_all sends: ALTER TABLE ... DROP of each deferred
/// foreign key (each when it exists), then DROP TABLE IF EXISTS in reverse
/// creation order; on SQLite, with a cycle, the dialect's
/// defer_foreign_key_checks first, all in one transaction.
schema_script drop_statements(const dialect& d, const std::vector<const table_info*>& tables);

}  // namespace cormorant
