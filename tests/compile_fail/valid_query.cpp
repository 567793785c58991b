// The control case for queries: every form the failing cases get wrong,
// written correctly, compiles without warnings.
// expect-compile
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>

struct Author {
    std::int64_t id = 0;
    std::string name;
};

struct Book {
    std::int64_t id = 0;
    cormorant::ref<Author> author;
    std::string title;
    int pages = 0;
    std::optional<std::string> isbn;
};

struct PageCount {
    std::string title;
    std::int64_t pages = 0;
};

using cormorant::col;

#include <vector>

void f(cormorant::session& s, std::shared_ptr<Author> a) {
    auto books = s.query<Book>()
                     .where(col(&Book::pages) > 300 && col(&Book::title).like("The %"))
                     .where(col(&Book::author) == a || col(&Book::author) == std::int64_t{7})
                     .where(col(&Book::isbn).is_null() || col(&Book::isbn) == "x")
                     .where(col(&Book::pages).in({1, 2}) && col(&Book::pages).between(1, 2.0f < 1 ? 1 : 2))
                     .order_by(&Book::title, cormorant::desc)
                     .load(&Book::author)
                     .limit(3)
                     .all();
    s.update<Book>().set(&Book::pages, 1).set(&Book::author, a).where(!(col(&Book::pages) == 0)).execute();
    s.remove<Book>().where(col(&Book::title) != std::string("x")).execute();
    auto kids = s.children(&Book::author, std::vector{a});
    auto raw = s.sql<Book>("SELECT * FROM book WHERE pages > ?", 1);
    s.execute("DELETE FROM book WHERE title = ?", "x");
    auto counts = s.rows<PageCount>("SELECT title, pages FROM book WHERE id > ?", 1);
    auto pairs = s.db().rows<std::tuple<std::int64_t, std::string>>("SELECT id, title FROM book");
    std::int64_t n = s.scalar<std::int64_t>("SELECT COUNT(*) FROM book");
    std::optional<int> most = s.db().scalar<std::optional<int>>("SELECT MAX(pages) FROM book");
    (void)counts;
    (void)pairs;
    (void)n;
    (void)most;
    (void)books;
    (void)kids;
    (void)raw;
}
