// What is particular to PostgreSQL: the session cormorant sets up, libpq
// options passed through from the URL, a transaction aborted by any failed
// statement, and the text forms PostgreSQL sends back (trimmed fractions of
// seconds, 't'/'f' booleans, BYTEA as hex). Skipped on other backends.

#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/live.hpp"

namespace postgresql_specific_models {

struct PgSample {
    std::int64_t id = 0;
    std::chrono::system_clock::time_point at{};
    bool flag = false;
    std::optional<bool> maybe;
    cormorant::blob bytes;
    std::int64_t big = 0;
};

}  // namespace postgresql_specific_models

template <>
struct cormorant::model_traits<postgresql_specific_models::PgSample> {
    static constexpr std::string_view table = "pg_samples";
};

namespace {

namespace orm = cormorant;
using postgresql_specific_models::PgSample;
using testlive::query_text;

constexpr const char* skip_reason =
    "PostgreSQL only: this checks libpq settings and PostgreSQL's own text forms";

bool on_postgresql() {
    return testlive::backend() == orm::backend_kind::postgresql;
}

}  // namespace

TEST_CASE("PostgreSQL: the session runs in UTC with notices silenced", "[live][postgresql]") {
    if (!on_postgresql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::database db = testlive::open_db();
    auto c = db.acquire();
    CHECK(query_text(*c, "SHOW TimeZone") == "UTC");
    CHECK(query_text(*c, "SHOW client_min_messages") == "warning");
    CHECK(query_text(*c, "SHOW DateStyle") == "ISO, YMD");
}

TEST_CASE("PostgreSQL: libpq options in the URL reach the server", "[live][postgresql]") {
    if (!on_postgresql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::config cfg = testlive::test_config();
    cfg.options.emplace_back("application_name", "cormorant tests");
    cfg.options.emplace_back("target_session_attrs", "read-write");
    cfg.options.emplace_back("connect_timeout", "5");
    orm::database db = orm::database::open(cfg);
    auto c = db.acquire();
    CHECK(query_text(*c, "SHOW application_name") == "cormorant tests");
    CHECK(query_text(*c, "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END") ==
          "primary");

    // libpq enforces the session attributes: the test server is a primary.
    orm::config standby = testlive::test_config();
    standby.options.emplace_back("target_session_attrs", "standby");
    CHECK_THROWS_AS(orm::database::open(standby), orm::connection_error);
}

TEST_CASE("PostgreSQL: after a failed statement the transaction takes nothing but a rollback",
          "[live][postgresql]") {
    if (!on_postgresql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::database db = testlive::open_db();
    db.drop_all<PgSample>();
    db.create_all<PgSample>();
    auto c = db.acquire();
    c->begin();
    c->execute("INSERT INTO pg_samples (at, flag, bytes, big) VALUES ('2024-01-01', true, '', 1)", {});
    CHECK_THROWS_AS(c->execute("SELECT no_such_column FROM pg_samples", {}), orm::database_error);
    // The next statement is refused with a transaction error that says why.
    try {
        c->execute("SELECT 1", {}, {"pg_samples", "select"});
        FAIL("the aborted transaction accepted a statement");
    } catch (const orm::transaction_error& e) {
        CHECK(std::string(e.what()).find("aborted by an earlier failed statement") != std::string::npos);
    }
    c->rollback();
    CHECK(query_text(*c, "SELECT COUNT(*)::text FROM pg_samples") == "0");

    SECTION("a savepoint confines the failure") {
        c->begin();
        c->execute("INSERT INTO pg_samples (at, flag, bytes, big) VALUES ('2024-01-01', true, '', 1)", {});
        c->execute("SAVEPOINT probe", {});
        CHECK_THROWS_AS(c->execute("SELECT no_such_column FROM pg_samples", {}), orm::database_error);
        c->execute("ROLLBACK TO SAVEPOINT probe", {});
        c->commit();
        CHECK(query_text(*c, "SELECT COUNT(*)::text FROM pg_samples") == "1");
    }
}

TEST_CASE("PostgreSQL: trimmed fractions, 't'/'f' booleans, hex BYTEA and 64-bit integers come back exact",
          "[live][postgresql]") {
    if (!on_postgresql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::database db = testlive::open_db();
    db.drop_all<PgSample>();
    db.create_all<PgSample>();
    using namespace std::chrono;
    const sys_days day{year{2024} / 2 / 29};
    // PostgreSQL prints 12:00:00.1 for .100000 and drops a zero fraction.
    const std::vector<microseconds> fractions{microseconds{0}, microseconds{100000}, microseconds{120000},
                                              microseconds{1}, microseconds{999999}, microseconds{123450}};
    orm::blob all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<std::byte>(b));
    std::vector<PgSample> rows;
    for (std::size_t i = 0; i < fractions.size(); ++i)
        rows.push_back(
            PgSample{.at = day + hours{12} + fractions[i],
                     .flag = i % 2 == 0,
                     .maybe = i % 3 == 0 ? std::nullopt : std::optional<bool>(i % 3 == 1),
                     .bytes = i == 0 ? all_bytes : orm::blob{},
                     .big = (i % 2 ? -1 : 1) * (std::int64_t{1} << 62) + static_cast<std::int64_t>(i)});
    db.insert(std::span<PgSample>(rows));
    auto c = db.acquire();
    CHECK(query_text(*c, "SELECT at::text FROM pg_samples WHERE id = " + std::to_string(rows[1].id)) ==
          "2024-02-29 12:00:00.1");
    const std::vector<PgSample> back = db.select_all<PgSample>();
    REQUIRE(back.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO("row " << i);
        CHECK(back[i].id == rows[i].id);
        CHECK(back[i].at == rows[i].at);
        CHECK(back[i].flag == rows[i].flag);
        CHECK(back[i].maybe == rows[i].maybe);
        CHECK(back[i].bytes == rows[i].bytes);
        CHECK(back[i].big == rows[i].big);
    }
}
