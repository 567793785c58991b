// No field named id, and no model_traits<T>::key.
// expect: cormorant: the model has no key field
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Setting {
    std::string name;
    std::string value;
};

const cormorant::table_info& settings = cormorant::table_of<Setting>();
