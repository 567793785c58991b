// model_traits<T>::key names a field the model does not have.
// expect: cormorant: model_traits<T>::key names a field that the model does not have
#include <cormorant/cormorant.hpp>
#include <string>
#include <string_view>

struct Country {
    std::string code;
    std::string name;
};

template <>
struct cormorant::model_traits<Country> {
    static constexpr std::string_view key = "nope";
};

const cormorant::table_info& countries = cormorant::table_of<Country>();
