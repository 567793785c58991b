#pragma once
// The compile-time checks that reject structs cormorant cannot map, each with
// a static_assert that says what is wrong in plain words. Checks run in
// order; once one fails, later ones are skipped so that the first error a
// user reads is ours, not a deep template failure.

#include <type_traits>

#include "cormorant/detail/reflect.hpp"

namespace cormorant::detail {

/// A type that can be reflected at all: an aggregate class outside functions.
template <class T>
inline constexpr bool is_model_candidate =
    std::is_class_v<T> && std::is_aggregate_v<T> && !std::is_polymorphic_v<T>;

template <class T>
constexpr std::size_t key_field_index();

template <class T>
consteval bool check_model() {
    static_assert(std::is_class_v<T> && std::is_aggregate_v<T>,
                  "cormorant: a model must be an aggregate struct: public data members only, "
                  "no user-declared constructors, no virtual functions");
    if constexpr (std::is_class_v<T> && std::is_aggregate_v<T>) {
        static_assert(!declared_in_function<T>(),
                      "cormorant: models must be declared at namespace scope, not inside a function");
        if constexpr (!declared_in_function<T>()) {
            static_assert(key_field_index<T>() != npos,
                          "cormorant: the model has no key field: add a field named `id` or name an "
                          "existing field in model_traits<T>::key");
            return key_field_index<T>() != npos;
        }
    }
    return false;
}

}  // namespace cormorant::detail
