// A condition on another model's column given to a query.
// expect: cormorant: where() takes a condition on columns of the queried model
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
    s.query<Book>().where(col(&Author::name) == "Ursula").all();
}
