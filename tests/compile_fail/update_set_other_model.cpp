// A bulk update setting a member of another model.
// expect: cormorant: set() takes a member of the updated model
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
    s.update<Book>().set(&Author::name, "x").execute();
}
