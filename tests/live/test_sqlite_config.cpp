// SQLite's own configuration: the pragmas a file database opens with, URL
// options that override them, unknown options, and in-memory databases. These
// tests open databases of their own in a temporary directory; they run in the
// SQLite pass of the live suite only (elsewhere the same checks would simply
// repeat, since they never touch the database under test).

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/live.hpp"
#include "support/models.hpp"

struct TxCounter {
    std::int64_t id = 0;
    std::int64_t n = 0;
};

namespace {

namespace orm = cormorant;
namespace fs = std::filesystem;
using namespace testmodels;

constexpr const char* sqlite_only = "SQLite only: these tests check SQLite pragmas and file databases";

bool sqlite_under_test() {
    return testlive::backend() == orm::backend_kind::sqlite;
}

/// A fresh directory under the system's temporary directory, removed at the end.
struct temp_dir {
    fs::path path;
    temp_dir() {
        std::random_device rd;
        path = fs::temp_directory_path() /
               ("cormorant_sqlite_config_" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    /// sqlite:////abs/path/<name> followed by `query` (e.g. "?synchronous=FULL").
    std::string url(std::string_view name, std::string_view query = {}) const {
        return "sqlite:///" + (path / name).string() + std::string(query);
    }
};

std::string text_pragma(orm::connection& c, std::string_view name) {
    std::string out = "<no row>";
    const orm::sql_type types[] = {orm::sql_type::text};
    c.query("PRAGMA " + std::string(name), {}, types,
            [&](std::span<orm::value> row) { out = row[0].as_text(); });
    return out;
}

std::int64_t int_pragma(orm::connection& c, std::string_view name) {
    std::int64_t out = -1;
    const orm::sql_type types[] = {orm::sql_type::int64};
    c.query("PRAGMA " + std::string(name), {}, types,
            [&](std::span<orm::value> row) { out = row[0].as_int(); });
    return out;
}

}  // namespace

TEST_CASE("sqlite config: a file database opens with foreign keys, WAL and synchronous=NORMAL",
          "[live][sqlite_config]") {
    if (!sqlite_under_test()) {
        SUCCEED(sqlite_only);
        return;
    }
    temp_dir dir;
    auto db = orm::database::open(dir.url("defaults.db"));
    CHECK(db.backend() == orm::backend_kind::sqlite);
    CHECK(fs::exists(dir.path / "defaults.db"));

    // Every connection of the pool is set up the same way, not only the first.
    auto first = db.acquire();
    auto second = db.acquire();
    for (orm::connection* c : {&*first, &*second}) {
        CHECK(int_pragma(*c, "foreign_keys") == 1);
        CHECK(text_pragma(*c, "journal_mode") == "wal");
        CHECK(int_pragma(*c, "synchronous") == 1);  // NORMAL
    }
    first.release();
    second.release();

    // Foreign keys are enforced, not only switched on.
    db.create_all<Author, Book>();
    Book orphan{.author = orm::ref<Author>{std::int64_t{77}}, .title = "Orphan"};
    CHECK_THROWS_AS(db.insert(orphan), orm::integrity_error);
}

TEST_CASE("sqlite config: URL options override the pragmas", "[live][sqlite_config]") {
    if (!sqlite_under_test()) {
        SUCCEED(sqlite_only);
        return;
    }
    temp_dir dir;

    SECTION("journal_mode, synchronous and foreign_keys") {
        auto db = orm::database::open(
            dir.url("override.db", "?journal_mode=DELETE&synchronous=FULL&foreign_keys=OFF"));
        {
            auto c = db.acquire();
            CHECK(text_pragma(*c, "journal_mode") == "delete");
            CHECK(int_pragma(*c, "synchronous") == 2);  // FULL
            CHECK(int_pragma(*c, "foreign_keys") == 0);
        }
        // With foreign keys off, a dangling ref is accepted.
        db.create_all<Author, Book>();
        Book orphan{.author = orm::ref<Author>{std::int64_t{77}}, .title = "Orphan"};
        REQUIRE_NOTHROW(db.insert(orphan));
        const auto books = db.select_all<Book>();
        REQUIRE(books.size() == 1);
        CHECK(books[0].author.key() == 77);
    }
    SECTION("busy_timeout") {
        auto db = orm::database::open(dir.url("busy.db", "?busy_timeout=1234"));
        CHECK(int_pragma(*db.acquire(), "busy_timeout") == 1234);
    }
    SECTION("values are case-insensitive words") {
        auto db = orm::database::open(dir.url("lower.db", "?journal_mode=truncate&synchronous=off"));
        auto c = db.acquire();
        CHECK(text_pragma(*c, "journal_mode") == "truncate");
        CHECK(int_pragma(*c, "synchronous") == 0);
    }
}

TEST_CASE("sqlite config: an unknown option or a malformed value is a config_error",
          "[live][sqlite_config]") {
    if (!sqlite_under_test()) {
        SUCCEED(sqlite_only);
        return;
    }
    temp_dir dir;

    SECTION("unknown option") {
        try {
            (void)orm::database::open(dir.url("unknown.db", "?journal=WAL"));
            FAIL("an unknown option was accepted");
        } catch (const orm::config_error& e) {
            const std::string msg = e.what();
            INFO(msg);
            CHECK(msg.find("journal") != std::string::npos);
        }
    }
    SECTION("a value that is not a single word") {
        CHECK_THROWS_AS(orm::database::open(dir.url("bad.db", "?journal_mode=WAL%3B%20PRAGMA%20x")),
                        orm::config_error);
        CHECK_THROWS_AS(orm::database::open(dir.url("bad.db", "?synchronous=")), orm::config_error);
    }
}

TEST_CASE("sqlite config: sqlite://:memory: works and is private to its handle", "[live][sqlite_config]") {
    if (!sqlite_under_test()) {
        SUCCEED(sqlite_only);
        return;
    }
    auto db = orm::database::open("sqlite://:memory:");
    db.create_all<Author, Book>();
    std::vector<Author> authors{{.name = "Ursula", .email = "ul@example.com"},
                                {.name = "Iain", .email = "ib@example.com"}};
    db.insert(std::span<Author>(authors));
    Book book{.author = orm::ref<Author>{authors[1].id}, .title = "Excession", .pages = 451};
    db.insert(book);

    // Each operation borrows the connection anew: the tables and rows are still there.
    const auto all = db.select_all<Author>();
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == "Ursula");
    CHECK(all[1].name == "Iain");
    const auto got = db.find<Book>(book.id);
    REQUIRE(got.has_value());
    CHECK(got->author.key() == authors[1].id);
    {
        auto c = db.acquire();
        CHECK(int_pragma(*c, "foreign_keys") == 1);
        CHECK(text_pragma(*c, "journal_mode") == "memory");
    }

    // Another in-memory database is a different, empty one.
    auto other = orm::database::open("sqlite://:memory:");
    CHECK_THROWS_AS(other.select_all<Author>(), orm::database_error);
}

TEST_CASE("sqlite config: a file database keeps its rows across handles, paths with spaces too",
          "[live][sqlite_config]") {
    if (!sqlite_under_test()) {
        SUCCEED(sqlite_only);
        return;
    }
    temp_dir dir;
    const std::string url = dir.url("with%20space.db");  // URLs percent-encode the space
    {
        auto db = orm::database::open(url);
        db.create_all<Author>();
        Author a{.name = "Ursula", .email = "ul@example.com"};
        db.insert(a);
    }
    CHECK(fs::exists(dir.path / "with space.db"));
    auto again = orm::database::open(url);
    const auto all = again.select_all<Author>();
    REQUIRE(all.size() == 1);
    CHECK(all[0].email == "ul@example.com");
}

TEST_CASE("sqlite config: transaction_mode=immediate lets threads read then write without busy errors",
          "[live][sqlite_config]") {
    if (!sqlite_under_test()) {
        SUCCEED(sqlite_only);
        return;
    }
    temp_dir dir;
    CHECK_THROWS_AS(orm::database::open(dir.url("bad.db", "?transaction_mode=later")), orm::config_error);
    auto db = orm::database::open(dir.url("counter.db", "?transaction_mode=IMMEDIATE&pool_size=4"));
    db.create_all<TxCounter>();
    TxCounter counter;
    db.insert(counter);

    std::vector<std::string> begins;
    {
        orm::session s{db};
        s.trace([&](std::string_view sql) {
            if (sql.rfind("BEGIN", 0) == 0) begins.emplace_back(sql);
        });
        s.atomic([] {});
    }
    CHECK(begins == std::vector<std::string>{"BEGIN IMMEDIATE"});

    // Each block reads the counter, then writes it: with a deferred BEGIN a
    // writer between the read and the write would make the write fail.
    constexpr int threads = 4, blocks = 25;
    std::vector<std::thread> workers;
    int failures = 0;
    std::mutex m;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            for (int i = 0; i < blocks; ++i) {
                orm::session s{db};
                try {
                    s.atomic([&] { s.get<TxCounter>(counter.id)->n += 1; });
                } catch (const orm::error&) {
                    std::lock_guard lock(m);
                    ++failures;
                }
            }
        });
    for (auto& w : workers) w.join();
    CHECK(failures == 0);
    CHECK(db.find<TxCounter>(counter.id)->n == threads * blocks);
}
