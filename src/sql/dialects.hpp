#pragma once
// The dialect of each database, defined in dialect_<db>.cpp beside this
// file. Drivers (backends/) pick the variant a connection needs once they
// know the server and the URL's options.

#include "cormorant/dialect.hpp"

namespace cormorant::detail {

/// How SQLite transactions start (URL option transaction_mode).
enum class sqlite_begin { deferred, immediate, exclusive };

const dialect& sqlite_dialect(sqlite_begin mode = sqlite_begin::deferred) noexcept;
const dialect& postgresql_dialect() noexcept;
/// `returning`: INSERT ... RETURNING is available (MariaDB 10.5 and later);
/// without it keys are read back with generated_keys_query().
const dialect& mysql_dialect(bool returning = true) noexcept;

}  // namespace cormorant::detail
