// Raw SQL read by column name: models through the identity map, plain
// structs and tuples untracked, scalars; the errors for results that do not
// fit, which never show a value. On every backend.
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "support/live.hpp"
#include "support/sql_log.hpp"

namespace orm = cormorant;
using Catch::Matchers::Contains;

namespace rawrows {

struct RrPost {
    std::int64_t id = 0;
    std::string title;
    std::int32_t views = 0;
    double score = 0;
    std::chrono::system_clock::time_point posted;
};

/// What a report reads: not a model (no key), never tracked.
struct RrViews {
    std::string title;
    std::int64_t views = 0;
};

}  // namespace rawrows

template <>
struct cormorant::model_traits<rawrows::RrPost> {
    static constexpr std::string_view table = "rr_posts";
};

using rawrows::RrPost;
using rawrows::RrViews;

namespace {

const std::chrono::system_clock::time_point posted_at =
    std::chrono::sys_days{std::chrono::year{2024} / 2 / 29} + std::chrono::hours{13} +
    std::chrono::microseconds{123456};

/// Posts "a" (10 views) and "b" (20 views), with their keys.
std::pair<std::int64_t, std::int64_t> seed(orm::database& db) {
    db.drop_all<RrPost>();
    db.create_all<RrPost>();
    std::vector<RrPost> posts{{.title = "a", .views = 10, .score = 0.1 + 0.2, .posted = posted_at},
                              {.title = "b", .views = 20, .score = 1.0 / 3.0, .posted = posted_at}};
    db.insert(std::span<RrPost>(posts));
    return {posts[0].id, posts[1].id};
}

std::string message_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no exception)";
}

}  // namespace

TEST_CASE("raw sql: columns by name in any order, the same objects a query returns", "[live][raw_rows]") {
    auto db = testlive::open_db();
    const auto [a, b] = seed(db);
    orm::session s{db};
    auto queried = s.query<RrPost>().all();
    REQUIRE(queried.size() == 2);
    auto raw = s.sql<RrPost>("SELECT posted, score, views, title, id FROM rr_posts ORDER BY id");
    REQUIRE(raw.size() == 2);
    CHECK(raw[0] == queried[0]);  // the same handle: one object per row
    CHECK(raw[1] == queried[1]);

    orm::session fresh{db};
    auto p = fresh.sql<RrPost>("SELECT views, id, posted, title, score FROM rr_posts WHERE id = ?", b);
    REQUIRE(p.size() == 1);
    CHECK(p[0]->id == b);
    CHECK(p[0]->title == "b");
    CHECK(p[0]->views == 20);
    CHECK(p[0]->score == 1.0 / 3.0);   // every digit
    CHECK(p[0]->posted == posted_at);  // every microsecond
    CHECK(fresh.get<RrPost>(b) == p[0]);
    CHECK(fresh.state_of(p[0]) == orm::object_state::persistent);
    (void)a;
}

TEST_CASE("raw sql: a missing or an extra column is an error naming it, before anything is read",
          "[live][raw_rows]") {
    auto db = testlive::open_db();
    const auto [a, b] = seed(db);
    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);

    std::string m = message_of([&] { s.sql<RrPost>("SELECT id, title, score, posted FROM rr_posts"); });
    CHECK(m == "raw query for rr_posts: no column \"views\" in the result");
    m = message_of([&] { s.sql<RrPost>("SELECT id, title, views, score, posted, 1 AS xyz FROM rr_posts"); });
    CHECK(m == "raw query for rr_posts: the result's column \"xyz\" is not a column of rr_posts");
    CHECK_THROWS_AS(s.sql<RrPost>("SELECT id, title FROM rr_posts"), orm::schema_error);
    // Nothing ran and nothing was built: the next get reads its row.
    CHECK(log.statements.empty());
    const auto before = s.stats().statements;
    REQUIRE(s.get<RrPost>(a));
    CHECK(s.stats().statements == before + 1);
    (void)b;
}

TEST_CASE("raw sql: a value that does not fit names the column and the type, not the value",
          "[live][raw_rows]") {
    auto db = testlive::open_db();
    const auto [a, b] = seed(db);
    orm::session s{db};
    // Row a reads; row b's views are text that is no integer.
    const char* bad =
        "SELECT id, title, CASE WHEN title = 'b' THEN 'x9y' ELSE '7' END AS views, score, posted "
        "FROM rr_posts ORDER BY id";
    CHECK_THROWS_AS(s.sql<RrPost>(bad), orm::value_error);
    const std::string m = message_of([&] { s.sql<RrPost>(bad); });
    CHECK(m == "rr_posts.views: cannot read the value as int32");
    CHECK_THAT(m, !Contains("x9y"));
    // An integer too large for the field: the same message, no value.
    const std::string big = message_of(
        [&] { s.sql<RrPost>("SELECT id, title, 3000000000 AS views, score, posted FROM rr_posts"); });
    CHECK(big == "rr_posts.views: cannot read the value as int32");
    // Neither row entered the identity map.
    const auto before = s.stats().statements;
    REQUIRE(s.get<RrPost>(a));
    REQUIRE(s.get<RrPost>(b));
    CHECK(s.stats().statements == before + 2);

    const std::string r = message_of([&] { s.rows<RrViews>("SELECT title, 'x9y' AS views FROM rr_posts"); });
    CHECK(r == "RrViews.views: cannot read the value as int64");
}

TEST_CASE("rows: untracked structs read fresh values each time and are never written back",
          "[live][raw_rows]") {
    auto db = testlive::open_db();
    const auto [a, b] = seed(db);
    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);
    const char* report = "SELECT title, SUM(views) AS views FROM rr_posts GROUP BY title ORDER BY title";
    auto first = s.rows<RrViews>(report);
    REQUIRE(first.size() == 2);
    CHECK(first[0].title == "a");
    CHECK(first[0].views == 10);
    CHECK(first[1].views == 20);

    // Another session changes a row; then a raw statement changes the other.
    {
        orm::session other{db};
        other.get<RrPost>(a)->views = 11;
        other.commit();
    }
    s.execute("UPDATE rr_posts SET views = views + ? WHERE id = ?", 1, b);
    auto second = s.rows<RrViews>(report);
    REQUIRE(second.size() == 2);
    CHECK(second[0].views == 11);
    CHECK(second[1].views == 21);

    // Changing what rows() returned changes nothing in the database.
    second[0].views = 999;
    first[1].title = "changed";
    log.statements.clear();
    s.commit();
    CHECK(log.statements.empty());
    CHECK(s.scalar<std::int64_t>("SELECT views FROM rr_posts WHERE id = ?", a) == 11);

    // Any order of columns; the database handle reads them the same way.
    auto from_db = db.rows<RrViews>("SELECT views, title FROM rr_posts WHERE id = ?", b);
    REQUIRE(from_db.size() == 1);
    CHECK(from_db[0].title == "b");
    CHECK(from_db[0].views == 21);
    CHECK(message_of([&] { db.rows<RrViews>("SELECT title FROM rr_posts"); }) ==
          "rows<RrViews>: no column \"views\" in the result");
    CHECK(message_of([&] { s.rows<RrViews>("SELECT title, views, id FROM rr_posts"); }) ==
          "rows<RrViews>: the result's column \"id\" is not a field of RrViews");
}

TEST_CASE("rows: tuples by position, and a count that differs", "[live][raw_rows]") {
    auto db = testlive::open_db();
    const auto [a, b] = seed(db);
    orm::session s{db};
    auto pairs = s.rows<std::tuple<std::int64_t, std::string, double>>(
        "SELECT id, title, score FROM rr_posts ORDER BY id");
    REQUIRE(pairs.size() == 2);
    CHECK(std::get<0>(pairs[0]) == a);
    CHECK(std::get<1>(pairs[1]) == "b");
    CHECK(std::get<2>(pairs[0]) == 0.1 + 0.2);
    auto with_null = db.rows<std::tuple<std::optional<std::string>, std::int64_t>>(
        "SELECT NULL AS absent, views FROM rr_posts WHERE id = ?", b);
    REQUIRE(with_null.size() == 1);
    CHECK(!std::get<0>(with_null[0]));
    CHECK(std::get<1>(with_null[0]) == 20);
    CHECK(message_of([&] { s.rows<std::tuple<std::int64_t, std::string>>("SELECT id FROM rr_posts"); }) ==
          "rows of a tuple: the result has 1 column, the tuple has 2");
    CHECK_THROWS_AS((db.rows<std::tuple<std::int64_t>>("SELECT id, title FROM rr_posts")), orm::schema_error);
}

TEST_CASE("scalar: a row, no row, and optional", "[live][raw_rows]") {
    auto db = testlive::open_db();
    const auto [a, b] = seed(db);
    orm::session s{db};
    CHECK(s.scalar<std::int64_t>("SELECT COUNT(*) FROM rr_posts") == 2);
    CHECK(db.scalar<std::string>("SELECT title FROM rr_posts WHERE id = ?", b) == "b");
    CHECK(s.scalar<std::optional<std::int32_t>>("SELECT views FROM rr_posts WHERE id = ?", a) == 10);
    CHECK(s.scalar<std::optional<std::int32_t>>("SELECT views FROM rr_posts WHERE id = ?", -1) ==
          std::nullopt);
    CHECK(s.scalar<std::optional<std::int64_t>>("SELECT MAX(views) FROM rr_posts WHERE id < 0") ==
          std::nullopt);
    CHECK_THROWS_AS(s.scalar<std::int64_t>("SELECT views FROM rr_posts WHERE id = ?", -1), orm::not_found);
    CHECK(message_of([&] { db.scalar<std::int64_t>("SELECT views FROM rr_posts WHERE id < 0"); }) ==
          "scalar: the query returned no row");
    CHECK(message_of([&] { s.scalar<std::int64_t>("SELECT MAX(views) FROM rr_posts WHERE id < 0"); }) ==
          "scalar: the first column is NULL; read it as a std::optional");
    // The first column of the first row; other columns are ignored.
    CHECK(s.scalar<std::string>("SELECT title, views FROM rr_posts ORDER BY id DESC") == "b");
}

TEST_CASE("raw sql: a statement that fails to prepare shows no bound value", "[live][raw_rows]") {
    auto db = testlive::open_db();
    seed(db);
    orm::session s{db};
    const auto check_message = [](const std::string& m) {
        INFO(m);
        CHECK(m != "(no exception)");
        CHECK_THAT(m, !Contains("Paris"));
        CHECK_THAT(m, !Contains(":1="));
        CHECK_THAT(m, !Contains("with :"));
    };
    const char* broken = "SELEC id FROM rr_posts WHERE title = ? AND id = ?";
    check_message(message_of([&] { s.sql<RrPost>(broken, "Paris", 1); }));
    check_message(message_of([&] { s.rows<RrViews>(broken, "Paris", 1); }));
    // SOCI's MySQL backend writes the values into the text it sends, so the
    // server's syntax error quotes them: not checked there.
    if (testlive::backend() != orm::backend_kind::mysql)
        check_message(message_of([&] { s.execute(broken, "Paris", 1); }));
    CHECK_THROWS_AS(s.sql<RrPost>(broken, "Paris", 1), orm::database_error);
}

TEST_CASE("postgresql: server notices go to the diagnostic handler, not stderr", "[live][raw_rows]") {
    if (testlive::backend() != orm::backend_kind::postgresql) return;
    auto db = testlive::open_db();
    std::vector<std::string> seen;
    orm::set_diagnostic_handler([&](std::string_view m) { seen.emplace_back(m); });
    try {
        db.acquire()->execute("DO $$ BEGIN RAISE WARNING 'rr warning'; END $$", {});
    } catch (...) {
        orm::set_diagnostic_handler({});
        throw;
    }
    orm::set_diagnostic_handler({});
    REQUIRE(seen.size() == 1);
    CHECK_THAT(seen[0], Contains("rr warning"));
}
