// model_traits<T>::created_at names a field that is not a time point.
// expect: cormorant: model_traits<T>::created_at must point to a std::chrono::system_clock::time_point field
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Note {
    std::int64_t id = 0;
    std::string text;
    std::int64_t created = 0;
};

template <>
struct cormorant::model_traits<Note> {
    static constexpr auto created_at = &Note::created;
};

const cormorant::table_info& notes = cormorant::table_of<Note>();
