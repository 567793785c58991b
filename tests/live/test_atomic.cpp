// Atomic blocks on every backend: one test per behaviour of the atomic
// specification (named by its number), then the memory cases: a rolled-back
// block puts the session's objects back as they were when it began.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "support/live.hpp"
#include "support/session_models.hpp"
#include "support/sql_log.hpp"

using namespace sessionmodels;
using namespace std::chrono_literals;
namespace orm = cormorant;
using orm::backend_kind;

namespace {

/// An exception that is not cormorant's, to prove it passes through unchanged.
struct boom {
    int code = 7;
};

orm::database fresh_db() {
    auto db = testlive::open_db();
    db.drop_all<Novel, Writer, Publisher, Account>();
    db.create_all<Novel, Writer, Publisher, Account>();
    return db;
}

/// Committed rows of T, read on a connection of its own.
template <class T>
std::size_t rows_of(orm::database& db) {
    return db.select_all<T>().size();
}

std::vector<std::string> publisher_names(orm::database& db) {
    std::vector<std::string> out;
    for (const Publisher& p : db.select_all<Publisher>()) out.push_back(p.name);
    std::sort(out.begin(), out.end());
    return out;
}

std::int64_t balance_in_db(orm::database& db, std::int64_t id) {
    auto row = db.find<Account>(id);
    REQUIRE(row);
    return row->balance;
}

/// Fails a raw statement on the session's connection: an error no savepoint isolates.
void fail_a_statement(orm::session& s) {
    s.use_connection([](orm::connection& c) { c.execute("SELECT * FROM atomic_no_such_table", {}); });
}

/// Makes lock waits on the session's connection give up quickly.
void short_lock_wait(orm::session& s) {
    s.use_connection([](orm::connection& c) {
        switch (c.backend()) {
            case backend_kind::sqlite:
                c.execute("PRAGMA busy_timeout = 100", {});
                break;
            case backend_kind::postgresql:
                c.execute("SET LOCAL lock_timeout = '200ms'", {});
                break;
            case backend_kind::mysql:
                c.execute("SET SESSION innodb_lock_wait_timeout = 1", {});
                break;
        }
    });
}

bool is_server() {
    return testlive::backend() != backend_kind::sqlite;
}

}  // namespace

// ------------------------------------------------------------------ blocks

TEST_CASE("atomic 1: the outermost block begins, flushes and commits; an exception rolls back",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);

    auto p = s.atomic([&] { return s.add(Publisher{.name = "Ace"}); });
    REQUIRE(log.statements.size() >= 3);
    CHECK(log.count_starting("BEGIN") + log.count_starting("START TRANSACTION") == 1);
    CHECK(log.count_starting("INSERT") == 1);
    CHECK(log.statements.back() == "COMMIT");
    CHECK(log.count_starting("SAVEPOINT") == 0);  // the exit flush needs no savepoint of its own
    CHECK(s.state_of(p) == orm::object_state::persistent);
    CHECK(publisher_names(db) == std::vector<std::string>{"Ace"});

    log.statements.clear();
    try {
        s.atomic([&] {
            s.add(Publisher{.name = "Bantam"});
            s.flush();
            throw boom{42};
        });
        FAIL("the exception did not propagate");
    } catch (const boom& b) {
        CHECK(b.code == 42);  // the same exception, unchanged
    }
    CHECK(log.statements.back() == "ROLLBACK");
    CHECK(publisher_names(db) == std::vector<std::string>{"Ace"});
    CHECK_FALSE(s.in_atomic_block());

    // The guard form does the same.
    {
        auto tx = s.atomic();
        CHECK(s.in_atomic_block());
        s.add(Publisher{.name = "Corgi"});
        tx.commit();
    }
    CHECK(publisher_names(db) == std::vector<std::string>{"Ace", "Corgi"});
}

TEST_CASE("atomic 2: an inner block is a savepoint; the outer block catches its failure and goes on",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);
    s.atomic([&] {
        s.add(Publisher{.name = "before"});
        s.flush();
        s.atomic([&] { s.add(Publisher{.name = "kept"}); });
        CHECK(log.contains("RELEASE SAVEPOINT cormorant_sp1"));
        try {
            s.atomic([&] {
                s.add(Publisher{.name = "undone"});
                s.flush();
                throw boom{};
            });
        } catch (const boom&) {
        }
        CHECK(log.contains("ROLLBACK TO SAVEPOINT cormorant_sp2"));
        CHECK(log.contains("RELEASE SAVEPOINT cormorant_sp2"));
        s.add(Publisher{.name = "after"});
    });
    CHECK(publisher_names(db) == std::vector<std::string>{"after", "before", "kept"});
}

TEST_CASE("atomic 3: a completed inner block is undone when the outer block rolls back", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    CHECK_THROWS_AS(s.atomic([&] {
        s.atomic([&] { s.add(Publisher{.name = "inner"}); });
        throw boom{};
    }),
                    boom);
    CHECK(rows_of<Publisher>(db) == 0);
}

TEST_CASE("atomic 4: savepoint=false marks the enclosing transaction for rollback even when caught",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);

    SECTION("the outermost block rolls back") {
        s.atomic([&] {
            s.add(Publisher{.name = "outer"});
            s.flush();
            try {
                s.atomic({.savepoint = false}, [&] { throw boom{}; });
            } catch (const boom&) {
            }
            CHECK(s.get_rollback());
        });
        CHECK(log.count_starting("SAVEPOINT cormorant_sp") == 0);
        CHECK(log.statements.back() == "ROLLBACK");
        CHECK(rows_of<Publisher>(db) == 0);
    }
    SECTION("the nearest block with a savepoint rolls back") {
        s.atomic([&] {
            s.atomic([&] {
                s.add(Publisher{.name = "middle"});
                s.flush();
                try {
                    s.atomic({.savepoint = false}, [&] { throw boom{}; });
                } catch (const boom&) {
                }
            });
            CHECK_FALSE(s.get_rollback());
            s.add(Publisher{.name = "outer"});
        });
        CHECK(publisher_names(db) == std::vector<std::string>{"outer"});
    }
}

TEST_CASE("atomic 5: while the transaction is marked for rollback, nested blocks create no savepoint",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);
    s.atomic([&] {
        s.set_rollback(true);
        s.atomic([&] { CHECK(s.in_atomic_block()); });
        CHECK(s.get_rollback());
    });
    CHECK(log.count_starting("SAVEPOINT") == 0);
}

TEST_CASE("atomic 6: after an error no savepoint isolated, statements throw transaction_error with the cause",
          "[live][atomic]") {
    auto db = fresh_db();
    Publisher p{.name = "Ace"};
    db.insert(p);
    orm::session s{db};
    s.atomic([&] {
        CHECK_THROWS_AS(fail_a_statement(s), orm::database_error);
        try {
            s.get<Publisher>(p.id);
            FAIL("a statement ran in a broken transaction");
        } catch (const orm::transaction_error& e) {
            CHECK(std::string(e.what()).find("no statement can run until the end of the atomic block") !=
                  std::string::npos);
            REQUIRE(e.cause());
            CHECK_THROWS_AS(std::rethrow_exception(e.cause()), orm::database_error);
        }
        s.add(Publisher{.name = "never"});
    });
    // The block ended normally but was marked: it rolled back, the next one works.
    CHECK(publisher_names(db) == std::vector<std::string>{"Ace"});
    s.atomic([&] { CHECK(s.get<Publisher>(p.id)); });
}

TEST_CASE("atomic 7: set_rollback rolls back the innermost savepoint block without an exception",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    CHECK_THROWS_AS(s.set_rollback(true), orm::transaction_error);
    CHECK_THROWS_AS(s.get_rollback(), orm::transaction_error);
    s.atomic([&] {
        s.add(Publisher{.name = "outer"});
        s.atomic([&] {
            s.add(Publisher{.name = "rolled back"});
            s.flush();
            CHECK_FALSE(s.get_rollback());
            s.set_rollback(true);
            CHECK(s.get_rollback());
        });
        CHECK_FALSE(s.get_rollback());
        s.atomic([&] {
            s.add(Publisher{.name = "cleared"});
            s.set_rollback(true);
            s.set_rollback(false);
        });
    });
    CHECK(publisher_names(db) == std::vector<std::string>{"cleared", "outer"});
}

TEST_CASE("atomic 8: the session's commit() and rollback() throw inside a block", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    s.atomic([&] {
        s.add(Publisher{.name = "kept"});
        CHECK_THROWS_AS(s.commit(), orm::transaction_error);
        CHECK_THROWS_AS(s.rollback(), orm::transaction_error);
    });
    CHECK(rows_of<Publisher>(db) == 1);
}

TEST_CASE("atomic 9: a failing COMMIT rolls back and throws; no savepoint leaks", "[live][atomic]") {
    auto db = fresh_db();
    const backend_kind b = testlive::backend();
    {
        auto c = db.acquire();
        c->execute("DROP TABLE IF EXISTS atomic_deferred", {});
        if (b !=
            backend_kind::mysql)  // MySQL has no deferred constraints: a lost connection fails its COMMIT
            c->execute(
                "CREATE TABLE atomic_deferred (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES "
                "atomic_deferred (id) DEFERRABLE INITIALLY DEFERRED)",
                {});
    }
    orm::session s{db};
    orm::handle<Publisher> p;
    auto killer = db.acquire();
    try {
        s.atomic([&] {
            p = s.add(Publisher{.name = "lost"});
            s.atomic([&] { s.flush(); });
            CHECK(p->id != 0);
            if (b == backend_kind::mysql) {
                std::int64_t id = 0;
                s.use_connection([&](orm::connection& c) { id = testlive::server_session_id(c); });
                testlive::end_server_session(*killer, id);
            } else {
                // Checked only at COMMIT: parent 99 does not exist.
                s.use_connection([](orm::connection& c) {
                    c.execute("INSERT INTO atomic_deferred (id, parent) VALUES (1, 99)", {});
                });
            }
        });
        FAIL("the COMMIT did not fail");
    } catch (const orm::database_error& e) {
        if (b == backend_kind::mysql)
            CHECK(dynamic_cast<const orm::connection_error*>(&e));
        else
            CHECK(dynamic_cast<const orm::integrity_error*>(&e));
    }
    CHECK_FALSE(s.in_atomic_block());
    CHECK(rows_of<Publisher>(db) == 0);
    CHECK(s.state_of(p) == orm::object_state::detached);
    CHECK(p->id == 0);
    if (b != backend_kind::mysql)
        CHECK(testlive::query_text(*killer, "SELECT COUNT(*) FROM atomic_deferred") == "0");

    // A fresh block starts from an empty savepoint stack.
    testlive::sql_log log;
    log.attach(s);
    s.atomic([&] { s.atomic([&] { s.add(Publisher{.name = "next"}); }); });
    CHECK(log.count_starting("SAVEPOINT cormorant_sp") == 1);
    CHECK(log.count_starting("RELEASE SAVEPOINT cormorant_sp") == 1);
    CHECK(publisher_names(db) == std::vector<std::string>{"next"});
    killer->execute("DROP TABLE IF EXISTS atomic_deferred", {});
}

TEST_CASE("atomic 9: a failing RELEASE rolls the block back and throws", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);
    s.atomic([&] {
        s.add(Publisher{.name = "outer"});
        try {
            s.atomic([&] {
                const auto sp = std::find_if(
                    log.statements.rbegin(), log.statements.rend(),
                    [](const std::string& q) { return q.rfind("SAVEPOINT cormorant_sp", 0) == 0; });
                REQUIRE(sp != log.statements.rend());
                // Released behind the block's back: its own RELEASE then fails.
                s.use_connection([&](orm::connection& c) { c.execute("RELEASE " + *sp, {}); });
                s.add(Publisher{.name = "inner"});
            });
            FAIL("the RELEASE did not fail");
        } catch (const orm::database_error&) {
            CHECK(s.get_rollback());  // no savepoint was left to isolate the failure
        }
    });
    CHECK_FALSE(s.in_atomic_block());
    CHECK(rows_of<Publisher>(db) == 0);
    s.atomic([&] { s.add(Publisher{.name = "next"}); });
    CHECK(publisher_names(db) == std::vector<std::string>{"next"});
}

TEST_CASE("atomic 10: durable blocks are outermost only", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    s.atomic([&] { CHECK_THROWS_AS(s.atomic({.durable = true}, [] {}), orm::transaction_error); });
    s.atomic({.durable = true}, [&] {
        s.add(Publisher{.name = "one"});
        s.atomic([&] { s.add(Publisher{.name = "inner"}); });
    });
    s.atomic({.durable = true}, [&] { s.add(Publisher{.name = "two"}); });
    CHECK(publisher_names(db) == std::vector<std::string>{"inner", "one", "two"});
}

TEST_CASE("atomic 11: a connection lost inside a block fails it cleanly", "[live][atomic]") {
    if (!is_server()) {
        SUCCEED("skipped on SQLite: an embedded database has no connection to lose");
        return;
    }
    auto db = fresh_db();
    orm::session s{db};
    auto killer = db.acquire();
    orm::handle<Publisher> p;
    CHECK_THROWS_AS(s.atomic([&] {
        s.add(Publisher{.name = "first"});
        s.flush();
        std::int64_t id = 0;
        s.use_connection([&](orm::connection& c) { id = testlive::server_session_id(c); });
        testlive::end_server_session(*killer, id);
        p = s.add(Publisher{.name = "second"});
        s.flush();
    }),
                    orm::connection_error);
    CHECK_FALSE(s.in_atomic_block());
    CHECK(rows_of<Publisher>(db) == 0);
    CHECK(s.state_of(p) == orm::object_state::detached);
    // The session works again, on another connection.
    s.atomic([&] { s.add(Publisher{.name = "again"}); });
    CHECK(publisher_names(db) == std::vector<std::string>{"again"});
}

// ------------------------------------------------------------------ on_commit

TEST_CASE("atomic 12: outside any block on_commit runs at once", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    int ran = 0;
    s.on_commit([&] { ++ran; });
    CHECK(ran == 1);
}

TEST_CASE("atomic 13: callbacks run after the outermost commit, in registration order", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<int> ran;
    s.atomic([&] {
        s.on_commit([&] { ran.push_back(1); });
        s.atomic([&] { s.on_commit([&] { ran.push_back(2); }); });
        CHECK(ran.empty());  // never at an inner block's exit
        s.on_commit([&] { ran.push_back(3); });
        CHECK(ran.empty());
    });
    CHECK(ran == std::vector<int>{1, 2, 3});
}

TEST_CASE("atomic 14: a rollback drops exactly the callbacks registered under it", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<int> ran;

    SECTION("success, fail, success -> 1, 3") {
        s.atomic([&] {
            s.atomic([&] { s.on_commit([&] { ran.push_back(1); }); });
            try {
                s.atomic([&] {
                    s.on_commit([&] { ran.push_back(2); });
                    throw boom{};
                });
            } catch (const boom&) {
            }
            s.atomic([&] { s.on_commit([&] { ran.push_back(3); }); });
        });
        CHECK(ran == std::vector<int>{1, 3});
    }
    SECTION("a full rollback drops them all") {
        CHECK_THROWS_AS(s.atomic([&] {
            s.on_commit([&] { ran.push_back(1); });
            s.atomic([&] { s.on_commit([&] { ran.push_back(2); }); });
            throw boom{};
        }),
                        boom);
        s.atomic([] {});
        CHECK(ran.empty());
    }
    SECTION("callbacks of a released block go with its parent") {
        s.atomic([&] {
            try {
                s.atomic([&] {
                    s.atomic([&] { s.on_commit([&] { ran.push_back(4); }); });
                    throw boom{};
                });
            } catch (const boom&) {
            }
            s.on_commit([&] { ran.push_back(5); });
        });
        CHECK(ran == std::vector<int>{5});
    }
}

TEST_CASE("atomic 15: a failed savepoint=false block drops the enclosing savepoint block's callbacks",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<int> ran;
    s.atomic([&] {
        s.atomic([&] {
            s.on_commit([&] { ran.push_back(1); });
            try {
                s.atomic({.savepoint = false}, [&] {
                    s.on_commit([&] { ran.push_back(2); });
                    throw boom{};
                });
            } catch (const boom&) {
            }
        });
        s.on_commit([&] { ran.push_back(3); });
    });
    CHECK(ran == std::vector<int>{3});
}

TEST_CASE("atomic 16: a throwing callback propagates after the commit; robust ones are reported",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<int> ran;

    SECTION("not robust: the data stays committed, later callbacks do not run") {
        CHECK_THROWS_AS(s.atomic([&] {
            s.add(Publisher{.name = "committed"});
            s.on_commit([&] { ran.push_back(1); });
            s.on_commit([] { throw boom{}; });
            s.on_commit([&] { ran.push_back(3); });
        }),
                        boom);
        CHECK(publisher_names(db) == std::vector<std::string>{"committed"});
        CHECK(ran == std::vector<int>{1});
        s.atomic([] {});  // the list was cleared
        CHECK(ran == std::vector<int>{1});
        CHECK_FALSE(s.in_atomic_block());
    }
    SECTION("robust: the error goes to the diagnostic handler and the rest run") {
        std::vector<std::string> reported;
        orm::set_diagnostic_handler([&](std::string_view m) { reported.emplace_back(m); });
        s.atomic([&] {
            s.on_commit([] { throw std::runtime_error("mail server down"); }, /*robust=*/true);
            s.on_commit([&] { ran.push_back(2); });
        });
        orm::set_diagnostic_handler({});
        CHECK(ran == std::vector<int>{2});
        REQUIRE(reported.size() == 1);
        CHECK(reported[0].find("mail server down") != std::string::npos);
    }
}

TEST_CASE("atomic 17: callbacks may run queries and open new blocks", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    std::size_t seen = 0;
    s.atomic([&] {
        s.add(Publisher{.name = "first"});
        s.on_commit([&] {
            seen = s.all<Publisher>().size();
            s.atomic([&] { s.add(Publisher{.name = "from the callback"}); });
        });
    });
    CHECK(seen == 1);
    CHECK(publisher_names(db) == std::vector<std::string>{"first", "from the callback"});
}

// ------------------------------------------------------------------ memory

TEST_CASE("atomic 18: entering a block flushes pending changes first", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    auto p = s.add(Publisher{.name = "pending"});
    CHECK_THROWS_AS(s.atomic([&] {
        CHECK(s.state_of(p) == orm::object_state::persistent);
        CHECK(p->id != 0);
        throw boom{};
    }),
                    boom);
    // Written before the block began, so its rollback kept it.
    CHECK(s.state_of(p) == orm::object_state::persistent);
    CHECK(publisher_names(db) == std::vector<std::string>{"pending"});
}

TEST_CASE("atomic 19: a rolled-back block restores every tracked object", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    auto house = s.add(Publisher{.name = "House"});
    auto old_writer = s.add(Writer{.publisher = house, .name = "Old", .email = "old@example.com"});
    auto novel = s.add(Novel{.writer = old_writer, .title = "Kept", .pages = 100});
    auto gone = s.add(Publisher{.name = "to remove"});
    s.commit();
    const std::int64_t novel_id = novel->id;

    orm::handle<Writer> new_writer;
    auto run_block = [&](auto how) {
        s.atomic([&] {
            novel->title = "Changed";
            novel->pages = 999;
            new_writer = s.add(Writer{.publisher = house, .name = "New", .email = "new@example.com"});
            novel->writer = new_writer;
            s.remove(gone);
            s.flush();
            CHECK(new_writer->id != 0);
            CHECK(s.state_of(gone) == orm::object_state::deleted);
            old_writer->rating = 4.5;  // changed, never flushed
            how();
        });
    };

    SECTION("by an exception") {
        CHECK_THROWS_AS(run_block([] { throw boom{}; }), boom);
    }
    SECTION("by set_rollback") {
        run_block([&] { s.set_rollback(true); });
    }
    SECTION("by a failed flush") {
        // A duplicate email: the exit flush fails and rolls the block back.
        CHECK_THROWS_AS(
            run_block([&] { s.add(Writer{.publisher = house, .name = "Dup", .email = "old@example.com"}); }),
            orm::integrity_error);
    }
    CHECK(novel->title == "Kept");
    CHECK(novel->pages == 100);
    CHECK(novel->writer.target() == old_writer);  // the ref points where it pointed
    CHECK(novel->id == novel_id);
    CHECK(old_writer->rating == 0);
    CHECK(s.state_of(new_writer) == orm::object_state::detached);
    CHECK(new_writer->id == 0);
    CHECK(s.state_of(gone) == orm::object_state::persistent);
    CHECK(s.get<Publisher>(gone->id) == gone);
    CHECK(rows_of<Publisher>(db) == 2);
    CHECK(rows_of<Writer>(db) == 1);
    CHECK(db.find<Novel>(novel_id)->title == "Kept");
}

TEST_CASE("atomic 20: after any rollback a flush with nothing changed writes nothing", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    auto a = s.add(Account{.owner = "a", .balance = 10});
    s.commit();
    CHECK_THROWS_AS(s.atomic([&] {
        a->balance = 20;
        s.flush();
        s.add(Account{.owner = "b"});
        throw boom{};
    }),
                    boom);
    {
        auto tx = s.atomic();
        a->balance = 30;
        s.flush();
    }  // no commit(): rolled back at scope end
    const auto before = s.stats().statements;
    s.commit();
    CHECK(s.stats().statements == before);
    CHECK_FALSE(s.is_modified(a));
    CHECK(a->balance == 10);
    CHECK(a->version == 0);
}

TEST_CASE("atomic 21: a retry policy re-runs the outermost block after a transient error", "[live][atomic]") {
    auto db = fresh_db();
    Account acc{.owner = "a", .balance = 100};
    db.insert(acc);
    const std::string update = "UPDATE " + db.dialect().quote(orm::table_of<Account>().name) +
                               " SET balance = balance + 1000 WHERE id = " + std::to_string(acc.id);
    auto holder = db.acquire();  // another connection, holding the row's lock in the first attempt
    orm::session s{db};
    int attempts = 0;
    std::vector<orm::handle<Publisher>> added;
    s.atomic({.retry = {.attempts = 3, .backoff = 1ms}}, [&] {
        ++attempts;
        short_lock_wait(s);
        if (attempts == 1) {
            if (testlive::backend() == backend_kind::sqlite)
                holder->execute("BEGIN IMMEDIATE", {});  // SQLite locks the whole database
            else
                holder->begin();
            holder->execute(update, {});
        } else {
            holder->execute("COMMIT", {});
        }
        added.push_back(s.add(Publisher{.name = "attempt " + std::to_string(attempts)}));
        s.get<Account>(acc.id)->balance += 10;
    });
    CHECK(attempts == 2);
    CHECK(balance_in_db(db, acc.id) == 1110);
    CHECK(publisher_names(db) == std::vector<std::string>{"attempt 2"});
    // Memory was restored before the second attempt.
    CHECK(s.state_of(added[0]) == orm::object_state::detached);
    CHECK(added[0]->id == 0);

    SECTION("other errors are not retried") {
        attempts = 0;
        CHECK_THROWS_AS(s.atomic({.retry = {.attempts = 3, .backoff = 1ms}},
                                 [&] {
                                     ++attempts;
                                     throw boom{};
                                 }),
                        boom);
        CHECK(attempts == 1);
    }
    SECTION("inner blocks do not retry; the error reaches the caller after the last attempt") {
        attempts = 0;
        CHECK_THROWS_AS(s.atomic({.retry = {.attempts = 2, .backoff = 1ms}},
                                 [&] {
                                     ++attempts;
                                     s.atomic({.retry = {.attempts = 5}}, [&] {
                                         throw orm::transient_error(orm::transient_error::kind::deadlock,
                                                                    "forced");
                                     });
                                 }),
                        orm::transient_error);
        CHECK(attempts == 2);
    }
}

TEST_CASE("atomic 21: a transient error from an on_commit callback is not retried", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    int runs = 0;
    CHECK_THROWS_AS(s.atomic({.retry = {.attempts = 3, .backoff = 1ms}},
                             [&] {
                                 ++runs;
                                 s.add(Publisher{.name = "once"});
                                 s.on_commit([] {
                                     throw orm::transient_error(orm::transient_error::kind::deadlock,
                                                                "in a callback");
                                 });
                             }),
                    orm::transient_error);
    CHECK(runs == 1);  // committed: running the body again would write it twice
    CHECK(publisher_names(db) == std::vector<std::string>{"once"});
}

TEST_CASE("atomic 21: a serialization failure under SERIALIZABLE is retried", "[live][atomic]") {
    if (testlive::backend() != backend_kind::postgresql) {
        SUCCEED(
            "PostgreSQL only: SQLite has one writer at a time, and MariaDB's SERIALIZABLE locks reads "
            "instead of failing them (its deadlocks are tested below)");
        return;
    }
    auto db = fresh_db();
    Account acc{.owner = "a", .balance = 100};
    db.insert(acc);
    orm::session s{db};
    int attempts = 0;
    s.atomic({.retry = {.attempts = 3, .backoff = 1ms}, .isolation = orm::isolation_level::serializable},
             [&] {
                 ++attempts;
                 auto mine = s.get<Account>(acc.id);  // the transaction's snapshot starts here
                 if (attempts == 1)
                     std::thread([&] {
                         orm::session other{db};
                         other.atomic([&] { other.get<Account>(acc.id)->balance += 1000; });
                     }).join();
                 mine->balance += 10;
             });
    CHECK(attempts == 2);
    CHECK(balance_in_db(db, acc.id) == 1110);
}

TEST_CASE("atomic 21: two sessions in two threads deadlock; the loser retries", "[live][atomic]") {
    if (!is_server()) {
        SUCCEED("skipped on SQLite: one writer at a time cannot deadlock (busy is retried above)");
        return;
    }
    auto db = fresh_db();
    Account a{.owner = "a", .balance = 0}, b{.owner = "b", .balance = 0};
    db.insert(a);
    db.insert(b);
    std::latch both_locked{2};
    auto worker = [&](std::int64_t first, std::int64_t second, int& attempts) {
        orm::session s{db};
        s.atomic({.retry = {.attempts = 5, .backoff = 10ms}}, [&] {
            ++attempts;
            s.get<Account>(first)->balance += 1;
            s.flush();  // holds the first row's lock
            if (attempts == 1) both_locked.arrive_and_wait();
            s.get<Account>(second)->balance += 1;
            s.flush();  // each waits for the other: the server picks a victim
        });
    };
    int attempts_1 = 0, attempts_2 = 0;
    std::thread t1(worker, a.id, b.id, std::ref(attempts_1));
    std::thread t2(worker, b.id, a.id, std::ref(attempts_2));
    t1.join();
    t2.join();
    CHECK(attempts_1 + attempts_2 == 3);
    CHECK(balance_in_db(db, a.id) == 2);
    CHECK(balance_in_db(db, b.id) == 2);
}

// ------------------------------------------------------------------ the memory cases

TEST_CASE("a failed money transfer leaves both accounts as they were", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    s.add(Account{.owner = "from", .balance = 100});
    s.add(Account{.owner = "to", .balance = 50});
    s.commit();
    orm::session fresh{db};
    auto all = fresh.all<Account>();
    REQUIRE(all.size() == 2);
    auto from = all[0]->owner == "from" ? all[0] : all[1];
    auto to = all[0]->owner == "from" ? all[1] : all[0];
    CHECK_THROWS_AS(fresh.atomic([&] {
        from->balance -= 30;
        fresh.flush();
        to->balance += 30;
        throw boom{};  // after the first update
    }),
                    boom);
    CHECK(from->balance == 100);
    CHECK(to->balance == 50);
    CHECK(from->version == 0);
    const auto before = fresh.stats().statements;
    fresh.commit();
    CHECK(fresh.stats().statements == before);
    CHECK(balance_in_db(db, from->id) == 100);
}

TEST_CASE("a graph added in a rolled-back inner block is detached; the outer block's work commits",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    orm::handle<Publisher> p;
    orm::handle<Writer> w;
    orm::handle<Novel> n;
    auto house = s.add(Publisher{.name = "House"});
    s.commit();
    auto kept = s.atomic([&] {
        auto outer = s.add(Writer{.publisher = house, .name = "Outer", .email = "outer@example.com"});
        try {
            s.atomic([&] {
                p = s.add(Publisher{.name = "Ace"});
                w = s.add(Writer{.publisher = p, .name = "Inner", .email = "inner@example.com"});
                n = s.add(Novel{.writer = w, .title = "Lost", .pages = 1});
                s.flush();
                CHECK(n->id != 0);
                throw boom{};
            });
        } catch (const boom&) {
        }
        return outer;
    });
    for (auto state : {s.state_of(p), s.state_of(w), s.state_of(n)})
        CHECK(state == orm::object_state::detached);
    CHECK(p->id == 0);
    CHECK(w->id == 0);
    CHECK(n->id == 0);
    CHECK(n->writer.target() == w);
    CHECK(s.state_of(kept) == orm::object_state::persistent);
    CHECK(rows_of<Writer>(db) == 1);
    CHECK(publisher_names(db) == std::vector<std::string>{"House"});
    CHECK(rows_of<Novel>(db) == 0);
}

TEST_CASE("a deletion inside a rolled-back block is undone in the session", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    auto p = s.add(Publisher{.name = "Ace"});
    s.commit();
    CHECK_THROWS_AS(s.atomic([&] {
        s.remove(p);
        s.flush();
        CHECK(s.state_of(p) == orm::object_state::deleted);
        CHECK_FALSE(s.get<Publisher>(p->id));
        throw boom{};
    }),
                    boom);
    CHECK(s.state_of(p) == orm::object_state::persistent);
    CHECK(s.get<Publisher>(p->id) == p);
    CHECK(rows_of<Publisher>(db) == 1);
}

TEST_CASE("objects loaded inside a rolled-back block leave the session", "[live][atomic]") {
    auto db = fresh_db();
    Publisher row{.name = "Ace"};
    db.insert(row);
    orm::session s{db};
    orm::handle<Publisher> loaded;
    CHECK_THROWS_AS(s.atomic([&] {
        loaded = s.get<Publisher>(row.id);
        throw boom{};
    }),
                    boom);
    CHECK(s.state_of(loaded) == orm::object_state::detached);
    auto again = s.get<Publisher>(row.id);  // read afresh
    CHECK(again != loaded);
    CHECK(again->name == "Ace");
}

// ------------------------------------------------------------------ guard, isolation

TEST_CASE("the guard rolls back at scope end unless committed, and blocks end innermost first",
          "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    {
        auto tx = s.atomic();
        s.add(Publisher{.name = "abandoned"});
    }
    CHECK(rows_of<Publisher>(db) == 0);
    {
        auto outer = s.atomic();
        auto inner = s.atomic();
        CHECK_THROWS_AS(outer.commit(), orm::transaction_error);
        s.add(Publisher{.name = "kept"});
        inner.commit();
        CHECK_THROWS_AS(inner.commit(), orm::transaction_error);
        outer.commit();
    }
    CHECK(publisher_names(db) == std::vector<std::string>{"kept"});
}

TEST_CASE("an outer guard ended before an inner one rolls both back", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<std::string> reported;
    orm::set_diagnostic_handler([&](std::string_view m) { reported.emplace_back(m); });
    {
        auto outer = std::make_unique<orm::atomic_block>(s.atomic());
        s.add(Publisher{.name = "outer"});
        auto inner = s.atomic();
        s.add(Publisher{.name = "inner"});
        s.flush();
        outer.reset();  // out of order: the whole transaction rolls back
        CHECK_FALSE(s.in_atomic_block());
    }  // the inner guard finds its block gone and reports it
    orm::set_diagnostic_handler({});
    CHECK(reported.size() == 2);
    CHECK(rows_of<Publisher>(db) == 0);
    s.atomic([&] { s.add(Publisher{.name = "next"}); });
    CHECK(publisher_names(db) == std::vector<std::string>{"next"});
}

TEST_CASE("an isolation level applies to the outermost block", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    const backend_kind b = testlive::backend();
    s.atomic([&] {
        CHECK_THROWS_AS(s.atomic({.isolation = orm::isolation_level::serializable}), orm::transaction_error);
    });
    if (b == backend_kind::sqlite) {
        CHECK_THROWS_AS(s.atomic({.isolation = orm::isolation_level::read_committed}, [] {}),
                        orm::transaction_error);
        CHECK_FALSE(s.in_atomic_block());
    }
    s.atomic({.isolation = orm::isolation_level::serializable}, [&] {
        std::string level;
        s.use_connection([&](orm::connection& c) {
            if (b == backend_kind::postgresql) level = testlive::query_text(c, "SHOW transaction_isolation");
        });
        if (b == backend_kind::postgresql) CHECK(level == "serializable");
        s.add(Publisher{.name = "serializable"});
    });
    if (b != backend_kind::sqlite)
        s.atomic({.isolation = orm::isolation_level::read_committed},
                 [&] { s.add(Publisher{.name = "rc"}); });
    CHECK(rows_of<Publisher>(db) == (b == backend_kind::sqlite ? 1u : 2u));
}

TEST_CASE("bulk statements inside a rolled-back block are undone in memory", "[live][atomic]") {
    auto db = fresh_db();
    orm::session s{db};
    auto a = s.add(Publisher{.name = "a"});
    auto b = s.add(Publisher{.name = "b"});
    s.commit();
    CHECK_THROWS_AS(s.atomic([&] {
        using orm::col;
        CHECK(s.update<Publisher>()
                  .set(&Publisher::name, std::string("z"))
                  .where(col(&Publisher::id) == a->id)
                  .execute() == 1);
        CHECK(a->name == "z");
        CHECK(s.remove<Publisher>().where(col(&Publisher::id) == b->id).execute() == 1);
        CHECK(s.state_of(b) == orm::object_state::deleted);
        throw boom{};
    }),
                    boom);
    CHECK(a->name == "a");
    CHECK(s.state_of(b) == orm::object_state::persistent);
    const auto before = s.stats().statements;
    s.commit();
    CHECK(s.stats().statements == before);
    CHECK(publisher_names(db) == std::vector<std::string>{"a", "b"});
}
