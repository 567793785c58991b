// Select-in loading of references and of children (with the statement
// counts that prove it), bulk UPDATE and DELETE keeping the session
// consistent, and raw SQL, on every backend.
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

/// `authors` authors and `books` books, book i by author i % authors, written with a plain database handle.
void seed(orm::database& db, int authors, int books) {
    std::vector<QAuthor> as;
    for (int i = 0; i < authors; ++i) as.push_back({.name = "author " + std::to_string(i), .born = 1900 + i});
    db.insert(std::span<QAuthor>(as));
    std::vector<QBook> bs;
    for (int i = 0; i < books; ++i)
        bs.push_back({.author = orm::ref<QAuthor>{as[i % authors].id},
                      .title = "book " + std::to_string(i),
                      .pages = i});
    db.insert(std::span<QBook>(bs));
}

struct statement_log {
    std::vector<std::string> sql;
    explicit statement_log(orm::session& s) {
        s.trace([this](std::string_view text) { sql.emplace_back(text); });
    }
};

}  // namespace

TEST_CASE("load: 1,000 books with their authors in two statements", "[live][query][load]") {
    auto db = fresh_db();
    seed(db, 250, 1000);
    orm::session s{db};
    statement_log log(s);
    const auto before = s.stats().statements;
    auto books = s.query<QBook>().load(&QBook::author).all();
    CHECK(s.stats().statements - before == 2);  // the books, then one WHERE id IN (...) for 250 authors
    REQUIRE(log.sql.size() == 2);
    CHECK(log.sql[1].find(" IN (") != std::string::npos);
    REQUIRE(books.size() == 1000);
    for (const auto& b : books) {
        REQUIRE(b->author.target());
        CHECK(b->author.target()->id == b->author.key());
    }
    // One object per author, shared by its books, and the session's own.
    CHECK(books[0]->author.target() == books[250]->author.target());
    CHECK(books[0]->author.target() == s.get<QAuthor>(books[0]->author.key()));
    CHECK(s.stats().statements - before == 2);  // get() found it in the identity map
    // Holding its target does not make a book modified.
    CHECK_FALSE(s.is_modified(books[0]));
}

TEST_CASE("load: objects the session holds are not fetched again", "[live][query][load]") {
    auto db = fresh_db();
    seed(db, 10, 40);
    orm::session s{db};
    auto authors = s.query<QAuthor>().all();
    REQUIRE(authors.size() == 10);
    const auto before = s.stats().statements;
    auto books = s.query<QBook>().load(&QBook::author).all();
    CHECK(s.stats().statements - before == 1);  // only the books
    for (const auto& b : books) CHECK(b->author.target() == s.get<QAuthor>(b->author.key()));

    // Some held, some not: only the missing ones are asked for.
    s.expunge_all();
    auto some = s.query<QAuthor>().where(col(&QAuthor::born) < 1905).all();
    REQUIRE(some.size() == 5);
    statement_log log(s);
    books = s.query<QBook>().load(&QBook::author).all();
    REQUIRE(log.sql.size() == 2);
    const std::string& in = log.sql[1];
    CHECK(std::count(in.begin(), in.end(), ':') == 5);  // five keys, five placeholders
    for (const auto& b : books) REQUIRE(b->author.target());
}

TEST_CASE("load: large key sets are split under the parameter limit", "[live][query][load]") {
    auto db = fresh_db();
    seed(db, 2500, 2500);
    orm::session s{db};
    const auto before = s.stats().statements;
    auto books = s.query<QBook>().where(col(&QBook::pages) >= 0).load(&QBook::author).all();
    REQUIRE(books.size() == 2500);
    // Batches of at most 1,000 keys: 3 statements for 2,500 authors, plus the books.
    CHECK(s.stats().statements - before == 4);
    for (const auto& b : books) REQUIRE(b->author.target());
}

TEST_CASE("children: the books of many authors, grouped, in one statement", "[live][query][load]") {
    auto db = fresh_db();
    seed(db, 100, 1000);
    orm::session s{db};
    auto authors = s.query<QAuthor>().all();
    auto lonely = s.add(QAuthor{.name = "no books yet"});  // pending: gets its key at the flush
    authors.push_back(lonely);
    const auto before = s.stats().statements;
    statement_log log(s);
    auto books = s.children(&QBook::author, authors);
    // The flush (BEGIN, one INSERT for the pending author, COMMIT), then one SELECT ... IN for the books.
    CHECK(s.stats().statements - before == 4);
    REQUIRE(log.sql.size() == 4);
    CHECK(log.sql[1].starts_with("INSERT"));
    CHECK(log.sql[3].starts_with("SELECT"));
    CHECK(log.sql[3].find(" IN (") != std::string::npos);
    REQUIRE(books.size() == authors.size());
    for (std::size_t i = 0; i < 100; ++i) {
        REQUIRE(books[i].size() == 10);
        for (const auto& b : books[i]) {
            CHECK(b->author.key() == authors[i]->id);
            CHECK(b->author.target() == authors[i]);
        }
    }
    CHECK(books[100].empty());
    // Same objects as any other query returns.
    CHECK(books[0][0] == s.query<QBook>().where(col(&QBook::id) == books[0][0]->id).one());
}

TEST_CASE("bulk update: row count, held objects and their snapshots", "[live][query][bulk]") {
    auto db = fresh_db();
    seed(db, 2, 10);
    orm::session s{db};
    auto held = s.query<QBook>().where(col(&QBook::pages) < 3).order_by(&QBook::pages).all();
    REQUIRE(held.size() == 3);
    held[2]->title = "unflushed";  // written by the autoflush before the statement
    const auto n = s.update<QBook>()
                       .set(&QBook::isbn, std::string("set"))
                       .set(&QBook::pages, 100)
                       .where(col(&QBook::pages) < 2)
                       .execute();
    CHECK(n == 2);
    CHECK(held[0]->pages == 100);
    CHECK(held[0]->isbn == "set");
    CHECK(held[1]->pages == 100);
    CHECK_FALSE(s.is_modified(held[0]));  // the snapshot has the new values too
    CHECK(held[2]->pages == 2);
    CHECK(held[2]->isbn == std::nullopt);
    orm::session other{db};
    CHECK(other.query<QBook>().where(col(&QBook::pages) == 100).count() == 2);
    CHECK(other.query<QBook>().where(col(&QBook::title) == "unflushed").count() == 1);

    // A value equal to the one stored still counts as matched (every backend).
    CHECK(s.update<QBook>().set(&QBook::pages, 100).where(col(&QBook::pages) == 100).execute() == 2);
    // A later change of a held object is written on top of the bulk values.
    held[0]->pages = 5;
    s.commit();
    CHECK(other.query<QBook>().where(col(&QBook::pages) == 100).count() == 1);

    // Without where(): every row; a ref set from a handle.
    auto author = s.query<QAuthor>().first();
    CHECK(s.update<QBook>().set(&QBook::author, author).execute() == 10);
    CHECK(other.query<QBook>().where(col(&QBook::author) == author->id).count() == 10);
    CHECK(s.update<QBook>().set(&QBook::pages, 1).where(col(&QBook::pages) > 1000).execute() == 0);
}

TEST_CASE("bulk update: a version column is increased", "[live][query][bulk]") {
    auto db = fresh_db();
    orm::session s{db};
    auto a = s.add(QCounter{.name = "a"});
    auto b = s.add(QCounter{.name = "b"});
    s.commit();
    const auto version = a->version;
    CHECK(s.update<QCounter>()
              .set(&QCounter::hits, std::int64_t{7})
              .where(col(&QCounter::name) == "a")
              .execute() == 1);
    CHECK(a->hits == 7);
    CHECK(a->version == version + 1);
    CHECK(b->version == version);
    // The held object's next flush passes the version check.
    a->hits = 8;
    REQUIRE_NOTHROW(s.commit());
    orm::session other{db};
    CHECK(other.get<QCounter>(a->id)->hits == 8);
    CHECK_THROWS_AS(s.update<QCounter>().set(&QCounter::id, std::int64_t{1}).execute(), orm::error);
    CHECK_THROWS_AS(s.update<QCounter>().set(&QCounter::version, 1).execute(), orm::error);
}

TEST_CASE("bulk remove: row count and held objects detached", "[live][query][bulk]") {
    auto db = fresh_db();
    seed(db, 2, 10);
    orm::session s{db};
    auto held = s.query<QBook>().order_by(&QBook::pages).all();
    auto added = s.add(QBook{.author = held[0]->author, .title = "pending", .pages = 3});
    const auto n = s.remove<QBook>().where(col(&QBook::pages) < 4).execute();
    CHECK(n == 5);  // four seeded and the pending one, inserted by the autoflush first
    for (int i = 0; i < 4; ++i) CHECK(s.state_of(held[i]) == orm::object_state::detached);
    CHECK(s.state_of(added) == orm::object_state::detached);
    CHECK(s.state_of(held[4]) == orm::object_state::persistent);
    CHECK(s.query<QBook>().count() == 6);
    CHECK_FALSE(s.get<QBook>(held[0]->id));
    CHECK(s.remove<QBook>().execute() == 6);
    CHECK(s.query<QBook>().count() == 0);
}

TEST_CASE("bulk remove: held children deleted by ON DELETE CASCADE leave the session",
          "[live][query][bulk]") {
    auto db = fresh_db();
    seed(db, 1, 3);
    orm::session s{db};
    auto books = s.query<QBook>().order_by(&QBook::pages).all();
    auto one = s.add(QChapter{.book = books[0], .title = "one"});
    auto two = s.add(QChapter{.book = books[0], .title = "two"});
    auto other = s.add(QChapter{.book = books[1], .title = "other"});
    s.commit();
    CHECK(s.remove<QBook>().where(col(&QBook::pages) == 0).execute() == 1);
    CHECK(s.state_of(books[0]) == orm::object_state::detached);
    CHECK(s.state_of(one) == orm::object_state::detached);
    CHECK(s.state_of(two) == orm::object_state::detached);
    CHECK(s.state_of(other) == orm::object_state::persistent);
    CHECK(s.query<QChapter>().count() == 1);
    // Nothing stale is left to flush.
    other->title = "changed";
    REQUIRE_NOTHROW(s.commit());
}

TEST_CASE("raw SQL: rows mapped through the identity map, ? bound", "[live][query][raw]") {
    auto db = fresh_db();
    seed(db, 2, 10);
    orm::session s{db};
    auto held = s.query<QBook>().where(col(&QBook::pages) == 3).one();
    held->title = "changed";  // flushed before the raw query
    auto rows = s.sql<QBook>("SELECT * FROM q_books WHERE pages < ? AND title <> '?' ORDER BY pages", 4);
    REQUIRE(rows.size() == 4);
    CHECK(rows[3] == held);
    CHECK(s.sql<QBook>("SELECT * FROM q_books WHERE title = ?", "changed").size() == 1);
    CHECK(s.sql<QBook>("SELECT * FROM q_books WHERE title = ? -- ?\n", "changed").size() == 1);
    CHECK(s.sql<QBook>("SELECT * FROM q_books WHERE isbn IS NULL AND pages BETWEEN ? AND ?", 2, 5).size() ==
          4);

    CHECK(s.execute("UPDATE q_books SET isbn = ? WHERE pages >= ?", "raw", 8) == 2);
    CHECK(s.execute("DELETE FROM q_books WHERE isbn = ?", std::string("raw")) == 2);
    CHECK(s.query<QBook>().count() == 8);
    CHECK(s.execute("UPDATE q_books SET isbn = ? WHERE pages = ?", std::nullopt, 12345) == 0);
}
