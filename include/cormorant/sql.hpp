#pragma once
/// \file sql.hpp
/// The one SQL renderer. Every statement cormorant sends is built here from
/// table metadata and a dialect; values are always bound (placeholders
/// `:p1`, `:p2`, ...), identifiers always quoted.
///
///     auto ddl = cormorant::sql::create_table(cormorant::dialect_for(backend_kind::sqlite),
///                                             cormorant::table_of<Book>());

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "cormorant/detail/query_spec.hpp"
#include "cormorant/dialect.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant::sql {

/// The n-th placeholder (1-based): ":p1".
std::string placeholder(std::size_t n);

/// CREATE TABLE IF NOT EXISTS, then one CREATE INDEX IF NOT EXISTS per index.
std::vector<std::string> create_table(const dialect& d, const table_info& t);

/// DROP TABLE IF EXISTS.
std::string drop_table(const dialect& d, const table_info& t);

/// INSERT of `rows` rows over `columns` (indices into t.columns), with
/// RETURNING of the key when `return_key` is set.
std::string insert(const dialect& d, const table_info& t, std::span<const std::size_t> columns,
                   std::size_t rows, bool return_key);

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

}  // namespace cormorant::sql
