// No database column holds a long double.
// expect: cormorant: long double is not a column type
#include <cormorant/cormorant.hpp>
#include <cstdint>

struct Measurement {
    std::int64_t id = 0;
    long double value = 0;
};

const cormorant::table_info& measurements = cormorant::table_of<Measurement>();
