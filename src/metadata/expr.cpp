// What the typed column expressions (expr.hpp) need at run time: the column
// of a member, and the value an operand stands for.
#include "cormorant/expr.hpp"

#include <string>

#include "cormorant/errors.hpp"

namespace cormorant::detail {

std::size_t column_of_field(const table_info& t, std::size_t field_index) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].field_index == field_index) return i;
    throw schema_error("cormorant: field " + std::to_string(field_index) + " of " + t.type_name +
                       " is not a column (model_traits<T>::not_columns), so it cannot be used in a query");
}

value operand::resolve() const {
    return object ? table->get(object.get(), table->key) : v;
}

}  // namespace cormorant::detail
