// Typed queries on every backend: each operator, ordering with NULLs,
// paging, terminals and their errors, streaming, the identity map and
// autoflush, and values that must be bound, never spliced.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/live.hpp"
#include "support/query_models.hpp"

using namespace querymodels;
namespace orm = cormorant;
using orm::col;

namespace {

orm::database fresh_db() {
    auto db = testlive::open_db();
    db.drop_all<QChapter, QBook, QAuthor, QNote, QCounter>();
    db.create_all<QChapter, QBook, QAuthor, QNote, QCounter>();
    return db;
}

/// Three authors (one with no birth year) and five books.
struct library {
    orm::database db = fresh_db();
    orm::session s{db};
    orm::handle<QAuthor> ursula, frank, anon;
    library() {
        ursula = s.add(QAuthor{.name = "Ursula", .born = 1929, .rating = 4.8});
        frank = s.add(QAuthor{.name = "Frank", .born = 1920, .rating = 4.5, .active = false});
        anon = s.add(QAuthor{.name = "Anon", .rating = 3.0});
        s.add(
            QBook{.author = ursula, .title = "The Dispossessed", .pages = 387, .isbn = "978-0-06-051275-3"});
        s.add(QBook{.author = ursula, .title = "The Left Hand of Darkness", .pages = 304});
        s.add(QBook{.author = frank, .title = "Dune", .pages = 412, .isbn = "978-0-441-01359-3"});
        s.add(QBook{.author = frank, .title = "Dune Messiah", .pages = 256});
        s.add(QBook{.author = anon, .title = "100% True_Story", .pages = 12});
        s.commit();
    }
};

template <class T>
std::vector<std::string> titles(const std::vector<orm::handle<T>>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r->title);
    return out;
}

std::vector<std::string> names(const std::vector<orm::handle<QAuthor>>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r->name);
    return out;
}

using strings = std::vector<std::string>;

}  // namespace

TEST_CASE("query: comparison operators", "[live][query]") {
    library lib;
    auto& s = lib.s;
    auto q = [&](orm::expr<QBook> e) {
        return titles(s.query<QBook>().where(e).order_by(&QBook::pages).all());
    };
    CHECK(q(col(&QBook::title) == "Dune") == strings{"Dune"});
    CHECK(q(col(&QBook::title) != "Dune") ==
          strings{"100% True_Story", "Dune Messiah", "The Left Hand of Darkness", "The Dispossessed"});
    CHECK(q(col(&QBook::pages) < 304) == strings{"100% True_Story", "Dune Messiah"});
    CHECK(q(col(&QBook::pages) <= 304) ==
          strings{"100% True_Story", "Dune Messiah", "The Left Hand of Darkness"});
    CHECK(q(col(&QBook::pages) > 387) == strings{"Dune"});
    CHECK(q(col(&QBook::pages) >= 387) == strings{"The Dispossessed", "Dune"});
    // A value wider than the column's type is compared as it is, never cut
    // down to the column's type; PostgreSQL types the parameter as the
    // column and refuses the value.
    if (testlive::backend() == orm::backend_kind::postgresql) {
        CHECK_THROWS_AS(q(col(&QBook::pages) < std::int64_t{5'000'000'000}), orm::database_error);
    } else {
        CHECK(q(col(&QBook::pages) < std::int64_t{5'000'000'000}).size() == 5);
    }
}

TEST_CASE("query: and, or, not", "[live][query]") {
    library lib;
    auto& s = lib.s;
    auto q = [&](orm::expr<QBook> e) {
        return titles(s.query<QBook>().where(e).order_by(&QBook::pages).all());
    };
    CHECK(q(col(&QBook::pages) > 300 && col(&QBook::pages) < 400) ==
          strings{"The Left Hand of Darkness", "The Dispossessed"});
    CHECK(q(col(&QBook::pages) < 100 || col(&QBook::pages) > 400) == strings{"100% True_Story", "Dune"});
    CHECK(q(!(col(&QBook::pages) > 300)) == strings{"100% True_Story", "Dune Messiah"});
    // Precedence is the tree's, not the text's: a || (b && c).
    CHECK(q(col(&QBook::title) == "Dune" || (col(&QBook::pages) > 300 && col(&QBook::pages) < 350)) ==
          strings{"The Left Hand of Darkness", "Dune"});
    // Several where() calls: all of them.
    CHECK(titles(s.query<QBook>()
                     .where(col(&QBook::pages) > 250)
                     .where(col(&QBook::pages) < 390)
                     .order_by(&QBook::pages)
                     .all()) == strings{"Dune Messiah", "The Left Hand of Darkness", "The Dispossessed"});
}

TEST_CASE("query: in, between, like", "[live][query]") {
    library lib;
    auto& s = lib.s;
    auto q = [&](orm::expr<QBook> e) {
        return titles(s.query<QBook>().where(e).order_by(&QBook::pages).all());
    };
    CHECK(q(col(&QBook::pages).in({12, 412, 999})) == strings{"100% True_Story", "Dune"});
    CHECK(q(col(&QBook::title).in(strings{"Dune", "Dune Messiah"})) == strings{"Dune Messiah", "Dune"});
    CHECK(q(col(&QBook::title).in(strings{})).empty());
    CHECK(q(!col(&QBook::title).in(strings{})).size() == 5);
    CHECK(q(col(&QBook::pages).between(256, 387)) ==
          strings{"Dune Messiah", "The Left Hand of Darkness", "The Dispossessed"});
    CHECK(q(col(&QBook::title).like("Dune%")) == strings{"Dune Messiah", "Dune"});
    CHECK(q(col(&QBook::title).like("%Hand%")) == strings{"The Left Hand of Darkness"});
    CHECK(q(col(&QBook::title).like("Dun_")) == strings{"Dune"});
    // A backslash makes % and _ literal.
    CHECK(q(col(&QBook::title).like("100\\% True\\_Story")) == strings{"100% True_Story"});
    CHECK(q(col(&QBook::title).like("%\\%%")) == strings{"100% True_Story"});
    CHECK(q(col(&QBook::title).like("Dune\\_%")).empty());
}

TEST_CASE("query: NULL tests on optional members", "[live][query]") {
    library lib;
    auto& s = lib.s;
    auto q = [&](orm::expr<QBook> e) {
        return titles(s.query<QBook>().where(e).order_by(&QBook::pages).all());
    };
    CHECK(q(col(&QBook::isbn).is_null()) ==
          strings{"100% True_Story", "Dune Messiah", "The Left Hand of Darkness"});
    CHECK(q(col(&QBook::isbn).is_not_null()) == strings{"The Dispossessed", "Dune"});
    CHECK(q(col(&QBook::isbn) == std::nullopt).size() == 3);
    CHECK(q(col(&QBook::isbn) != std::nullopt).size() == 2);
    CHECK(q(col(&QBook::isbn) == std::optional<std::string>{}).size() == 3);
    CHECK(q(col(&QBook::isbn) == std::optional<std::string>{"978-0-441-01359-3"}) == strings{"Dune"});
    CHECK(q(col(&QBook::isbn) == "978-0-441-01359-3") == strings{"Dune"});
    // SQL's NOT: a NULL compared with a value is unknown, so it matches neither way.
    CHECK(q(!(col(&QBook::isbn) == "978-0-441-01359-3")) == strings{"The Dispossessed"});
}

TEST_CASE("query: a ref member compared with a handle, a ref or a key", "[live][query]") {
    library lib;
    auto& s = lib.s;
    auto q = [&](orm::expr<QBook> e) {
        return titles(s.query<QBook>().where(e).order_by(&QBook::pages).all());
    };
    const strings franks{"Dune Messiah", "Dune"};
    CHECK(q(col(&QBook::author) == lib.frank) == franks);
    CHECK(q(col(&QBook::author) == orm::ref<QAuthor>{lib.frank}) == franks);
    CHECK(q(col(&QBook::author) == orm::ref<QAuthor>{lib.frank->id}) == franks);
    CHECK(q(col(&QBook::author) == lib.frank->id) == franks);
    CHECK(q(col(&QBook::author) != lib.ursula).size() == 3);
    CHECK(q(col(&QBook::author).in(std::vector{lib.frank, lib.anon})).size() == 3);

    // A pending object gets its key at the query's autoflush, after the condition was built.
    auto newcomer = s.add(QAuthor{.name = "New"});
    auto cond = col(&QBook::author) == newcomer;
    s.add(QBook{.author = newcomer, .title = "Debut", .pages = 1});
    CHECK(q(cond) == strings{"Debut"});
}

TEST_CASE("query: booleans, doubles and other column types", "[live][query]") {
    library lib;
    auto& s = lib.s;
    auto q = [&](orm::expr<QAuthor> e) {
        return names(s.query<QAuthor>().where(e).order_by(&QAuthor::name).all());
    };
    CHECK(q(col(&QAuthor::active) == true) == strings{"Anon", "Ursula"});
    CHECK(q(col(&QAuthor::active) == false) == strings{"Frank"});
    CHECK(q(col(&QAuthor::rating) > 4.6) == strings{"Ursula"});
    CHECK(q(col(&QAuthor::rating) >= 3) == strings{"Anon", "Frank", "Ursula"});
    CHECK(q(col(&QAuthor::born) < 1925) == strings{"Frank"});
    CHECK(q(col(&QAuthor::id) == lib.anon->id) == strings{"Anon"});
}

TEST_CASE("query: order_by with NULLs first ascending and last descending", "[live][query][order]") {
    library lib;
    auto& s = lib.s;
    s.add(QAuthor{.name = "Blank", .rating = 3.0});
    s.commit();
    // born: Anon NULL, Blank NULL, Frank 1920, Ursula 1929; ties broken by the key.
    CHECK(names(s.query<QAuthor>().order_by(&QAuthor::born).all()) ==
          strings{"Anon", "Blank", "Frank", "Ursula"});
    CHECK(names(s.query<QAuthor>().order_by(&QAuthor::born, orm::desc).all()) ==
          strings{"Ursula", "Frank", "Anon", "Blank"});
    // Several terms: rating descending, then name ascending.
    CHECK(names(s.query<QAuthor>().order_by(&QAuthor::rating, orm::desc).order_by(&QAuthor::name).all()) ==
          strings{"Ursula", "Frank", "Anon", "Blank"});
    CHECK(names(s.query<QAuthor>().order_by(&QAuthor::rating).order_by(&QAuthor::name, orm::desc).all()) ==
          strings{"Blank", "Anon", "Frank", "Ursula"});
    // No order given: by key.
    CHECK(names(s.query<QAuthor>().all()) == strings{"Ursula", "Frank", "Anon", "Blank"});
    // Text and NULL text.
    CHECK(
        titles(s.query<QBook>().order_by(&QBook::isbn, orm::desc).order_by(&QBook::title).all()) ==
        strings{"Dune", "The Dispossessed", "100% True_Story", "Dune Messiah", "The Left Hand of Darkness"});
}

TEST_CASE("query: limit and offset", "[live][query]") {
    library lib;
    auto& s = lib.s;
    auto by_pages = [&] { return s.query<QBook>().order_by(&QBook::pages); };
    CHECK(titles(by_pages().limit(2).all()) == strings{"100% True_Story", "Dune Messiah"});
    CHECK(titles(by_pages().limit(2).offset(2).all()) ==
          strings{"The Left Hand of Darkness", "The Dispossessed"});
    CHECK(titles(by_pages().offset(4).all()) == strings{"Dune"});
    CHECK(by_pages().offset(5).all().empty());
    CHECK(by_pages().limit(0).all().empty());
    CHECK(by_pages().limit(2).offset(1).count() == 2);
    CHECK(by_pages().offset(4).count() == 1);
    CHECK(by_pages().offset(9).count() == 0);
    CHECK(by_pages().offset(4).exists());
    CHECK_FALSE(by_pages().offset(5).exists());
    CHECK(by_pages().offset(1).first()->title == "Dune Messiah");
}

TEST_CASE("query: terminals first, one, count, exists and their errors", "[live][query]") {
    library lib;
    auto& s = lib.s;
    CHECK(s.query<QBook>().count() == 5);
    CHECK(s.query<QBook>().where(col(&QBook::pages) > 300).count() == 3);
    CHECK(s.query<QBook>().where(col(&QBook::pages) > 300).exists());
    CHECK_FALSE(s.query<QBook>().where(col(&QBook::pages) > 3000).exists());
    CHECK(s.query<QBook>().where(col(&QBook::pages) > 3000).count() == 0);

    CHECK_FALSE(s.query<QBook>().where(col(&QBook::pages) > 3000).first());
    CHECK(s.query<QBook>().order_by(&QBook::pages, orm::desc).first()->title == "Dune");

    CHECK(s.query<QBook>().where(col(&QBook::title) == "Dune").one()->pages == 412);
    CHECK_THROWS_AS(s.query<QBook>().where(col(&QBook::title) == "Nothing").one(), orm::not_found);
    CHECK_THROWS_AS(s.query<QBook>().where(col(&QBook::title).like("Dune%")).one(), orm::multiple_results);
    CHECK_THROWS_WITH(s.query<QBook>().where(col(&QBook::title).like("Dune%")).one(),
                      Catch::Contains("more than one row in q_books"));
}

TEST_CASE("query: results go through the identity map", "[live][query][identity]") {
    library lib;
    auto& s = lib.s;
    auto dune = s.query<QBook>().where(col(&QBook::title) == "Dune").one();
    CHECK(dune == s.get<QBook>(dune->id));
    auto all = s.query<QBook>().order_by(&QBook::pages, orm::desc).all();
    CHECK(all.front() == dune);
    CHECK(s.state_of(dune) == orm::object_state::persistent);

    // Unflushed changes are kept when the row is read again without a flush.
    dune->pages = 999;
    auto again = s.query<QBook>().autoflush(false).where(col(&QBook::title) == "Dune").one();
    CHECK(again == dune);
    CHECK(again->pages == 999);
    CHECK(s.is_modified(dune));
    // The database still has the old value: a condition on the new one finds nothing.
    CHECK_FALSE(s.query<QBook>().autoflush(false).where(col(&QBook::pages) == 999).first());
    // Autoflush (the default) writes it first.
    CHECK(s.query<QBook>().where(col(&QBook::pages) == 999).one() == dune);
    CHECK_FALSE(s.is_modified(dune));
}

TEST_CASE("query: autoflush makes pending and removed objects visible", "[live][query][identity]") {
    library lib;
    auto& s = lib.s;
    auto fresh = s.add(QBook{.author = lib.anon, .title = "Pending", .pages = 7});
    CHECK_FALSE(s.query<QBook>().autoflush(false).where(col(&QBook::title) == "Pending").exists());
    CHECK(s.query<QBook>().autoflush(false).count() == 5);
    CHECK(s.query<QBook>().where(col(&QBook::title) == "Pending").one() == fresh);
    CHECK(s.state_of(fresh) == orm::object_state::persistent);

    s.remove(fresh);
    // Without a flush the row is still there, but the session does not hand out a removed object.
    CHECK(s.query<QBook>().autoflush(false).count() == 6);
    CHECK_FALSE(s.query<QBook>().autoflush(false).where(col(&QBook::title) == "Pending").first());
    CHECK(s.query<QBook>().count() == 5);
}

TEST_CASE("query: for_each streams rows without tracking them", "[live][query][stream]") {
    library lib;
    auto& s = lib.s;
    s.expunge_all();
    auto held = s.query<QBook>().where(col(&QBook::title) == "Dune").one();
    std::vector<orm::handle<QBook>> seen;
    s.query<QBook>().order_by(&QBook::pages).for_each([&](orm::handle<QBook> b) {
        seen.push_back(std::move(b));
    });
    REQUIRE(titles(seen) == strings{"100% True_Story", "Dune Messiah", "The Left Hand of Darkness",
                                    "The Dispossessed", "Dune"});
    CHECK(seen[4] == held);
    for (std::size_t i = 0; i < 4; ++i) CHECK(s.state_of(seen[i]) == orm::object_state::transient);
    // A streamed object is not the session's: loading its row gives another object.
    auto loaded = s.get<QBook>(seen[0]->id);
    CHECK(loaded != seen[0]);
    CHECK(loaded->title == seen[0]->title);

    std::size_t n = 0;
    s.query<QBook>().where(col(&QBook::pages) > 300).for_each([&](const orm::handle<QBook>&) { ++n; });
    CHECK(n == 3);
    CHECK_THROWS_AS(s.query<QBook>().load(&QBook::author).for_each([](auto) {}), orm::error);
}

TEST_CASE("query: hostile text is bound and matches literally", "[live][query][binding]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<std::string> values{
        "O'Reilly",
        "\"double\" and 'single' quotes",
        "semi; colon; DROP TABLE q_notes; --",
        "back\\slash \\' \\\" \\\\",
        "question ? mark :p1 :name $1",
        "percent % under _ star *",
        "non-ASCII: \xc3\xa9t\xc3\xa9, \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e, \xf0\x9f\x90\xa6",
        "",
    };
    const bool nul = db.dialect().text_allows_nul();
    // PostgreSQL text cannot hold U+0000 (it is refused before sending; see test_errors_live).
    if (nul) values.push_back(std::string("nul\0inside", 10));
    for (const auto& v : values) s.add(QNote{.text = v, .extra = v});
    s.commit();
    s.expunge_all();

    for (const auto& v : values) {
        INFO("value: " << v);
        auto found = s.query<QNote>().where(col(&QNote::text) == v).all();
        REQUIRE(found.size() == 1);
        CHECK(found[0]->text == v);
        CHECK(found[0]->extra == v);
        CHECK(s.query<QNote>().where(col(&QNote::extra) == std::optional<std::string>(v)).count() == 1);
        CHECK(s.query<QNote>().where(col(&QNote::text).in(std::vector{v})).count() == 1);
        CHECK(s.query<QNote>().where(col(&QNote::text).between(v, v)).count() == 1);
        CHECK(s.query<QNote>().where(col(&QNote::text) != v).count() == values.size() - 1);
        // Bound in raw SQL as well.
        CHECK(s.sql<QNote>("SELECT * FROM q_notes WHERE text = ?", v).size() == 1);
    }
    // A pattern of hostile text matches itself once its wildcards and backslashes are escaped.
    for (const auto& v : values) {
        std::string pattern;
        for (char c : v) {
            if (c == '%' || c == '_' || c == '\\') pattern += '\\';
            pattern += c;
        }
        INFO("pattern: " << pattern);
        CHECK(s.query<QNote>().where(col(&QNote::text).like(pattern)).count() == 1);
    }
    CHECK(s.query<QNote>().count() == values.size());
}
