// model_traits<T>::unique names a member of another struct.
// expect: cormorant: model_traits<T>::unique must be cormorant::columns(&T::field, ...)
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Person {
    std::int64_t id = 0;
    std::string email;
};

struct Team {
    std::int64_t id = 0;
    std::string name;
};

template <>
struct cormorant::model_traits<Team> {
    static constexpr auto unique = cormorant::columns(&Person::email);
};

const cormorant::table_info& teams = cormorant::table_of<Team>();
