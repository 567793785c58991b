#pragma once
// The dialect of each database, defined in dialect_<db>.cpp beside this
// file. Drivers (backends/) pick the variant a connection needs once they
// know the server and the URL's options.

#include <string>
#include <string_view>

#include "cormorant/dialect.hpp"

namespace cormorant::detail {

/// How SQLite transactions start (URL option transaction_mode).
enum class sqlite_begin { deferred, immediate, exclusive };

const dialect& sqlite_dialect(sqlite_begin mode = sqlite_begin::deferred) noexcept;
const dialect& postgresql_dialect() noexcept;
/// `returning`: INSERT ... RETURNING is available (MariaDB 10.5 and later);
/// without it keys are read back with generated_keys_query().
const dialect& mysql_dialect(bool returning = true) noexcept;

/// Each database's catalog queries (catalog_sql.cpp), which its dialect's
/// catalog_sql returns.
std::string sqlite_catalog(catalog_query q);
std::string postgresql_catalog(catalog_query q);
std::string mysql_catalog(catalog_query q);

}  // namespace cormorant::detail

namespace cormorant::detail {

/// How a driver's own prepare call writes placeholders.
enum class native_placeholder { question_mark, dollar_numbered };

/// SQL with cormorant's `:p1, :p2 ...` as `?` or `$1, $2 ...`, for drivers
/// that prepare statements with their own placeholders. Quoted text (and
/// `[...]` when `bracket_quotes`, as SQLite reads it) and comments are left
/// alone. `?` are numbered by position, so SQL whose placeholders are not
/// :p1, :p2, ... in that order comes back unchanged in that form
/// (placeholders.cpp).
std::string native_placeholders(std::string_view sql, native_placeholder form, bool bracket_quotes = false);

}  // namespace cormorant::detail
