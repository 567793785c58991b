// SQLite prepares cormorant's :p1, :p2 ... placeholders as anonymous `?`
// (named ones make preparing a long multi-row INSERT quadratic). Text that
// only looks like a placeholder, in quotes or comments, must keep its meaning,
// and many placeholders must still bind to the right columns.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/live.hpp"
#include "support/models.hpp"

namespace {

namespace orm = cormorant;
using namespace testmodels;

constexpr const char* sqlite_only =
    "SQLite only: the other backends' drivers rewrite placeholders themselves";

}  // namespace

TEST_CASE("sqlite placeholders: quoted text and comments are not placeholders",
          "[live][sqlite_placeholders]") {
    if (testlive::backend() != orm::backend_kind::sqlite) {
        SUCCEED(sqlite_only);
        return;
    }
    auto db = testlive::open_db();
    auto c = db.acquire();
    const orm::sql_type types[] = {orm::sql_type::text, orm::sql_type::text, orm::sql_type::int64,
                                   orm::sql_type::text, orm::sql_type::int64};
    const orm::value params[] = {orm::value{std::int64_t{10}}, orm::value{std::string("second")},
                                 orm::value{std::int64_t{30}}};
    std::vector<std::string> got;
    c->query("SELECT ':p2' AS \":p3\", 'it''s :p1', :p1 /* :p7 */, :p2, -- :p9\n :p3", params, types,
             [&](std::span<orm::value> row) {
                 got = {row[0].as_text(), row[1].as_text(), std::to_string(row[2].as_int()), row[3].as_text(),
                        std::to_string(row[4].as_int())};
             });
    CHECK(got == std::vector<std::string>{":p2", "it's :p1", "10", "second", "30"});
}

TEST_CASE("sqlite placeholders: a multi-row insert of many rows binds every column",
          "[live][sqlite_placeholders]") {
    if (testlive::backend() != orm::backend_kind::sqlite) {
        SUCCEED(sqlite_only);
        return;
    }
    auto db = testlive::open_db();
    db.drop_all<Book, Author>();
    db.create_all<Author, Book>();
    std::vector<Author> authors;
    for (int i = 0; i < 1200; ++i)
        authors.push_back({.name = "n" + std::to_string(i),
                           .email = "e" + std::to_string(i),
                           .born = i % 3 ? std::optional<int>(1900 + i) : std::nullopt,
                           .rating = i / 4.0,
                           .active = i % 2 == 0});
    db.insert(std::span<Author>(authors));
    const std::vector<Author> back = db.select_all<Author>();
    REQUIRE(back.size() == authors.size());
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < back.size(); ++i) {
        const Author &x = back[i], &y = authors[i];
        if (x.id != y.id || x.name != y.name || x.email != y.email || x.born != y.born ||
            x.rating != y.rating || x.active != y.active)
            ++wrong;
    }
    CHECK(wrong == 0);
    CHECK(back.back().name == "n1199");
}
