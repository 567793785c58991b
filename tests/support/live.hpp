#pragma once
// The live suite's view of the database under test: CORMORANT_TEST_URL names
// it (set by CTest per backend).
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace testlive {

/// The URL under test; the test fails when it is not set.
cormorant::config test_config();

/// A fresh handle on the database under test.
cormorant::database open_db();

/// The backend under test.
cormorant::backend_kind backend();

/// The rows of `table`, counted by the database.
std::int64_t count_rows(cormorant::database& db, std::string_view table);

/// True when the database's catalogue lists a table of this name (in the
/// current schema or database).
bool table_exists(cormorant::database& db, std::string_view name);

/// The first column of the last row `sql` returns, read as text.
std::string query_text(cormorant::connection& c, const std::string& sql);

/// The server's id for this connection's session (PostgreSQL, MySQL).
std::int64_t server_session_id(cormorant::connection& c);

/// Ends session `id` on the server, from connection `killer`, and waits
/// until it is gone.
void end_server_session(cormorant::connection& killer, std::int64_t id);

}  // namespace testlive
