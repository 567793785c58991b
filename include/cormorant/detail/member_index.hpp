#pragma once
// The column a pointer to member names, found at run time: for APIs that take
// `&T::field` as a plain argument (order_by, load, set, children), where it
// is not a constant expression. The member's address in one probe object,
// built once per model, is compared with the address of each field.

#include <cstddef>
#include <type_traits>
#include <utility>

#include "cormorant/expr.hpp"

namespace cormorant::detail {

template <class T>
const T& probe_object() {
    static_assert(
        std::is_default_constructible_v<T>,
        "cormorant: queries need a model that is default-constructible (rows are read into new objects)");
    static const T probe{};
    return probe;
}

/// The index in table_of<T>().columns of the column of `member`.
template <class T, class M>
std::size_t column_index_of(M T::*member) {
    const T& probe = probe_object<T>();
    const void* target = &(probe.*member);
    const std::size_t field = [&]<std::size_t... I>(std::index_sequence<I...>) {
        std::size_t found = npos;
        ((found =
              (found == npos && static_cast<const void*>(&boost::pfr::get<I>(probe)) == target) ? I : found),
         ...);
        return found;
    }
    (std::make_index_sequence<field_count<T>>{});
    return column_of_field(table_of<T>(), field);
}

/// The model a ref member (`ref<U>` or `std::optional<ref<U>>`) refers to; void otherwise.
template <class M>
using ref_model_t = typename ref_target<M>::type;

/// Writes a ref member so that it holds `target` (an object of the referenced model).
template <class T, class M>
auto ref_assigner(M T::*member) {
    return [member](void* object, std::shared_ptr<void> target) {
        using U = ref_model_t<M>;
        static_cast<T*>(object)->*member = ref<U>(std::static_pointer_cast<U>(std::move(target)));
    };
}

}  // namespace cormorant::detail
