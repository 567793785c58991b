// A bit-field member: its address cannot be taken, so it cannot be reflected.
// expect: cormorant: a model cannot have bit-field members
#include <cormorant/cormorant.hpp>
#include <cstdint>

struct Flags {
    std::int64_t id = 0;
    unsigned archived : 1;
    unsigned pinned : 1;
};

const cormorant::table_info& flags = cormorant::table_of<Flags>();
