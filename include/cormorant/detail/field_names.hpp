#pragma once
// Compile-time field names of an aggregate.
//
// Boost.PFR 1.84 and later has boost::pfr::get_name; for older PFR we use the
// same technique it does: take the address of the I-th member of an extern
// object that is never defined, pass it as a template argument and read the
// member's name out of __PRETTY_FUNCTION__. Only g++ and clang are supported.
// The type must be at namespace scope (see model_name.hpp for the check).

#include <boost/version.hpp>
#include <cstddef>
#include <string_view>

#if BOOST_VERSION >= 108400
#include <boost/pfr/core_name.hpp>
#else
#include <boost/pfr/core.hpp>
#endif

namespace cormorant::detail {

#if BOOST_VERSION >= 108400

template <class T, std::size_t I>
constexpr std::string_view field_name() noexcept {
    return boost::pfr::get_name<I, T>();
}

#else

template <class T>
extern const T fake_object;

// Wrapping the pointer in a struct keeps clang from rejecting it as a
// template argument of a subobject.
template <class P>
struct pointer_wrapper {
    const P* value;
};

template <class P>
pointer_wrapper(const P*) -> pointer_wrapper<P>;

template <auto Wrapped>
consteval std::string_view name_from_pointer() noexcept {
    // g++: "... [with auto Wrapped = pointer_wrapper<int>{(& fake_object<Book>.Book::pages)}; ...]"
    // clang: "... [Wrapped = pointer_wrapper<int>{&fake_object.pages}]"
    constexpr std::string_view text = __PRETTY_FUNCTION__;
    constexpr std::size_t brace = text.rfind('}');
    constexpr std::size_t end = text[brace - 1] == ')' ? brace - 1 : brace;
    constexpr std::string_view upto = text.substr(0, end);
    constexpr std::size_t start = upto.find_last_of(":.") + 1;
    return upto.substr(start);
}

template <class T, std::size_t I>
constexpr std::string_view field_name() noexcept {
    return name_from_pointer<pointer_wrapper{
        &boost::pfr::detail::sequence_tuple::get<I>(boost::pfr::detail::tie_as_tuple(fake_object<T>))}>();
}

#endif

}  // namespace cormorant::detail
