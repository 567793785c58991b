// A text column compared with a number.
// expect: cormorant: a column is compared with a value of its own type
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

auto e = col(&Book::title) == 42;
