// A model read or written against a table that lacks one of its columns
// fails on every backend with a message naming the table and the column:
// SQLite must not read the unknown "views" as the string 'views'.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "support/live.hpp"

namespace orm = cormorant;
using orm::col;

namespace missingcolumn {

/// The table as an older program created it.
struct McPostV1 {
    std::int64_t id = 0;
    std::string title;
};

/// The model of today, with two columns the table does not have yet.
struct McPost {
    std::int64_t id = 0;
    std::string title;
    int views = 0;
    std::string location;
};

}  // namespace missingcolumn

using namespace missingcolumn;

template <>
struct cormorant::model_traits<McPostV1> {
    static constexpr std::string_view table = "mc_posts";
};
template <>
struct cormorant::model_traits<McPost> {
    static constexpr std::string_view table = "mc_posts";
};

namespace {

/// Runs `action`, which must fail with a database_error naming mc_posts and `views`.
template <class Action>
void expect_missing_column(Action&& action, std::string_view operation) {
    try {
        action();
        FAIL("the missing column went unnoticed");
    } catch (const orm::database_error& e) {
        const std::string msg = e.what();
        INFO(msg);
        CHECK(e.table() == "mc_posts");
        CHECK(e.operation() == operation);
        CHECK(msg.find("mc_posts") != std::string::npos);
        CHECK(msg.find("views") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("a model whose table lacks a column fails naming the table and the column", "[live][errors]") {
    auto db = testlive::open_db();
    db.drop_all<McPostV1>();
    db.create_all<McPostV1>();
    McPostV1 old{.title = "written before views existed"};
    db.insert(old);

    SECTION("get") {
        orm::session s{db};
        expect_missing_column([&] { (void)s.get<McPost>(old.id); }, "select");
    }
    SECTION("query") {
        orm::session s{db};
        expect_missing_column([&] { (void)s.query<McPost>().where(col(&McPost::title) != "").all(); },
                              "select");
    }
    SECTION("a condition on the missing column") {
        orm::session s{db};
        expect_missing_column([&] { (void)s.query<McPost>().where(col(&McPost::views) > 0).count(); },
                              "count");
    }
    SECTION("insert") {
        orm::session s{db};
        auto post = s.add(McPost{.title = "new", .views = 1, .location = "Paris"});
        expect_missing_column([&] { s.commit(); }, "insert");
        CHECK(s.state_of(post) == orm::object_state::pending);  // the session is as it was
    }
    SECTION("bulk update") {
        orm::session s{db};
        expect_missing_column([&] { (void)s.update<McPost>().set(&McPost::views, 3).execute(); }, "update");
    }
    orm::session check{db};
    const auto rows = check.query<McPostV1>().all();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]->title == "written before views existed");
}
