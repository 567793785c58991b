// The key, given as a pointer to member, is also listed in not_columns.
// expect: cormorant: the key field is listed in model_traits<T>::not_columns
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Ticket {
    std::int64_t number = 0;
    std::string subject;
};

template <>
struct cormorant::model_traits<Ticket> {
    static constexpr auto key = &Ticket::number;
    static constexpr auto not_columns = cormorant::columns(&Ticket::number);
};

const cormorant::table_info& tickets = cormorant::table_of<Ticket>();
