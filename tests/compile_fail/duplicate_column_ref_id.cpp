// A ref<Author> field `author` is the column author_id, which a field of that
// name already is.
// expect: cormorant: two fields map to the same column name
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Author {
    std::int64_t id = 0;
    std::string name;
};

struct Book {
    std::int64_t id = 0;
    cormorant::ref<Author> author;
    std::int64_t author_id = 0;
    std::string title;
};

const cormorant::table_info& books = cormorant::table_of<Book>();
