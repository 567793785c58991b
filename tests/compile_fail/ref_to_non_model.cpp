// ref<T> where T is not a model.
// expect: cormorant: ref<T> needs T to be a model
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Order {
    std::int64_t id = 0;
    cormorant::ref<int> customer;
    std::string note;
};

const cormorant::table_info& orders = cormorant::table_of<Order>();
