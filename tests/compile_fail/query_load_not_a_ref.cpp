// load() of a member that is not a ref<T>.
// expect: cormorant: load() takes a ref<T> member
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

using cormorant::col;

void f(cormorant::session& s) {
    s.query<Book>().load(&Book::title).all();
}
