// Error classification, each kind triggered for real on the backend under
// test: constraint violations (every backend), transient failures
// (serialization failure, deadlock, lock timeout, busy), read-only sessions,
// lost connections, refused values, and failures to connect at all.

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/live.hpp"

namespace backend_error_models {

struct BeOwner {
    std::int64_t id = 0;
    std::string code;
};

struct BeItem {
    std::int64_t id = 0;
    cormorant::ref<BeOwner> owner;
    std::string name;
};

}  // namespace backend_error_models

template <>
struct cormorant::model_traits<backend_error_models::BeOwner> {
    static constexpr std::string_view table = "be_owners";
    static constexpr auto unique = cormorant::columns(&backend_error_models::BeOwner::code);
};

template <>
struct cormorant::model_traits<backend_error_models::BeItem> {
    static constexpr std::string_view table = "be_items";
};

namespace {

namespace orm = cormorant;
using namespace std::chrono_literals;
using backend_error_models::BeItem;
using backend_error_models::BeOwner;
using orm::backend_kind;

/// The exception of type E that `f` throws; the test fails when it throws none.
template <class E, class F>
E thrown(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    }
    FAIL("no exception was thrown");
    throw std::logic_error("unreachable");
}

void exec(orm::connection& c, const std::string& sql, std::vector<orm::value> params = {},
          orm::statement_context ctx = {}) {
    c.execute(sql, params, ctx);
}

std::int64_t query_int(orm::connection& c, const std::string& sql) {
    const orm::sql_type type = orm::sql_type::int64;
    std::int64_t out = -1;
    c.query(sql, {}, std::span<const orm::sql_type>(&type, 1),
            [&](std::span<orm::value> row) { out = row[0].as_int(); });
    return out;
}

/// The models' tables, empty, plus be_checked (a CHECK constraint), be_sized
/// (a bounded text and a small integer) and be_counters (two rows to lock).
orm::database fresh_db() {
    orm::database db = testlive::open_db();
    db.drop_all<BeItem, BeOwner>();
    db.create_all<BeOwner, BeItem>();
    const std::string opts = db.dialect().table_options();
    auto c = db.acquire();
    for (const char* t : {"be_checked", "be_sized", "be_counters"})
        exec(*c, std::string("DROP TABLE IF EXISTS ") + t);
    exec(*c,
         "CREATE TABLE be_checked (id INTEGER NOT NULL PRIMARY KEY, qty INTEGER NOT NULL, "
         "CONSTRAINT be_checked_qty CHECK (qty >= 0))" +
             opts);
    exec(*c,
         "CREATE TABLE be_sized (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(5), small SMALLINT)" + opts);
    exec(*c, "CREATE TABLE be_counters (id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL)" + opts);
    exec(*c, "INSERT INTO be_counters (id, n) VALUES (1, 0), (2, 0)");
    return db;
}

/// Bounds every lock wait of this session's later statements (PostgreSQL,
/// MySQL), so that a test that goes wrong fails instead of hanging.
void bound_lock_waits(orm::connection& c, backend_kind b, int seconds) {
    if (b == backend_kind::postgresql) exec(c, "SET lock_timeout = '" + std::to_string(seconds) + "s'");
    if (b == backend_kind::mysql)
        exec(c, "SET SESSION innodb_lock_wait_timeout = " + std::to_string(seconds));
}

bool is_server(backend_kind b) {
    return b != backend_kind::sqlite;
}

}  // namespace

TEST_CASE("constraint violations are integrity errors of their kind", "[live][errors]") {
    orm::database db = fresh_db();
    BeOwner first{.code = "A-1"};
    db.insert(first);
    REQUIRE(first.id != 0);

    SECTION("unique") {
        BeOwner twin{.code = "A-1"};
        const auto e = thrown<orm::integrity_error>([&] { db.insert(twin); });
        CHECK(e.which() == orm::integrity_error::kind::unique);
        CHECK(e.table() == "be_owners");
        CHECK(e.operation() == "insert");
        CHECK(std::string(e.what()).rfind("insert on be_owners failed: ", 0) == 0);
        CHECK(db.select_all<BeOwner>().size() == 1);
    }
    SECTION("foreign key") {
        BeItem orphan{.owner = orm::ref<BeOwner>{first.id + 1000}, .name = "orphan"};
        const auto e = thrown<orm::integrity_error>([&] { db.insert(orphan); });
        CHECK(e.which() == orm::integrity_error::kind::foreign_key);
        CHECK(e.table() == "be_items");
        CHECK(e.operation() == "insert");
        BeItem fine{.owner = orm::ref<BeOwner>{first.id}, .name = "fine"};
        db.insert(fine);
        CHECK(db.select_all<BeItem>().size() == 1);
    }
    SECTION("not null") {
        auto c = db.acquire();
        const auto e = thrown<orm::integrity_error>([&] {
            exec(*c, "INSERT INTO be_items (owner_id, name) VALUES (:p1, NULL)", {orm::value{first.id}},
                 {"be_items", "insert"});
        });
        CHECK(e.which() == orm::integrity_error::kind::not_null);
        CHECK(e.table() == "be_items");
    }
    SECTION("check") {
        auto c = db.acquire();
        const auto e = thrown<orm::integrity_error>([&] {
            exec(*c, "INSERT INTO be_checked (id, qty) VALUES (1, -1)", {}, {"be_checked", "insert"});
        });
        CHECK(e.which() == orm::integrity_error::kind::check);
        CHECK(e.table() == "be_checked");
        exec(*c, "INSERT INTO be_checked (id, qty) VALUES (1, 1)");
        CHECK(query_int(*c, "SELECT COUNT(*) FROM be_checked") == 1);
    }
}

TEST_CASE("values a server cannot store are data errors", "[live][errors]") {
    if (!is_server(testlive::backend())) {
        SUCCEED("skipped on SQLite: it enforces neither declared text lengths nor integer ranges");
        return;
    }
    orm::database db = fresh_db();
    auto c = db.acquire();
    SECTION("text longer than its column") {
        const auto e = thrown<orm::data_error>([&] {
            exec(*c, "INSERT INTO be_sized (id, code) VALUES (1, 'ABCDEF')", {}, {"be_sized", "insert"});
        });
        CHECK(e.table() == "be_sized");
    }
    SECTION("a number out of the column's range") {
        const auto e = thrown<orm::data_error>([&] {
            exec(*c, "INSERT INTO be_sized (id, small) VALUES (1, :p1)", {orm::value{std::int64_t{70000}}},
                 {"be_sized", "insert"});
        });
        CHECK(e.operation() == "insert");
    }
    CHECK(query_int(*c, "SELECT COUNT(*) FROM be_sized") == 0);
}

TEST_CASE("two transactions locking two rows in opposite order: one gets a deadlock", "[live][errors]") {
    const backend_kind b = testlive::backend();
    if (!is_server(b)) {
        SUCCEED(
            "skipped on SQLite: one writer at a time, so a second writer is busy (tested below), never "
            "deadlocked");
        return;
    }
    orm::database db = fresh_db();
    auto a = db.acquire();
    auto o = db.acquire();
    bound_lock_waits(*a, b, 10);
    bound_lock_waits(*o, b, 10);
    a->begin();
    o->begin();
    const orm::statement_context ctx{"be_counters", "update"};
    exec(*a, "UPDATE be_counters SET n = n + 1 WHERE id = 1", {}, ctx);
    exec(*o, "UPDATE be_counters SET n = n + 10 WHERE id = 2", {}, ctx);

    std::exception_ptr a_error, o_error;
    std::thread side([&] {
        try {
            exec(*a, "UPDATE be_counters SET n = n + 1 WHERE id = 2", {}, ctx);
        } catch (...) {
            a_error = std::current_exception();
        }
    });
    std::this_thread::sleep_for(300ms);  // let the other side wait for row 2
    try {
        exec(*o, "UPDATE be_counters SET n = n + 10 WHERE id = 1", {}, ctx);
    } catch (...) {
        o_error = std::current_exception();
    }
    side.join();

    // Exactly one side is chosen as the victim; the other goes on and commits.
    REQUIRE((a_error == nullptr) != (o_error == nullptr));
    const std::exception_ptr error = a_error ? a_error : o_error;
    orm::connection& victim = a_error ? *a : *o;
    orm::connection& winner = a_error ? *o : *a;
    const auto e = thrown<orm::transient_error>([&] { std::rethrow_exception(error); });
    CHECK(e.which() == orm::transient_error::kind::deadlock);
    CHECK(e.table() == "be_counters");
    CHECK(e.operation() == "update");
    victim.rollback();
    winner.commit();
    const std::int64_t total = query_int(*a, "SELECT SUM(n) FROM be_counters");
    CHECK((total == 2 || total == 20));
}

TEST_CASE("a lock wait that runs out is a lock timeout", "[live][errors]") {
    const backend_kind b = testlive::backend();
    if (!is_server(b)) {
        SUCCEED("skipped on SQLite: a writer waiting for another gets 'busy' (tested below)");
        return;
    }
    orm::database db = fresh_db();
    auto holder = db.acquire();
    auto waiter = db.acquire();
    holder->begin();
    exec(*holder, "UPDATE be_counters SET n = 5 WHERE id = 1");
    waiter->begin();
    if (b == backend_kind::postgresql)
        exec(*waiter, "SET LOCAL lock_timeout = '200ms'");
    else
        exec(*waiter, "SET SESSION innodb_lock_wait_timeout = 1");
    const auto started = std::chrono::steady_clock::now();
    const auto e = thrown<orm::transient_error>([&] {
        exec(*waiter, "UPDATE be_counters SET n = 6 WHERE id = 1", {}, {"be_counters", "update"});
    });
    CHECK(e.which() == orm::transient_error::kind::lock_timeout);
    CHECK(e.table() == "be_counters");
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    waiter->rollback();
    holder->commit();
    CHECK(query_int(*waiter, "SELECT n FROM be_counters WHERE id = 1") == 5);
}

TEST_CASE("a second writer on SQLite with no busy timeout gets a busy error", "[live][errors]") {
    if (testlive::backend() != backend_kind::sqlite) {
        SUCCEED(
            "SQLite only: server databases make writers wait for row locks instead (lock timeout, above)");
        return;
    }
    (void)fresh_db();
    orm::config cfg = testlive::test_config();
    if (cfg.database == ":memory:") {
        SUCCEED("skipped for an in-memory database: it has a single connection");
        return;
    }
    std::erase_if(cfg.options, [](const auto& kv) { return kv.first == "busy_timeout"; });
    cfg.options.emplace_back("busy_timeout", "0");
    orm::database db = orm::database::open(cfg);
    auto first = db.acquire();
    auto second = db.acquire();
    first->begin();
    exec(*first, "UPDATE be_counters SET n = 1 WHERE id = 1");
    second->begin();
    const auto e = thrown<orm::transient_error>([&] {
        exec(*second, "UPDATE be_counters SET n = 2 WHERE id = 2", {}, {"be_counters", "update"});
    });
    CHECK(e.which() == orm::transient_error::kind::busy);
    CHECK(e.table() == "be_counters");
    second->rollback();
    first->commit();
    CHECK(query_int(*second, "SELECT SUM(n) FROM be_counters") == 1);
}

TEST_CASE("PostgreSQL: a write skew under SERIALIZABLE is a serialization failure", "[live][errors]") {
    if (testlive::backend() != backend_kind::postgresql) {
        SUCCEED(
            "PostgreSQL only: SERIALIZABLE there detects read/write dependencies (SSI); "
            "MariaDB's SERIALIZABLE locks instead (deadlock, above) and SQLite has one writer");
        return;
    }
    (void)fresh_db();
    // Two handles, as two processes would have.
    orm::database db1 = testlive::open_db();
    orm::database db2 = testlive::open_db();
    auto a = db1.acquire();
    auto o = db2.acquire();
    bound_lock_waits(*a, backend_kind::postgresql, 10);
    bound_lock_waits(*o, backend_kind::postgresql, 10);
    for (orm::connection* c : {&*a, &*o}) {
        exec(*c, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        c->begin();
    }
    // Each reads both rows, then writes the row the other read.
    CHECK(query_int(*a, "SELECT SUM(n) FROM be_counters") == 0);
    CHECK(query_int(*o, "SELECT SUM(n) FROM be_counters") == 0);
    exec(*a, "UPDATE be_counters SET n = 1 WHERE id = 1");
    a->commit();
    // The first committer wins; the second fails at its write or its commit.
    const auto e = thrown<orm::transient_error>([&] {
        exec(*o, "UPDATE be_counters SET n = 1 WHERE id = 2", {}, {"be_counters", "update"});
        o->commit();
    });
    CHECK(e.which() == orm::transient_error::kind::serialization_failure);
    if (o->in_transaction()) o->rollback();
    CHECK(query_int(*o, "SELECT SUM(n) FROM be_counters") == 1);
}

TEST_CASE("a write in a read-only session is a read-only error", "[live][errors]") {
    const backend_kind b = testlive::backend();
    if (!is_server(b)) {
        SUCCEED("skipped on SQLite: a read-only file is an operating-system matter, not a server state");
        return;
    }
    orm::database db = fresh_db();
    auto c = db.acquire();
    // What a hot standby or a read-only replica answers to a write.
    exec(*c, b == backend_kind::postgresql ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
                                           : "SET SESSION TRANSACTION READ ONLY");
    const auto e = thrown<orm::read_only_error>([&] {
        exec(*c, "UPDATE be_counters SET n = 3 WHERE id = 1", {}, {"be_counters", "update"});
    });
    CHECK(e.table() == "be_counters");
    CHECK(e.operation() == "update");
    exec(*c, b == backend_kind::postgresql ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"
                                           : "SET SESSION TRANSACTION READ WRITE");
    exec(*c, "UPDATE be_counters SET n = 3 WHERE id = 1");
    CHECK(query_int(*c, "SELECT n FROM be_counters WHERE id = 1") == 3);
}

TEST_CASE("a connection the server ended is a connection error", "[live][errors]") {
    const backend_kind b = testlive::backend();
    if (!is_server(b)) {
        SUCCEED("skipped on SQLite: an embedded database has no server to lose");
        return;
    }
    orm::database db = fresh_db();
    auto victim = db.acquire();
    auto killer = db.acquire();
    if (b == backend_kind::postgresql) {
        const std::int64_t pid = query_int(*victim, "SELECT pg_backend_pid()");
        // Waits up to 5 s for the backend to be gone.
        CHECK(query_int(*killer, "SELECT CASE WHEN pg_terminate_backend(" + std::to_string(pid) +
                                     ", 5000) THEN 1 ELSE 0 END") == 1);
    } else {
        const std::int64_t id = query_int(*victim, "SELECT CONNECTION_ID()");
        exec(*killer, "KILL CONNECTION " + std::to_string(id));
    }
    const auto e = thrown<orm::connection_error>([&] {
        exec(*victim, "UPDATE be_counters SET n = 4 WHERE id = 1", {}, {"be_counters", "update"});
    });
    CHECK(e.table() == "be_counters");
    // Still lost on the next statement, and the other connection is unaffected.
    CHECK_THROWS_AS(query_int(*victim, "SELECT 1"), orm::connection_error);
    CHECK(query_int(*killer, "SELECT n FROM be_counters WHERE id = 1") == 0);
}

TEST_CASE("failing to connect is a connection error naming the server, never the password",
          "[live][errors]") {
    const orm::config good = testlive::test_config();
    // Quotes, a backslash and a space: also proves the connect string quoting.
    const std::string password = "Zq9' sec\\ret-7xK";

    auto check_refused = [&](const orm::config& cfg) {
        const auto e = thrown<orm::connection_error>([&] { (void)orm::database::open(cfg); });
        const std::string msg = e.what();
        INFO(msg);
        CHECK(e.operation() == "connect");
        CHECK(msg.find("'" + cfg.database + "'") != std::string::npos);
        if (is_server(cfg.backend)) {
            CHECK(msg.find(cfg.host + ":" + std::to_string(cfg.port.value_or(0))) != std::string::npos);
            CHECK(msg.find("Malformed") == std::string::npos);  // SOCI parsed the quoted values
        }
        CHECK(msg.find("Zq9") == std::string::npos);
        CHECK(msg.find("7xK") == std::string::npos);
    };

    if (!is_server(good.backend)) {
        orm::config cfg = good;
        cfg.database = "/nonexistent-directory-for-cormorant/sub/db.sqlite";
        check_refused(cfg);
        return;
    }
    REQUIRE(good.port.has_value());
    SECTION("server down (nothing listens on the port)") {
        orm::config cfg = good;
        cfg.port = 1;
        cfg.password = password;
        check_refused(cfg);
    }
    SECTION("wrong password") {
        orm::config cfg = good;
        cfg.password = password;
        check_refused(cfg);
    }
    SECTION("unknown database") {
        orm::config cfg = good;
        cfg.database = "cormorant_no_such_database";
        cfg.password = good.password;
        check_refused(cfg);
    }
}
