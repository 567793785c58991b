#pragma once
/// \file model.hpp
/// Turns a plain struct into a table description: `table_of<T>()`.
///
/// Any aggregate struct declared at namespace scope is a model. Defaults:
/// table = snake_case of the type name without namespaces, key = the field
/// named `id`, column = field name, a `ref<T>` field `x` is the column `x_id`.
/// model_traits<T> overrides them (see model_traits.hpp).
///
///     struct Author { std::int64_t id = 0; std::string name; };
///     const cormorant::table_info& t = cormorant::table_of<Author>();   // table "author"

#include <array>
#include <concepts>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "cormorant/detail/model_checks.hpp"
#include "cormorant/detail/reflect.hpp"
#include "cormorant/metadata.hpp"
#include "cormorant/model_traits.hpp"
#include "cormorant/ref.hpp"
#include "cormorant/types.hpp"

namespace cormorant {

template <class T>
const table_info& table_of();

namespace detail {

// --- what model_traits<T> declares -------------------------------------------

template <class T>
concept traits_table = requires {
    std::string_view{model_traits<T>::table};
};
template <class T>
concept traits_key = requires {
    model_traits<T>::key;
};
template <class T>
concept traits_unique = requires {
    model_traits<T>::unique;
};
template <class T>
concept traits_indexes = requires {
    model_traits<T>::indexes;
};
template <class T>
concept traits_column_names = requires {
    model_traits<T>::column_names;
};
template <class T>
concept traits_not_columns = requires {
    model_traits<T>::not_columns;
};
template <class T>
concept traits_version = requires {
    model_traits<T>::version;
};
template <class T>
concept traits_cascade_delete = requires {
    model_traits<T>::cascade_delete;
};
template <class T>
concept traits_created_at = requires {
    model_traits<T>::created_at;
};
template <class T>
concept traits_updated_at = requires {
    model_traits<T>::updated_at;
};

template <class T, class... Ms>
constexpr auto field_indexes(const column_list<Ms...>& list) {
    return std::apply(
        [](auto... m) { return std::array<std::size_t, sizeof...(Ms)>{field_index_of<T>(m)...}; },
        list.members);
}

template <class X>
struct is_column_list : std::false_type {};
template <class... Ms>
struct is_column_list<column_list<Ms...>> : std::true_type {};

/// The field indexes of one column_list, or of each column_list of a tuple, as a
/// tuple of arrays. Evaluate it in a constant expression only: at run time it
/// would refer to fake_object, which is never defined (unoptimised builds
/// would fail to link).
template <class T, class Spec>
constexpr auto index_lists(const Spec& spec) {
    if constexpr (is_column_list<Spec>::value) {
        return std::tuple{field_indexes<T>(spec)};
    } else {
        return std::apply([](const auto&... lists) { return std::tuple{field_indexes<T>(lists)...}; }, spec);
    }
}

/// Calls fn(indexes) for each list of an index_lists result.
template <class Lists, class Fn>
constexpr void for_each_list(const Lists& lists, Fn&& fn) {
    std::apply([&](const auto&... idx) { (fn(idx), ...); }, lists);
}

/// The index of the key field, or npos when there is none.
template <class T>
constexpr std::size_t key_field_index() {
    if constexpr (traits_key<T>) {
        return field_index_of<T>(model_traits<T>::key);
    } else {
        return field_index_of<T>(std::string_view{"id"});
    }
}

/// False for fields listed in model_traits<T>::not_columns.
template <class T, std::size_t I>
constexpr bool is_column_field() {
    if constexpr (traits_not_columns<T>) {
        bool listed = false;
        for_each_list(index_lists<T>(model_traits<T>::not_columns), [&](const auto& idx) {
            for (std::size_t i : idx) listed = listed || i == I;
        });
        return !listed;
    } else {
        return true;
    }
}

/// The renamed column of field I, if model_traits<T>::column_names renames it.
template <class T, std::size_t I>
constexpr std::optional<std::string_view> renamed_column() {
    if constexpr (traits_column_names<T>) {
        std::optional<std::string_view> found;
        std::apply(
            [&](const auto&... r) {
                ((found = (!found && field_index_of<T>(r.member) == I) ? r.name : found), ...);
            },
            model_traits<T>::column_names);
        return found;
    } else {
        return std::nullopt;
    }
}

template <class F>
struct ref_target {
    using type = void;
};
template <class U>
struct ref_target<ref<U>> {
    using type = U;
};
template <class U>
struct ref_target<std::optional<ref<U>>> {
    using type = U;
};

template <class T, std::size_t I>
value get_field(const void* object) {
    using F = field_type<T, I>;
    return column_type<F>::to_value(boost::pfr::get<I>(*static_cast<const T*>(object)));
}

template <class T, std::size_t I>
void set_field(void* object, const value& v) {
    using F = field_type<T, I>;
    column_type<F>::from_value(v, boost::pfr::get<I>(*static_cast<T*>(object)));
}

template <class T, std::size_t I>
bool equal_field(const void* a, const void* b) {
    using F = field_type<T, I>;
    const F& x = boost::pfr::get<I>(*static_cast<const T*>(a));
    const F& y = boost::pfr::get<I>(*static_cast<const T*>(b));
    if constexpr (std::equality_comparable<F>) {
        return x == y;
    } else {
        // A user type without operator== compares by its stored form.
        return column_type<F>::to_value(x) == column_type<F>::to_value(y);
    }
}

template <class T, std::size_t I>
void copy_field(void* dst, const void* src) {
    boost::pfr::get<I>(*static_cast<T*>(dst)) = boost::pfr::get<I>(*static_cast<const T*>(src));
}

template <class F>
std::shared_ptr<void> held_target(const F& field) {
    if constexpr (is_optional<F>::value) {
        return field ? held_target(*field) : nullptr;
    } else {
        return field.target();
    }
}

template <class T, std::size_t I>
std::shared_ptr<void> ref_target_of(const void* object) {
    return held_target(boost::pfr::get<I>(*static_cast<const T*>(object)));
}

template <class T>
std::shared_ptr<void> make_object() {
    if constexpr (std::is_default_constructible_v<T>) {
        return std::make_shared<T>();
    } else {
        return nullptr;
    }
}

template <class T>
std::shared_ptr<void> clone_object(const void* object) {
    if constexpr (std::is_copy_constructible_v<T>) {
        return std::make_shared<T>(*static_cast<const T*>(object));
    } else {
        return nullptr;
    }
}

template <class T, std::size_t I>
void add_field(table_builder& b) {
    if constexpr (is_column_field<T, I>()) {
        using F = field_type<T, I>;
        using target = typename ref_target<F>::type;
        column_info c;
        c.field = std::string(field_name<T, I>());
        c.field_index = I;
        if constexpr (constexpr auto renamed = renamed_column<T, I>(); renamed.has_value()) {
            c.name = std::string(*renamed);
        } else if constexpr (!std::is_void_v<target>) {
            c.name = c.field + "_id";
        } else {
            c.name = c.field;
        }
        c.type = column_type<F>::type;
        c.nullable = column_type<F>::nullable;
        if constexpr (!std::is_void_v<target>) {
            c.references = &table_of<target>;
            c.ref_target = &ref_target_of<T, I>;
        }
        c.get = &get_field<T, I>;
        if constexpr (std::is_assignable_v<F&, const F&>) {
            c.set = &set_field<T, I>;
            c.copy = &copy_field<T, I>;
        }
        c.equal = &equal_field<T, I>;
        b.add_column(std::move(c));
    }
}

template <class T>
table_info build_table() {
    table_builder b;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (add_field<T, I>(b), ...);
    }
    (std::make_index_sequence<field_count<T>>{});
    constexpr std::size_t key = key_field_index<T>();
    b.set_key(key, std::is_integral_v<field_type<T, key>>);
    b.set_object_ops(&make_object<T>, &clone_object<T>);
    // Field indexes are computed at compile time (see index_lists).
    if constexpr (traits_version<T>) {
        constexpr std::size_t version = field_index_of<T>(model_traits<T>::version);
        b.set_version(version);
    }
    if constexpr (traits_created_at<T>) {
        constexpr std::size_t created = field_index_of<T>(model_traits<T>::created_at);
        b.set_created_at(created);
    }
    if constexpr (traits_updated_at<T>) {
        constexpr std::size_t updated = field_index_of<T>(model_traits<T>::updated_at);
        b.set_updated_at(updated);
    }
    if constexpr (traits_cascade_delete<T>) {
        constexpr auto lists = index_lists<T>(model_traits<T>::cascade_delete);
        for_each_list(lists, [&](const auto& idx) {
            for (std::size_t i : idx) b.set_cascade_delete(i);
        });
    }
    if constexpr (traits_unique<T>) {
        constexpr auto lists = index_lists<T>(model_traits<T>::unique);
        for_each_list(lists, [&](const auto& idx) { b.add_unique({idx.begin(), idx.end()}); });
    }
    if constexpr (traits_indexes<T>) {
        constexpr auto lists = index_lists<T>(model_traits<T>::indexes);
        for_each_list(lists, [&](const auto& idx) { b.add_index({idx.begin(), idx.end()}); });
    }
    std::optional<std::string_view> table;
    if constexpr (traits_table<T>) table = std::string_view{model_traits<T>::table};
    return b.finish(type_name<T>(), unqualified_type_name<T>(), table);
}

}  // namespace detail

namespace detail {
// Reflects T only once check_model<T> passed (it reports what is wrong).
template <class T, bool = check_model<T>()>
struct key_type {
    using type = std::int64_t;
};
template <class T>
struct key_type<T, true> {
    using type = field_type<T, key_field_index<T>()>;
};
}  // namespace detail

/// The key type of model T (the type of its key field).
template <class T>
using key_type_of = typename detail::key_type<T>::type;

/// The table description of model T, built on first use and kept for the
/// program's lifetime (thread-safe).
template <class T>
const table_info& table_of() {
    if constexpr (detail::check_model<T>()) {
        static const table_info info = detail::build_table<T>();
        return info;
    } else {
        // Not reached: check_model's static_assert has rejected T.
        static const table_info invalid{};
        return invalid;
    }
}

template <class T>
value detail::ref_key(const ref<T>& r) {
    const table_info& t = table_of<T>();
    return t.get(r.target().get(), t.key);
}

/// A ref<T> column stores T's key.
template <class T>
struct column_type<ref<T>> {
    static_assert(detail::is_model_candidate<T>,
                  "cormorant: ref<T> needs T to be a model: an aggregate struct declared at namespace scope");
    static constexpr sql_type type = [] {
        if constexpr (detail::is_model_candidate<T>) {
            return column_type<key_type_of<T>>::type;
        } else {
            return sql_type::int64;  // not reached: the static_assert above fails
        }
    }();
    static constexpr bool nullable = false;
    static value to_value(const ref<T>& r) { return r.raw_key(); }
    static void from_value(const value& v, ref<T>& out) { out = ref<T>::from_raw_key(v); }
};

}  // namespace cormorant
