// A class with a constructor is not an aggregate, so it cannot be reflected.
// expect: cormorant: a model must be an aggregate struct
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>
#include <utility>

struct Account {
    explicit Account(std::string owner) : owner(std::move(owner)) {}
    std::int64_t id = 0;
    std::string owner;
};

const cormorant::table_info& accounts = cormorant::table_of<Account>();
