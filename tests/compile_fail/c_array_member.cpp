// A C array member: aggregate initialisation counts its elements as fields
// (brace elision), so it would be mistaken for three columns.
// expect: cormorant: a model cannot have C array members
#include <cormorant/cormorant.hpp>
#include <cstdint>

struct Reading {
    std::int64_t id = 0;
    double xyz[3] = {};
    std::int32_t sensor = 0;
};

const cormorant::table_info& readings = cormorant::table_of<Reading>();
