// A model declared inside a function: a local class has no linkage, so its
// field names cannot be read at compile time.
// expect: cormorant: models must be declared at namespace scope
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

void create(cormorant::database& db) {
    struct Note {
        std::int64_t id = 0;
        std::string text;
    };
    db.create_all<Note>();
}
