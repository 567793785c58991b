#pragma once
/// \file sql.hpp
/// The one SQL renderer. Every statement cormorant sends is built here from a
/// small description (table metadata, the columns and rows concerned, a
/// query's condition tree, a savepoint name) and a dialect, which supplies
/// only what differs between databases. Values are always bound
/// (placeholders `:p1`, `:p2`, ...), identifiers always quoted. The
/// definitions live in src/sql/, one file per kind of statement.
///
///     auto ddl = cormorant::sql::create_table(cormorant::dialect_for(backend_kind::sqlite),
///                                             cormorant::table_of<Book>());

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/detail/query_spec.hpp"
#include "cormorant/dialect.hpp"
#include "cormorant/isolation.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant::sql {

/// A statement prepared once and run once per row: its text and the type
/// each of its placeholders is bound as, in order.
struct row_statement {
    std::string sql;
    std::vector<sql_type> types;
};

// ---- placeholders (placeholders.cpp) ----

/// The n-th placeholder (1-based): ":p1".
std::string placeholder(std::size_t n);

/// Raw SQL with `?` outside quoted text and comments replaced by :p1, :p2, ...
std::string raw_placeholders(std::string_view sql);

// ---- schema (ddl.cpp) ----

/// CREATE TABLE IF NOT EXISTS, then one CREATE INDEX IF NOT EXISTS per index.
/// The foreign keys of the columns in `deferred` (indices into t.columns)
/// are left out, to be added by add_foreign_key once their target exists.
std::vector<std::string> create_table(const dialect& d, const table_info& t,
                                      std::span<const std::size_t> deferred = {});

/// DROP TABLE IF EXISTS.
std::string drop_table(const dialect& d, const table_info& t);

/// The foreign key of ref column `column` of t, declared on the table that
/// exists, as CREATE TABLE would have declared it (where
/// d.alter_table_foreign_keys()):
///
///     ALTER TABLE "department" ADD CONSTRAINT "fk_department_manager_id"
///         FOREIGN KEY ("manager_id") REFERENCES "employee" ("id")
std::string add_foreign_key(const dialect& d, const table_info& t, std::size_t column);

/// The drop of that foreign key:
///
///     ALTER TABLE "department" DROP CONSTRAINT "fk_department_manager_id"
///     ALTER TABLE `department` DROP FOREIGN KEY `fk_department_manager_id`   (MySQL)
std::string drop_foreign_key(const dialect& d, const table_info& t, std::size_t column);

/// The name of the foreign key of ref column `column` of t: fk_<table>_<column>.
std::string foreign_key_name(const table_info& t, std::size_t column);

/// The query of one integer that counts the constraints named :p2 on table
/// :p1 in d.current_schema():
///
///     SELECT COUNT(*) FROM information_schema.table_constraints
///         WHERE table_schema = current_schema() AND table_name = :p1 AND constraint_name = :p2
std::string count_constraints(const dialect& d);

// ---- catalog of a live database (catalog_sql.cpp) ----

/// The tables of d.current_schema(), one text column: the name. The
/// database's own tables are left out on SQLite (sqlite_%).
///
///     SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite^_%' ESCAPE '^'
std::string catalog_tables(const dialect& d);

/// The columns of table :p1 in column order: name, type, nullable (1/0),
/// default expression (text or NULL), generated (1/0).
std::string catalog_columns(const dialect& d);

/// The columns of the primary key, unique constraints and foreign keys of
/// table :p1: constraint name, kind ("p", "u", "f"), column, position in the
/// constraint (from 1), referenced table, referenced column, ON DELETE
/// action (lower case), and a number that tells apart constraints of the
/// same kind and name (SQLite's unnamed foreign keys); ordered by kind,
/// name, that number, position.
std::string catalog_key_columns(const dialect& d);

/// The indexes of table :p1 that back no constraint: index name, unique
/// (1/0), column, position (from 1); ordered by name and position.
std::string catalog_indexes(const dialect& d);

/// The CHECK constraints of table :p1: name and condition text; empty on
/// SQLite, whose catalog has none.
std::string catalog_checks(const dialect& d);

// ---- rows written by a flush (insert_sql.cpp, update_sql.cpp, delete_sql.cpp) ----

/// INSERT of `rows` rows over `columns` (indices into t.columns), with
/// RETURNING of the key when `return_key` is set.
std::string insert(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                   std::size_t rows, bool return_key);

/// Where d.returning() is false: the query that reads the key generated for
/// the first row of the last INSERT and the step between keys (see
/// dialect::generated_keys_query); empty when the database has none.
std::string generated_keys(const dialect& d);

/// UPDATE of one row by key, setting `columns`; on a versioned table the
/// version is set too and checked in the WHERE clause:
///
///     UPDATE "t" SET "a" = :p1, "version" = :p2 WHERE "id" = :p3 AND "version" = :p4
row_statement update_row(const dialect& d, const table_info& t, std::span<const std::size_t> columns);

/// UPDATE of `columns` of one row by key, version untouched: the second half
/// of writing rows that reference each other in a cycle (a ref set after the
/// rows exist, or cleared before they are deleted).
///
///     UPDATE "t" SET "a_id" = :p1 WHERE "id" = :p2
row_statement update_columns(const dialect& d, const table_info& t, std::span<const std::size_t> columns);

/// One UPDATE of several rows of t that all change `columns`, in the form
/// d.batch_updates() names (values_join or case_per_column), with its values.
/// rows[i] holds row i's key, its new values of `columns` in order and, when
/// t has a version column, the version the row was loaded with: a row is then
/// written only where its version still holds, and its version goes up by
/// one. The values_join form of a versioned table returns the keys written.
///
///     UPDATE `t` SET `c` = CASE `id` WHEN :p1 THEN :p2 WHEN :p3 THEN :p4 END WHERE `id` IN (:p5, :p6)
sql_text update_rows(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                     std::span<const std::vector<value>> rows);

/// DELETE of one row of a versioned table by key and loaded version:
///
///     DELETE FROM "t" WHERE "id" = :p1 AND "version" = :p2
row_statement delete_versioned_row(const dialect& d, const table_info& t);

/// DELETE of the rows whose keys are :p1 ... :p<keys>.
std::string delete_keys(const dialect& d, const table_info& t, std::size_t keys);

// ---- reads (select_sql.cpp) ----

/// SELECT key, version FROM t WHERE key IN (:p1, ..., :p<keys>) FOR UPDATE: a
/// locking read, which sees the latest committed versions whatever the
/// isolation level.
std::string select_versions(const dialect& d, const table_info& t, std::size_t keys);

/// The select list of every column of t, in column order (BLOBs read via the dialect).
std::string select_list(const dialect& d, const table_info& t);

/// SELECT every column FROM t [WHERE key = :p1] ORDER BY key.
std::string select_all(const dialect& d, const table_info& t);
std::string select_by_key(const dialect& d, const table_info& t);

/// The column types of t in column order (how to read a select_list row).
std::vector<sql_type> column_types(const table_info& t);

// ---- queries and bulk statements, from a query description (query_sql.cpp) ----

/// SELECT of the query's rows (every column, in column order), ordered and paged.
sql_text query_select(const dialect& d, const detail::query_spec& q);
/// SELECT COUNT(*) of the rows matching q's condition.
sql_text query_count(const dialect& d, const detail::query_spec& q);
/// SELECT of the keys of the rows matching q's condition.
sql_text query_keys(const dialect& d, const detail::query_spec& q);
/// SELECT of the key of at most one row matching q's condition.
sql_text query_exists(const dialect& d, const detail::query_spec& q);
/// UPDATE of the rows matching q's condition (a version column goes up by one).
sql_text bulk_update(const dialect& d, const detail::query_spec& q,
                     const std::vector<detail::assignment>& set);
/// DELETE of the rows matching q's condition.
sql_text bulk_delete(const dialect& d, const detail::query_spec& q);

// ---- transactions (transaction_sql.cpp) ----

/// The statements that open a transaction, at `isolation` when given (the
/// dialect's begin_statements; transaction_error where it cannot be had).
std::vector<std::string> begin(const dialect& d, std::optional<isolation_level> isolation = {});
std::string commit(const dialect& d);
std::string rollback(const dialect& d);

/// Savepoint statements. `name` is one of the library's own savepoint names
/// (letters, digits and underscores; anything else is a logic error), sent
/// unquoted as every database accepts it.
std::string savepoint(const dialect& d, std::string_view name);
std::string release_savepoint(const dialect& d, std::string_view name);
std::string rollback_to_savepoint(const dialect& d, std::string_view name);

}  // namespace cormorant::sql
