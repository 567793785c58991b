// A reference member: there is nothing to store it in, and nothing to bind it
// to when a row is read.
// expect: cormorant: a model cannot have reference members
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Comment {
    std::int64_t id = 0;
    const std::string& author;
    std::string text;
};

const cormorant::table_info& comments = cormorant::table_of<Comment>();
