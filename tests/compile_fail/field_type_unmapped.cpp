// A field whose type has no column mapping (and no type_conversion).
// expect: cormorant: a field type has no column mapping
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>
#include <vector>

struct Player {
    std::int64_t id = 0;
    std::string name;
    std::vector<int> scores;
};

const cormorant::table_info& players = cormorant::table_of<Player>();
