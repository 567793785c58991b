#include "support/live.hpp"

#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>

namespace testlive {

cormorant::config test_config() {
    const char* url = std::getenv("CORMORANT_TEST_URL");
    if (!url || !*url)
        throw std::runtime_error("CORMORANT_TEST_URL is not set; run the live suite through ctest");
    return cormorant::config::from_url(url);
}

cormorant::database open_db() {
    return cormorant::database::open(test_config());
}

cormorant::backend_kind backend() {
    return test_config().backend;
}

std::string query_text(cormorant::connection& c, const std::string& sql) {
    const cormorant::sql_type type = cormorant::sql_type::text;
    std::string out;
    c.query(sql, {}, std::span<const cormorant::sql_type>(&type, 1),
            [&](std::span<cormorant::value> row) { out = row[0].as_text(); });
    return out;
}

std::int64_t server_session_id(cormorant::connection& c) {
    const std::string sql = c.backend() == cormorant::backend_kind::postgresql ? "SELECT pg_backend_pid()"
                                                                               : "SELECT CONNECTION_ID()";
    return std::stoll(query_text(c, sql));
}

void end_server_session(cormorant::connection& killer, std::int64_t id) {
    if (killer.backend() == cormorant::backend_kind::postgresql) {
        // With a timeout, pg_terminate_backend waits until the process has exited.
        const std::string ended = query_text(killer, "SELECT CASE WHEN pg_terminate_backend(" +
                                                         std::to_string(id) + ", 10000) THEN 1 ELSE 0 END");
        if (ended != "1") throw std::runtime_error("the server session did not end");
    } else {
        killer.execute("KILL CONNECTION " + std::to_string(id), {});
    }
}

bool table_exists(cormorant::database& db, std::string_view name) {
    std::string sql;
    switch (db.backend()) {
        case cormorant::backend_kind::sqlite:
            sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :p1";
            break;
        case cormorant::backend_kind::postgresql:
            sql =
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND "
                "table_name = :p1";
            break;
        case cormorant::backend_kind::mysql:
            sql =
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND "
                "table_name = :p1";
            break;
    }
    std::int64_t n = -1;
    const cormorant::value p{std::string(name)};
    const cormorant::sql_type types[] = {cormorant::sql_type::int64};
    db.acquire()->query(sql, std::span<const cormorant::value>(&p, 1), types,
                        [&](std::span<cormorant::value> row) { n = row[0].as_int(); });
    if (n < 0) throw std::runtime_error("the catalogue query returned no row");
    return n > 0;
}

std::int64_t count_rows(cormorant::database& db, std::string_view table) {
    std::int64_t n = -1;
    const cormorant::sql_type types[] = {cormorant::sql_type::int64};
    db.acquire()->query("SELECT COUNT(*) FROM " + db.dialect().quote(table), {}, types,
                        [&](std::span<cormorant::value> row) { n = row[0].as_int(); });
    return n;
}

}  // namespace testlive
