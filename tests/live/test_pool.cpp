// The connection pool under threads: many short transactions through one
// shared database, leases dropped inside a transaction, the pool size and the
// acquire timeout, and connections killed on the server.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <latch>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/live.hpp"

namespace pool_models {

/// One row per (worker, seq): a lost or doubled transaction shows as a
/// missing row or a unique violation.
struct PoolRow {
    std::int64_t id = 0;
    std::int32_t worker = 0;
    std::int32_t seq = 0;
};

}  // namespace pool_models

template <>
struct cormorant::model_traits<pool_models::PoolRow> {
    static constexpr std::string_view table = "pool_rows";
    static constexpr auto unique =
        cormorant::columns(&pool_models::PoolRow::worker, &pool_models::PoolRow::seq);
};

namespace {

namespace orm = cormorant;
using pool_models::PoolRow;
using namespace std::chrono_literals;

/// The URL under test with pool options set (replacing any it has).
orm::config with_pool(std::initializer_list<std::pair<std::string, std::string>> options) {
    orm::config cfg = testlive::test_config();
    for (const auto& [key, value] : options) {
        std::erase_if(cfg.options, [&](const auto& kv) { return kv.first == key; });
        cfg.options.emplace_back(key, value);
    }
    return cfg;
}

bool in_memory() {
    const orm::config cfg = testlive::test_config();
    return cfg.backend == orm::backend_kind::sqlite && cfg.database == ":memory:";
}

/// Inserts one row through this connection, inside whatever transaction it has open.
void insert_on(orm::connection& c, PoolRow& row) {
    void* object = &row;
    orm::detail::insert_objects(c, orm::table_of<PoolRow>(), std::span<void* const>(&object, 1));
}

/// Polls `done` (no timing assumption: the bound only keeps a broken pool
/// from hanging the suite).
bool eventually(const std::function<bool()>& done) {
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::yield();
    }
    return true;
}

}  // namespace

TEST_CASE("8 threads x 200 short transactions through one database", "[live][pool]") {
    if (in_memory()) {
        SUCCEED(
            "sqlite://:memory: has a pool of one connection: there is no sharing between threads to test");
        return;
    }
    constexpr int threads = 8;
    constexpr int per_thread = 200;
    orm::database db = orm::database::open(with_pool({{"pool_size", "8"}}));
    REQUIRE(db.pool_size() == 8);
    db.drop_all<PoolRow>();
    db.create_all<PoolRow>();

    // SQLite has a single writer. Each transaction here writes with its first
    // statement, so a writer that finds the lock taken waits in SQLite's busy
    // handler (busy_timeout, 5000 ms by default) and no retry is needed: any
    // exception, transient_error included, fails the test.
    std::mutex mutex;
    std::vector<std::string> errors;
    std::atomic<int> lent{0};
    std::atomic<int> most_lent{0};
    std::latch start(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            try {
                for (int seq = 0; seq < per_thread; ++seq) {
                    orm::pooled_connection c = db.acquire();
                    const int now = ++lent;
                    for (int m = most_lent.load(); now > m && !most_lent.compare_exchange_weak(m, now);) {
                    }
                    c->begin();
                    PoolRow row{.worker = t, .seq = seq};
                    insert_on(*c, row);
                    c->commit();
                    --lent;
                    if (row.id <= 0)
                        throw std::runtime_error("no generated key for seq " + std::to_string(seq));
                }
            } catch (const std::exception& e) {
                const std::lock_guard lock(mutex);
                errors.push_back("thread " + std::to_string(t) + ": " + e.what());
            }
        });
    }
    for (std::thread& w : workers) w.join();

    for (const std::string& e : errors) UNSCOPED_INFO(e);
    CHECK(errors.empty());
    INFO("at most " << most_lent.load() << " connections were lent out at once; " << db.size() << " opened");

    const std::vector<PoolRow> rows = db.select_all<PoolRow>();
    CHECK(rows.size() == threads * per_thread);
    std::set<std::pair<int, int>> pairs;
    std::set<std::int64_t> ids;
    for (const PoolRow& r : rows) {
        CHECK(r.worker >= 0);
        CHECK(r.worker < threads);
        CHECK(r.seq >= 0);
        CHECK(r.seq < per_thread);
        pairs.emplace(r.worker, r.seq);
        ids.insert(r.id);
    }
    CHECK(pairs.size() == threads * per_thread);
    CHECK(ids.size() == threads * per_thread);

    // Every connection is back.
    CHECK(db.size() >= 1);
    CHECK(db.size() <= 8);
    CHECK(db.idle() == db.size());
    CHECK(db.waiting() == 0);
    CHECK(most_lent.load() <= 8);
}

TEST_CASE("a lease dropped inside a transaction leaves no open transaction behind", "[live][pool]") {
    // One connection, so the next lease is certainly the same connection.
    orm::database db = orm::database::open(with_pool({{"pool_size", "1"}}));
    db.drop_all<PoolRow>();
    db.create_all<PoolRow>();

    const orm::connection* first = nullptr;
    try {
        orm::pooled_connection c = db.acquire();
        first = &*c;
        c->begin();
        PoolRow row{.worker = 1, .seq = 1};
        insert_on(*c, row);
        throw std::runtime_error("the work failed half way");
    } catch (const std::runtime_error&) {
    }
    CHECK(db.size() == 1);
    CHECK(db.idle() == 1);

    {
        orm::pooled_connection c = db.acquire();
        CHECK(&*c == first);
        CHECK_FALSE(c->in_transaction());
        // Had the first transaction stayed open, this BEGIN would fail on
        // SQLite, and on PostgreSQL and MariaDB the COMMIT would write both rows.
        c->begin();
        PoolRow row{.worker = 2, .seq = 2};
        insert_on(*c, row);
        c->commit();
    }

    const std::vector<PoolRow> rows = db.select_all<PoolRow>();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].worker == 2);

    if (!in_memory()) {
        // Seen from a connection outside the pool as well.
        auto other = orm::connection::open(testlive::test_config());
        std::int64_t n = -1;
        const orm::sql_type types[] = {orm::sql_type::int64};
        other->query("SELECT COUNT(*) FROM " + db.dialect().quote("pool_rows"), {}, types,
                     [&](std::span<orm::value> row) { n = row[0].as_int(); });
        CHECK(n == 1);
    }

    SECTION("release() inside a transaction rolls back too") {
        orm::pooled_connection c = db.acquire();
        c->begin();
        PoolRow row{.worker = 3, .seq = 3};
        insert_on(*c, row);
        c.release();
        CHECK_FALSE(c);
        CHECK(db.select_all<PoolRow>().size() == 1);
        CHECK_FALSE(db.acquire()->in_transaction());
    }
}

TEST_CASE("pool_size bounds the connections: a further acquire waits until one is given back",
          "[live][pool]") {
    if (in_memory()) {
        SUCCEED("sqlite://:memory: has a pool of one connection; the next test covers waiting with one");
        return;
    }
    // A long timeout: the waiting thread must be woken by the give-back, not time out.
    orm::database db = orm::database::open(with_pool({{"pool_size", "2"}, {"pool_timeout", "120"}}));
    orm::pooled_connection a = db.acquire();
    orm::pooled_connection b = db.acquire();
    CHECK(db.size() == 2);
    CHECK(db.idle() == 0);
    const orm::connection* a_conn = &*a;

    std::atomic<bool> given_back{false};
    std::atomic<bool> got_it_early{false};
    std::atomic<const orm::connection*> got{nullptr};
    std::string error;
    std::thread third([&] {
        try {
            orm::pooled_connection c = db.acquire();
            if (!given_back.load()) got_it_early = true;
            got = &*c;
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    // The third thread is parked in acquire (it counts itself as waiting
    // under the pool's lock, in the same step as it starts to wait).
    const bool parked = eventually([&] { return db.waiting() == 1; });
    CHECK(parked);
    CHECK(db.size() == 2);  // no third connection was opened for it
    given_back = true;
    a.release();
    third.join();

    CHECK(error.empty());
    CHECK_FALSE(got_it_early);
    CHECK(got.load() == a_conn);
    CHECK(db.size() == 2);
    CHECK(db.idle() == 1);  // b is still lent out
    CHECK(db.waiting() == 0);
}

TEST_CASE("acquire gives up after pool_timeout with connection_error", "[live][pool]") {
    orm::database db = orm::database::open(with_pool({{"pool_size", "1"}, {"pool_timeout", "1"}}));
    orm::pooled_connection held = db.acquire();

    bool timed_out = false;
    std::string message;
    std::chrono::steady_clock::duration waited{};
    std::thread other([&] {
        const auto start = std::chrono::steady_clock::now();
        try {
            orm::pooled_connection c = db.acquire();
        } catch (const orm::connection_error& e) {
            timed_out = true;
            message = e.what();
        } catch (const std::exception& e) {
            message = e.what();
        }
        waited = std::chrono::steady_clock::now() - start;
    });
    other.join();

    INFO(message);
    CHECK(timed_out);
    CHECK(message.find("no connection free in the pool of 1 after 1 s") != std::string::npos);
    CHECK(waited >= 1s);
    CHECK(db.size() == 1);
    CHECK(db.waiting() == 0);

    held.release();
    CHECK(db.acquire());
}

TEST_CASE("a thread that holds every connection gets an error at once instead of waiting forever",
          "[live][pool]") {
    // The default timeout is 30 s; the error must not wait for it.
    orm::database db = orm::database::open(with_pool({{"pool_size", "1"}}));
    db.drop_all<PoolRow>();
    db.create_all<PoolRow>();
    orm::pooled_connection held = db.acquire();
    const auto start = std::chrono::steady_clock::now();
    try {
        PoolRow row{.worker = 1, .seq = 1};
        db.insert(row);  // borrows a second connection
        FAIL("insert found a connection");
    } catch (const orm::connection_error& e) {
        CHECK(std::string(e.what()).find("this thread holds all of them") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start < 10s);
    held.release();
    PoolRow row{.worker = 1, .seq = 1};
    db.insert(row);
    CHECK(db.select_all<PoolRow>().size() == 1);
}

TEST_CASE("a killed connection is replaced and the database keeps working", "[live][pool]") {
    if (testlive::backend() == orm::backend_kind::sqlite) {
        SUCCEED("SQLite runs inside this process: there is no server session that could be killed or lost");
        return;
    }
    orm::database db = orm::database::open(with_pool({{"pool_size", "2"}}));
    db.drop_all<PoolRow>();
    db.create_all<PoolRow>();

    SECTION("killed while lent out: the statement fails, the connection is closed on its return") {
        orm::pooled_connection victim = db.acquire();
        const std::int64_t id = testlive::server_session_id(*victim);
        {
            orm::pooled_connection killer = db.acquire();
            testlive::end_server_session(*killer, id);
        }
        REQUIRE(db.size() == 2);
        CHECK_THROWS_AS(victim->execute("SELECT 1", {}), orm::connection_error);
        CHECK(victim->lost());
        CHECK_FALSE(victim->alive());
        victim.release();
        CHECK(db.size() == 1);  // closed, not kept
        CHECK(db.idle() == 1);

        // Both connections of the pool work: the survivor and a new one.
        orm::pooled_connection c1 = db.acquire();
        orm::pooled_connection c2 = db.acquire();
        CHECK(db.size() == 2);
        CHECK(testlive::server_session_id(*c1) != id);
        CHECK(testlive::server_session_id(*c2) != id);
        CHECK(c1->alive());
        CHECK(c2->alive());
    }

    SECTION("killed while idle: the next acquire lends a live connection instead") {
        std::int64_t id = -1;
        {
            orm::pooled_connection c = db.acquire();
            id = testlive::server_session_id(*c);
        }
        REQUIRE(db.size() == 1);
        // From outside the pool, so that the victim is the pool's only connection.
        auto killer =
            orm::connection::open(orm::pool_settings::without_pool_options(testlive::test_config()));
        testlive::end_server_session(*killer, id);
        // A connection idle for a second or more is pinged before it is lent
        // out (pool.hpp); let the victim sit idle past that.
        std::this_thread::sleep_for(1200ms);
        orm::pooled_connection c = db.acquire();
        CHECK(testlive::server_session_id(*c) != id);
        CHECK(db.size() == 1);
    }

    // The database keeps working.
    PoolRow row{.worker = 7, .seq = 7};
    db.insert(row);
    CHECK(row.id > 0);
    CHECK(db.select_all<PoolRow>().size() == 1);
    CHECK(db.idle() == db.size());
}
