#pragma once
// The compile-time checks that reject structs cormorant cannot map, each with
// a static_assert that says what is wrong in plain words. Checks run in
// order; once one fails, later ones are skipped so that the first error a
// user reads is ours, not a deep template failure. table_of<T>() builds a
// table only for a model that passed them all.
//
// Order matters: the shape of the struct is checked without reflecting it
// (bases, C arrays, references and bit-fields break Boost.PFR), then
// model_traits<T>, then each field's type, then the key, then column names.

#include <array>
#include <boost/pfr/core.hpp>
#include <chrono>
#include <climits>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "cormorant/detail/member_kinds.hpp"
#include "cormorant/detail/reflect.hpp"
#include "cormorant/model_traits.hpp"
#include "cormorant/types.hpp"

namespace cormorant::detail {

// Defined in model.hpp.
template <class T>
constexpr std::size_t key_field_index();
template <class T, std::size_t I>
constexpr bool is_column_field();
template <class T, std::size_t I>
constexpr std::optional<std::string_view> renamed_column();

/// The type of field I of T. Same as field_type<T, I>, but the tuple of field
/// types is computed once per model (a class template is instantiated once;
/// each use of Boost.PFR's tuple_element_t repeats the overload resolution).
template <class T>
struct reflected_fields {
    using tuple = decltype(boost::pfr::detail::tie_as_tuple(std::declval<T&>()));
};
template <class T, std::size_t I>
using checked_field_type = std::remove_cv_t<
    typename boost::pfr::detail::sequence_tuple::tuple_element<I, typename reflected_fields<T>::tuple>::type>;

/// What ref<T> needs of T before T can be checked in full (by table_of<T>):
/// an aggregate class without virtual functions.
template <class T>
inline constexpr bool is_model_candidate =
    std::is_class_v<T>&& std::is_aggregate_v<T> && !std::is_polymorphic_v<T>;

// --- the shape of the struct, before any reflection --------------------------

/// True for a class declared inside a function, whose name reads "f()::T" (a
/// class in an anonymous namespace reads "{anonymous}::T" on g++ and
/// "(anonymous namespace)::T" on clang, and is fine).
template <class T>
consteval bool is_local_class() {
    constexpr std::string_view name = type_name<T>();
    constexpr std::string_view anonymous = "(anonymous namespace)";
    for (std::size_t at = name.find(")::"); at != std::string_view::npos; at = name.find(")::", at + 1)) {
        if (!name.substr(0, at + 1).ends_with(anonymous)) return true;
    }
    return false;
}

/// Initializers aggregate initialization of T takes: one per base class, per
/// member, and per element of a C array member (brace elision).
template <class T>
inline constexpr std::size_t element_count = boost::pfr::detail::detect_fields_count_dispatch<T>(
    boost::pfr::detail::size_t_<sizeof(T) * CHAR_BIT>{}, 1L, 1L);

/// Converts to any type (the same stand-in Boost.PFR counts fields with).
template <class T>
using any_value =
    std::conditional_t<std::is_copy_constructible_v<T>, boost::pfr::detail::ubiq_lref_constructor,
                       boost::pfr::detail::ubiq_rref_constructor>;

/// Converts to the proper base classes of T and to nothing else.
template <class T>
struct any_base_of {
    template <class B>
    requires(std::is_base_of_v<B, T> && !std::is_same_v<B, T>) operator B() const;
};

struct no_value {};

// Aggregate initialization puts base classes first: T has one when its first
// element accepts a value that only converts to T's bases (and not just any
// value, as a first field of type std::any would).
template <class T, std::size_t... I>
consteval bool first_element_is_base(std::index_sequence<I...>) {
    return requires {
        T{any_base_of<T>{}, any_value<T>{I}...};
    }
    &&!requires {
        T{no_value{}, any_value<T>{I}...};
    };
}

template <class T>
consteval bool has_base_class() {
    if constexpr (element_count<T> == 0) {
        return false;
    } else {
        return first_element_is_base<T>(std::make_index_sequence<element_count<T> - 1>{});
    }
}

// Parenthesized aggregate initialization has no brace elision: T(x, y, ...)
// with element_count values compiles only when every element is a member of
// its own, so when T has no C array member.
template <class T, std::size_t... I>
consteval bool initializable_member_by_member(std::index_sequence<I...>) {
    return requires {
        T(any_value<T>{I}...);
    };
}

// Element K is a member of its own when a braced initializer for it leaves
// the following elements where they were ({} or {x} suits most types); a
// braced initializer for a C array takes the whole array.
template <class T, std::size_t K, std::size_t... Before, std::size_t... After>
consteval bool is_whole_member(std::index_sequence<Before...>, std::index_sequence<After...>) {
    return requires {
        T{any_value<T>{Before}..., {}, any_value<T>{K + 1 + After}...};
    }
    || requires {
        T{any_value<T>{Before}..., {any_value<T>{K}}, any_value<T>{K + 1 + After}...};
    };
}

template <class T, std::size_t... Before, std::size_t... In, std::size_t... After>
consteval bool braced_then(std::index_sequence<Before...>, std::index_sequence<In...>,
                           std::index_sequence<After...>) {
    return requires {
        T{any_value<T>{Before}..., {any_value<T>{In}...}, any_value<T>{After}...};
    };
}

// For a member that neither {} nor {x} initializes (no default constructor,
// an explicit one): it is a C array of E elements at K when E values in
// braces fill it and exactly the elements after it may follow, not one more.
// (A class member that takes E values in braces leaves room for one more.)
template <class T, std::size_t K, std::size_t E>
consteval bool array_of(std::size_t) {
    constexpr std::size_t after = element_count<T> - K - E;
    return braced_then<T>(std::make_index_sequence<K>{}, std::make_index_sequence<E>{},
                          std::make_index_sequence<after>{}) &&
           !braced_then<T>(std::make_index_sequence<K>{}, std::make_index_sequence<E>{},
                           std::make_index_sequence<after + 1>{});
}

template <class T, std::size_t K, std::size_t... E>
consteval bool array_starts_at(std::index_sequence<E...>) {
    return (array_of<T, K, E + 2>(0) || ...);
}

template <class T, std::size_t K>
consteval bool is_member_not_array() {
    if constexpr (is_whole_member<T, K>(std::make_index_sequence<K>{},
                                        std::make_index_sequence<element_count<T> - K - 1>{})) {
        return true;
    } else {
        return !array_starts_at<T, K>(std::make_index_sequence<element_count<T> - K - 1>{});
    }
}

template <class T, std::size_t... K>
consteval bool no_array_member(std::index_sequence<K...>) {
    return (is_member_not_array<T, K>() && ...);
}

/// True when T's aggregate elements are its members one for one (no C array
/// of two or more elements). Parenthesized aggregate initialization decides
/// at once where the compiler has it; the element by element search runs
/// only when it fails (a C array or an rvalue reference member; or a
/// compiler without it).
template <class T>
consteval bool elements_are_members() {
    if constexpr (initializable_member_by_member<T>(std::make_index_sequence<element_count<T>>{})) {
        return true;
    } else {
        return no_array_member<T>(std::make_index_sequence<element_count<T>>{});
    }
}

// --- what model_traits<T> declares ------------------------------------------

template <class T, class P>
inline constexpr bool is_field_pointer = false;
template <class T, class M>
inline constexpr bool is_field_pointer<T, M T::*> = !std::is_function_v<M>;

/// A pointer to a data member of T of a system_clock time point type, or a
/// std::optional of one (automatic timestamps).
template <class P>
inline constexpr bool is_time_point_member = false;
template <class T, class D>
inline constexpr bool is_time_point_member<std::chrono::time_point<std::chrono::system_clock, D> T::*> = true;
template <class T, class D>
inline constexpr bool
    is_time_point_member<std::optional<std::chrono::time_point<std::chrono::system_clock, D>> T::*> = true;

/// columns(&T::a, ...), or a std::tuple of them when `several`.
template <class T, class Spec, bool several>
inline constexpr bool is_column_spec = false;
template <class T, class... Ms, bool several>
inline constexpr bool is_column_spec<T, column_list<Ms...>, several> = (is_field_pointer<T, Ms> && ...);
template <class T, class... Lists>
inline constexpr bool is_column_spec<T, std::tuple<Lists...>, true> = (is_column_spec<T, Lists, false> &&
                                                                       ...);

template <class T, class Spec>
inline constexpr bool is_rename_spec = false;
template <class T, class... Ms>
inline constexpr bool is_rename_spec<T, std::tuple<column_rename<Ms>...>> = (is_field_pointer<T, Ms> && ...);

template <class T>
consteval bool check_traits_shape() {
    if constexpr (requires { model_traits<T>::key; }) {
        using K = std::remove_cvref_t<decltype(model_traits<T>::key)>;
        constexpr bool ok = std::is_convertible_v<K, std::string_view> || is_field_pointer<T, K>;
        static_assert(
            ok,
            "cormorant: model_traits<T>::key must be a field name (a std::string_view) or a pointer "
            "to a data member of T");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::not_columns; }) {
        constexpr bool ok =
            is_column_spec<T, std::remove_cvref_t<decltype(model_traits<T>::not_columns)>, true>;
        static_assert(ok,
                      "cormorant: model_traits<T>::not_columns must be cormorant::columns(&T::field, ...)");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::column_names; }) {
        constexpr bool ok = is_rename_spec<T, std::remove_cvref_t<decltype(model_traits<T>::column_names)>>;
        static_assert(ok,
                      "cormorant: model_traits<T>::column_names must be a std::tuple of "
                      "cormorant::rename(&T::field, \"column\")");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::unique; }) {
        constexpr bool ok = is_column_spec<T, std::remove_cvref_t<decltype(model_traits<T>::unique)>, true>;
        static_assert(ok,
                      "cormorant: model_traits<T>::unique must be cormorant::columns(&T::field, ...) or a "
                      "std::tuple of them");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::indexes; }) {
        constexpr bool ok = is_column_spec<T, std::remove_cvref_t<decltype(model_traits<T>::indexes)>, true>;
        static_assert(ok,
                      "cormorant: model_traits<T>::indexes must be cormorant::columns(&T::field, ...) or a "
                      "std::tuple of them");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::version; }) {
        constexpr bool ok = is_field_pointer<T, std::remove_cvref_t<decltype(model_traits<T>::version)>>;
        static_assert(ok, "cormorant: model_traits<T>::version must be a pointer to a data member of T");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::created_at; }) {
        using P = std::remove_cvref_t<decltype(model_traits<T>::created_at)>;
        constexpr bool member = is_field_pointer<T, P>;
        static_assert(member,
                      "cormorant: model_traits<T>::created_at must be a pointer to a data member of T");
        constexpr bool ok = member && is_time_point_member<P>;
        static_assert(!member || ok,
                      "cormorant: model_traits<T>::created_at must point to a "
                      "std::chrono::system_clock::time_point field (or a std::optional of one)");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::updated_at; }) {
        using P = std::remove_cvref_t<decltype(model_traits<T>::updated_at)>;
        constexpr bool member = is_field_pointer<T, P>;
        static_assert(member,
                      "cormorant: model_traits<T>::updated_at must be a pointer to a data member of T");
        constexpr bool ok = member && is_time_point_member<P>;
        static_assert(!member || ok,
                      "cormorant: model_traits<T>::updated_at must point to a "
                      "std::chrono::system_clock::time_point field (or a std::optional of one)");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::cascade_delete; }) {
        constexpr bool ok =
            is_column_spec<T, std::remove_cvref_t<decltype(model_traits<T>::cascade_delete)>, true>;
        static_assert(
            ok, "cormorant: model_traits<T>::cascade_delete must be cormorant::columns(&T::field, ...)");
        if constexpr (!ok) return false;
    }
    return true;
}

/// is_column_field for every field, as an array.
template <class T>
consteval auto column_mask() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<bool, sizeof...(I)>{is_column_field<T, I>()...};
    }
    (std::make_index_sequence<field_count<T>>{});
}

/// True when every field a columns(...) spec (or a tuple of them) names is a column.
template <class T, class Spec>
constexpr bool names_only_columns(const Spec& spec) {
    constexpr auto mask = column_mask<T>();
    if constexpr (is_column_spec<T, Spec, false>) {
        return std::apply([&](auto... m) { return (mask[field_index_of<T>(m)] && ...); }, spec.members);
    } else {
        return std::apply([&](const auto&... lists) { return (names_only_columns<T>(lists) && ...); }, spec);
    }
}

template <class T>
consteval bool check_traits_fields() {
    constexpr auto mask = column_mask<T>();
    if constexpr (requires { model_traits<T>::column_names; }) {
        constexpr bool ok =
            std::apply([&](const auto&... r) { return (mask[field_index_of<T>(r.member)] && ...); },
                       model_traits<T>::column_names);
        static_assert(ok, "cormorant: model_traits<T>::column_names renames a field listed in not_columns");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::unique; }) {
        constexpr bool ok = names_only_columns<T>(model_traits<T>::unique);
        static_assert(ok, "cormorant: model_traits<T>::unique names a field listed in not_columns");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::indexes; }) {
        constexpr bool ok = names_only_columns<T>(model_traits<T>::indexes);
        static_assert(ok, "cormorant: model_traits<T>::indexes names a field listed in not_columns");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::version; }) {
        constexpr bool ok = mask[field_index_of<T>(model_traits<T>::version)];
        static_assert(ok, "cormorant: model_traits<T>::version names a field listed in not_columns");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::created_at; }) {
        constexpr bool ok = mask[field_index_of<T>(model_traits<T>::created_at)];
        static_assert(ok, "cormorant: model_traits<T>::created_at names a field listed in not_columns");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::updated_at; }) {
        constexpr bool ok = mask[field_index_of<T>(model_traits<T>::updated_at)];
        static_assert(ok, "cormorant: model_traits<T>::updated_at names a field listed in not_columns");
        if constexpr (!ok) return false;
    }
    if constexpr (requires { model_traits<T>::cascade_delete; }) {
        constexpr bool ok = names_only_columns<T>(model_traits<T>::cascade_delete);
        static_assert(ok, "cormorant: model_traits<T>::cascade_delete names a field listed in not_columns");
        if constexpr (!ok) return false;
    }
    return true;
}

// --- field types ------------------------------------------------------------

/// A field's name as a template argument, so that the compiler's "required
/// from" notes name the field a check failed for.
template <std::size_t N>
struct field_label {
    char name[N + 1]{};
    constexpr field_label(std::string_view s) {
        for (std::size_t i = 0; i < N; ++i) name[i] = s[i];
    }
};

template <class F>
struct referenced_model {
    using type = void;
};
template <class U>
struct referenced_model<ref<U>> {
    using type = U;
};
template <class U>
struct referenced_model<std::optional<ref<U>>> {
    using type = U;
};

/// True when column_type<F> is defined (and, for optional and user types,
/// the types they are built on).
template <class F>
consteval bool has_column_mapping() {
    if constexpr (is_optional<F>::value) {
        return !is_optional<typename F::value_type>::value && has_column_mapping<typename F::value_type>();
    } else if constexpr (has_type_conversion<F>) {
        return has_column_mapping<typename type_conversion<F>::base_type>();
    } else {
        return column_value<F>;
    }
}

template <class Model, auto FieldName, class FieldType>
consteval bool check_field_type() {
    using F = std::remove_cv_t<FieldType>;
    using target = typename referenced_model<F>::type;
    if constexpr (!std::is_void_v<target>) {
        constexpr bool ok = is_model_candidate<target> && !is_local_class<target>();
        static_assert(
            ok, "cormorant: ref<T> needs T to be a model: an aggregate struct declared at namespace scope");
        return ok;
    } else if constexpr (std::is_array_v<F>) {
        static_assert(
            !std::is_array_v<F>,
            "cormorant: a model cannot have C array members; use std::string, cormorant::blob, or a "
            "type of your own with a cormorant::type_conversion");
        return false;
    } else if constexpr (has_type_conversion<F>) {
        constexpr bool ok = has_column_mapping<typename type_conversion<F>::base_type>();
        static_assert(
            ok,
            "cormorant: the base_type of a cormorant::type_conversion must be a column type (a built-in "
            "one, std::optional of one, or a type with a type_conversion of its own)");
        return ok;
    } else {
        constexpr bool ok = has_column_mapping<F>();
        static_assert(ok,
                      "cormorant: a field type has no column mapping: use a built-in column type, specialise "
                      "cormorant::type_conversion for it, or list the field in model_traits<T>::not_columns");
        return ok;
    }
}

/// A column name as the field's name or rename, plus "_id" for a ref field
/// that is not renamed. (Kept in parts: comparing them needs no string built.)
struct column_name_parts {
    std::string_view base;
    bool id_suffix = false;
};

constexpr bool same_name(const column_name_parts& a, const column_name_parts& b) {
    if (a.id_suffix == b.id_suffix) return a.base == b.base;
    const std::string_view with_suffix = a.id_suffix ? a.base : b.base;
    const std::string_view plain = a.id_suffix ? b.base : a.base;
    return plain.size() == with_suffix.size() + 3 && plain.starts_with(with_suffix) && plain.ends_with("_id");
}

/// What checking one field found.
struct field_check {
    bool ok = true;
    bool column = false;  ///< false for a field in not_columns
    column_name_parts name;
};

template <class T, std::size_t I>
consteval field_check check_field() {
    if constexpr (!is_column_field<T, I>()) {
        return field_check{};  // not a column: any type will do
    } else {
        using F = checked_field_type<T, I>;
        constexpr std::string_view name = field_name<T, I>();
        const bool ok = check_field_type<T, field_label<name.size()>{name}, F>();
        if constexpr (constexpr auto renamed = renamed_column<T, I>(); renamed.has_value()) {
            return field_check{ok, true, column_name_parts{*renamed, false}};
        } else {
            return field_check{ok, true,
                               column_name_parts{name, !std::is_void_v<typename referenced_model<F>::type>}};
        }
    }
}

/// check_field for every field (each failing field is reported).
template <class T>
consteval auto check_fields() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<field_check, sizeof...(I)>{check_field<T, I>()...};
    }
    (std::make_index_sequence<field_count<T>>{});
}

template <std::size_t N>
constexpr bool all_ok(const std::array<field_check, N>& fields) {
    for (const field_check& f : fields)
        if (!f.ok) return false;
    return true;
}

template <std::size_t N>
constexpr bool column_names_distinct(const std::array<field_check, N>& fields) {
    // Lengths first: comparing integers is much cheaper than comparing strings
    // in constant evaluation.
    std::size_t length[N + 1] = {};
    for (std::size_t i = 0; i < N; ++i) {
        const column_name_parts& n = fields[i].name;
        length[i] = fields[i].column ? n.base.size() + (n.id_suffix ? 3 : 0) + 1 : 0;
    }
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = i + 1; j < N; ++j)
            if (length[i] != 0 && length[i] == length[j] && same_name(fields[i].name, fields[j].name))
                return false;
    return true;
}

// --- the key ----------------------------------------------------------------

template <class T>
consteval bool check_key() {
    constexpr std::size_t key = key_field_index<T>();
    if constexpr (requires { model_traits<T>::key; }) {
        static_assert(key != npos,
                      "cormorant: model_traits<T>::key names a field that the model does not have");
    } else {
        static_assert(
            key != npos,
            "cormorant: the model has no key field: add a field named `id` or name an existing field "
            "in model_traits<T>::key");
    }
    if constexpr (key == npos) {
        return false;
    } else {
        constexpr bool column = is_column_field<T, key>();
        static_assert(
            column,
            "cormorant: the key field is listed in model_traits<T>::not_columns; a key must be a column");
        constexpr bool not_null = !is_optional<checked_field_type<T, key>>::value;
        static_assert(!column || not_null,
                      "cormorant: the key field cannot be a std::optional: keys are NOT NULL");
        return column && not_null;
    }
}

// --- all checks, in order ---------------------------------------------------

template <class T>
consteval bool check_shape() {
    constexpr bool aggregate = std::is_class_v<T> && std::is_aggregate_v<T>;
    static_assert(
        aggregate,
        "cormorant: a model must be an aggregate struct: public data members only, no user-declared "
        "constructors, no virtual functions");
    if constexpr (!aggregate) {
        return false;
    } else if constexpr (is_local_class<T>()) {
        static_assert(
            !is_local_class<T>(),
            "cormorant: models must be declared at namespace scope, not inside a function: the field "
            "names of a local class cannot be read at compile time");
        return false;
    } else if constexpr (has_base_class<T>()) {
        static_assert(
            !has_base_class<T>(),
            "cormorant: a model cannot have base classes: declare all its fields in the struct itself");
        return false;
    } else if constexpr (!elements_are_members<T>()) {
        static_assert(
            elements_are_members<T>(),
            "cormorant: a model cannot have C array members; use std::string, cormorant::blob, or a "
            "type of your own with a cormorant::type_conversion");
        return false;
    } else if constexpr (element_count<T> > max_member_count) {
        static_assert(element_count<T> <= max_member_count, "cormorant: a model can have at most 100 fields");
        return false;
    } else {
        constexpr member_flags kinds = member_kinds<T>(member_count<element_count<T>>{});
        static_assert(!kinds.reference,
                      "cormorant: a model cannot have reference members: store the value itself, or a "
                      "cormorant::ref<T> to a row of another model");
        static_assert(
            kinds.reference || !kinds.array,
            "cormorant: a model cannot have C array members; use std::string, cormorant::blob, or a "
            "type of your own with a cormorant::type_conversion");
        static_assert(
            kinds.reference || kinds.array || !kinds.bit_field,
            "cormorant: a model cannot have bit-field members: give the field its whole integer type");
        return !kinds.reference && !kinds.array && !kinds.bit_field;
    }
}

/// Runs every check on T; false when one failed (its static_assert has then
/// reported it). Call it before reflecting T.
template <class T>
consteval bool check_model() {
    if constexpr (!check_shape<T>()) {
        return false;
    } else if constexpr (!check_traits_shape<T>()) {
        return false;
    } else if constexpr (!check_traits_fields<T>()) {
        return false;
    } else if constexpr (constexpr auto fields = check_fields<T>(); !all_ok(fields)) {
        return false;
    } else if constexpr (!check_key<T>()) {
        return false;
    } else {
        constexpr bool distinct = column_names_distinct(fields);
        static_assert(distinct,
                      "cormorant: two fields map to the same column name; rename one with "
                      "model_traits<T>::column_names (a ref<T> field `x` is the column `x_id`)");
        return distinct;
    }
}

}  // namespace cormorant::detail
