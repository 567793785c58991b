// A unique constraint over a field that is not stored.
// expect: cormorant: model_traits<T>::unique names a field listed in not_columns
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Page {
    std::int64_t id = 0;
    std::string path;
    std::string rendered;
};

template <>
struct cormorant::model_traits<Page> {
    static constexpr auto unique = cormorant::columns(&Page::rendered);
    static constexpr auto not_columns = cormorant::columns(&Page::rendered);
};

const cormorant::table_info& pages = cormorant::table_of<Page>();
