// A rename onto the name of another field's column.
// expect: cormorant: two fields map to the same column name
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>
#include <tuple>

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string login;
};

template <>
struct cormorant::model_traits<User> {
    static constexpr auto column_names = std::tuple{cormorant::rename(&User::login, "email")};
};

const cormorant::table_info& users = cormorant::table_of<User>();
