// queries: typed conditions, order and paging, terminals, select-in loading,
// children, bulk statements and raw SQL. Each result it prints is checked,
// and a mismatch makes it exit with status 1, so the figures docs/queries.md
// quotes stay true. DATABASE_URL picks the database (default: the SQLite
// file cormorant.db in the working directory).
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace orm = cormorant;
using orm::col;

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::optional<int> born;
};

struct Book {
    std::int64_t id = 0;
    orm::ref<Author> author;
    std::string title;
    int pages = 0;
    std::optional<std::string> isbn;
};

/// A report row: not a model (no key), read with rows<R> and never tracked.
struct PageTotal {
    std::string author;
    std::int64_t pages = 0;
};

template <>
struct orm::model_traits<Author> {
    static constexpr std::string_view table = "authors";
};
template <>
struct orm::model_traits<Book> {
    static constexpr std::string_view table = "books";
};

namespace {

int failures = 0;

/// Prints `what: got` and counts a failure when got differs from want.
template <class A, class B>
void expect(const std::string& what, const A& got, const B& want) {
    std::cout << what << ": " << got << "\n";
    if (!(got == want)) {
        std::cout << "  MISMATCH, expected: " << want << "\n";
        ++failures;
    }
}

std::string titles(const std::vector<orm::handle<Book>>& books) {
    std::ostringstream out;
    for (std::size_t i = 0; i < books.size(); ++i) out << (i ? ", " : "") << books[i]->title;
    return out.str();
}

}  // namespace

int main() try {
    std::cout << std::boolalpha;
    auto db = orm::database::open(orm::config::from_env());
    db.drop_all<Book, Author>();
    db.create_all<Author, Book>();
    orm::session s{db};

    // [seed]
    auto ursula = s.add(Author{.name = "Ursula K. Le Guin", .born = 1929});
    auto frank = s.add(Author{.name = "Frank Herbert", .born = 1920});
    auto anon = s.add(Author{.name = "Anonymous"});
    s.add(Book{.author = ursula, .title = "The Dispossessed", .pages = 387, .isbn = "978-0-06-051275-3"});
    s.add(Book{.author = ursula, .title = "The Left Hand of Darkness", .pages = 304});
    s.add(Book{.author = frank, .title = "Dune", .pages = 412, .isbn = "978-0-441-01359-3"});
    s.add(Book{.author = frank, .title = "Dune Messiah", .pages = 256});
    s.add(Book{.author = anon, .title = "Beowulf", .pages = 90});
    s.commit();
    // [seed]

    // [where]
    auto long_books = s.query<Book>()
                          .where(col(&Book::pages) > 300 && col(&Book::isbn).is_not_null())
                          .order_by(&Book::pages, orm::desc)
                          .all();
    expect("long books with an ISBN", titles(long_books), "Dune, The Dispossessed");

    auto franks = s.query<Book>().where(col(&Book::author) == frank).order_by(&Book::title).all();
    expect("Frank's books", titles(franks), "Dune, Dune Messiah");

    auto some = s.query<Book>()
                    .where(col(&Book::title).like("The %") || col(&Book::pages).between(80, 100))
                    .order_by(&Book::title)
                    .all();
    expect("like or between", titles(some), "Beowulf, The Dispossessed, The Left Hand of Darkness");
    // [where]

    // [terminals]
    auto dune = s.query<Book>().where(col(&Book::title) == "Dune").one();  // not_found / multiple_results
    expect("Dune's pages", dune->pages, 412);
    expect("same handle as get()", dune == s.get<Book>(dune->id), true);
    expect("books without an ISBN", s.query<Book>().where(col(&Book::isbn).is_null()).count(), 3u);
    expect("any book over 1000 pages", s.query<Book>().where(col(&Book::pages) > 1000).exists(), false);
    expect("no such book", s.query<Book>().where(col(&Book::title) == "Emma").first() == nullptr, true);
    // [terminals]

    // [paging]
    auto page = s.query<Book>().order_by(&Book::pages).limit(2).offset(1).all();
    expect("second page of two, by length", titles(page), "Dune Messiah, The Left Hand of Darkness");
    // [paging]

    // [nulls]
    std::string order;
    for (const auto& a : s.query<Author>().order_by(&Author::born).all()) order += a->name + "; ";
    expect("authors by birth year, NULL first", order, "Anonymous; Frank Herbert; Ursula K. Le Guin; ");
    // [nulls]

    // [autoflush]
    dune->pages = 415;  // not flushed yet
    expect("found by its new value", s.query<Book>().where(col(&Book::pages) == 415).count(), 1u);
    // [autoflush]

    // [load]
    s.expunge_all();  // start from an empty identity map
    const auto before = s.stats().statements;
    auto books = s.query<Book>().load(&Book::author).all();
    expect("statements for 5 books and their 3 authors", s.stats().statements - before, 2u);
    expect("the first book's author", books[0]->author.target()->name, "Ursula K. Le Guin");
    // [load]

    // [children]
    auto authors = s.query<Author>().order_by(&Author::name).all();
    auto by_author = s.children(&Book::author, authors);  // one SELECT ... WHERE author_id IN (...)
    for (std::size_t i = 0; i < authors.size(); ++i)
        expect("books of " + authors[i]->name, by_author[i].size(),
               authors[i]->name == "Anonymous" ? 1u : 2u);
    // [children]

    // [bulk]
    auto held = s.query<Book>().where(col(&Book::title) == "Beowulf").one();
    auto changed =
        s.update<Book>().set(&Book::isbn, std::string("unknown")).where(col(&Book::isbn).is_null()).execute();
    expect("rows updated", changed, 3u);
    expect("the held object has the new value", held->isbn.value_or("none"), "unknown");
    auto removed = s.remove<Book>().where(col(&Book::pages) < 100).execute();
    expect("rows deleted", removed, 1u);
    expect("the held object is detached", orm::to_string(s.state_of(held)), std::string("detached"));
    // [bulk]

    // [raw]
    auto raw = s.sql<Book>("SELECT * FROM books WHERE pages > ? AND title <> '?' ORDER BY pages", 300);
    expect("raw SQL, mapped to books", titles(raw), "The Left Hand of Darkness, The Dispossessed, Dune");
    auto by_name = s.sql<Book>("SELECT title, id, isbn, pages, author_id FROM books WHERE title = ?", "Dune");
    expect("columns by name, the same object", by_name.at(0) == raw.back(), true);
    expect("raw statement", s.execute("UPDATE books SET pages = pages + ? WHERE pages < ?", 1, 300), 1u);
    // [raw]

    // [raw rows]
    auto totals = s.rows<PageTotal>(
        "SELECT a.name AS author, SUM(b.pages) AS pages FROM authors a JOIN books b ON b.author_id = a.id "
        "GROUP BY a.name ORDER BY a.name");
    expect("pages by author, untracked", totals.at(0).author + " " + std::to_string(totals.at(0).pages),
           "Frank Herbert 672");
    auto pairs = s.rows<std::tuple<std::string, int>>("SELECT title, pages FROM books WHERE pages < ?", 300);
    expect("a tuple, by position", std::get<0>(pairs.at(0)), "Dune Messiah");
    expect("a scalar", s.scalar<std::int64_t>("SELECT COUNT(*) FROM books"), 4);
    auto none = s.scalar<std::optional<std::string>>("SELECT title FROM books WHERE pages > ?", 1000);
    expect("no row, as an optional", none.value_or("none"), "none");
    // [raw rows]

    std::cout << (failures ? "FAILED\n" : "all results as expected\n");
    return failures ? 1 : 0;
} catch (const std::exception& e) {
    std::cerr << "queries failed: " << e.what() << "\n";
    return 1;
}
