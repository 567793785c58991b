#pragma once
// Compile-time facts about an aggregate: its type name, its fields' names and
// types, and the index of a field given a pointer to member.

#include <boost/pfr/core.hpp>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "cormorant/detail/field_names.hpp"

namespace cormorant::detail {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

/// "ns::Book" for ns::Book; "main()::Local" for a class local to main.
template <class T>
consteval std::string_view type_name() noexcept {
    // g++: "... type_name() [with T = ns::Book; std::string_view = ...]"
    // clang: "... type_name() [T = ns::Book]"
    constexpr std::string_view text = __PRETTY_FUNCTION__;
    constexpr std::size_t start = text.find("T = ") + 4;
    constexpr std::size_t end = text.find_first_of(";]", start);
    return text.substr(start, end - start);
}

/// The name without namespaces or enclosing classes: "Book".
template <class T>
consteval std::string_view unqualified_type_name() noexcept {
    constexpr std::string_view full = type_name<T>();
    constexpr std::size_t colon = full.rfind("::");
    return colon == std::string_view::npos ? full : full.substr(colon + 2);
}

/// True for classes declared inside a function (their names read "f()::T"),
/// which have no linkage and cannot be reflected.
template <class T>
consteval bool declared_in_function() noexcept {
    return type_name<T>().find('(') != std::string_view::npos;
}

template <class T>
inline constexpr std::size_t field_count = boost::pfr::tuple_size_v<T>;

template <class T, std::size_t I>
using field_type = boost::pfr::tuple_element_t<I, T>;

template <class T, std::size_t I, class M>
constexpr bool is_field(M T::*member) noexcept {
    if constexpr (!std::is_same_v<std::remove_cv_t<field_type<T, I>>, std::remove_cv_t<M>>) {
        return false;
    } else {
        return &(fake_object<T>.*member) ==
               &boost::pfr::detail::sequence_tuple::get<I>(boost::pfr::detail::tie_as_tuple(fake_object<T>));
    }
}

/// Index of the field `member` points to, or npos.
template <class T, class M>
constexpr std::size_t field_index_of(M T::*member) noexcept {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        std::size_t found = npos;
        ((found = (found == npos && is_field<T, I>(member)) ? I : found), ...);
        return found;
    }
    (std::make_index_sequence<field_count<T>>{});
}

/// Index of the field named `name`, or npos.
template <class T>
constexpr std::size_t field_index_of(std::string_view name) noexcept {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        std::size_t found = npos;
        ((found = (found == npos && field_name<T, I>() == name) ? I : found), ...);
        return found;
    }
    (std::make_index_sequence<field_count<T>>{});
}

}  // namespace cormorant::detail
