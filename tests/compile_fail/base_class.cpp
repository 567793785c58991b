// A model with a base class: aggregate initialisation and reflection see the
// base as one opaque element, so its fields could not become columns.
// expect: cormorant: a model cannot have base classes
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Timestamps {
    std::int64_t created = 0;
    std::int64_t updated = 0;
};

struct Article : Timestamps {
    std::int64_t id = 0;
    std::string title;
};

void create(cormorant::database& db) {
    db.create_all<Article>();
}
