// A key column cannot be NULL.
// expect: cormorant: the key field cannot be a std::optional
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>

struct Draft {
    std::optional<std::int64_t> id;
    std::string text;
};

const cormorant::table_info& drafts = cormorant::table_of<Draft>();
