#pragma once
// What hand-written SQL binds and what its result is read into: arguments as
// values, and the columns a model, a plain struct, a tuple or a scalar
// receives, matched to the result's columns by name (by position for tuples)
// before any row is read, with messages that say what did not match. The
// matching is compiled once in src/metadata/raw_rows.cpp; the typed parts
// below fill a struct, a tuple or a scalar from one row.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "cormorant/detail/reflect.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/types.hpp"
#include "cormorant/value.hpp"

namespace cormorant::detail {

/// A raw-SQL argument as a bound value.
template <class A>
value raw_param(const A& a) {
    if constexpr (std::is_same_v<A, std::nullopt_t>) {
        return value{};
    } else if constexpr (std::is_convertible_v<const A&, std::string_view> && !column_value<A>) {
        return value{std::string(std::string_view(a))};
    } else {
        static_assert(column_value<A>,
                      "cormorant: a raw SQL argument must be a column type, a string or std::nullopt");
        if constexpr (column_value<A>) return column_type<A>::to_value(a);
        return value{};
    }
}

/// The columns a row type receives, in its own order.
struct result_shape {
    /// Starts every message about the result: "raw query for posts".
    std::string subject;
    /// Who the columns belong to, for messages: "posts" (a table) or "Stats" (a struct).
    std::string owner;
    /// "column" for a model's table, "field" for a struct.
    std::string_view member_word = "column";
    /// The columns wanted, by name (empty when `positional`).
    std::vector<std::string> names;
    /// The type each column is read as.
    std::vector<sql_type> types;
    /// Matched by position (tuples); otherwise by name.
    bool positional = false;
    /// Only the first column of the first row is wanted; the result may have
    /// more columns (scalar()).
    bool first_only = false;
};

/// For each column of `shape`, the index of the result column it is read
/// from. Names compare exactly, as the database reports them. Throws
/// schema_error naming a column the result lacks, a result column the shape
/// does not have, a name the result holds twice, or both counts for a
/// positional shape; nothing is read before this passes.
///
///     match_result_columns(shape_of_posts, {"title", "id"});   // {1, 0}
std::vector<std::size_t> match_result_columns(const result_shape& shape, std::span<const std::string> result);

/// Throws value_error for column `column` of `shape` whose value `v` could
/// not be read into its field: names the column and the type, never the value.
[[noreturn]] void throw_unreadable(const result_shape& shape, std::size_t column, const value& v);

/// Throws not_found: the query returned no row.
[[noreturn]] void throw_no_row(const result_shape& shape);

/// Runs `set()` (which writes value `v` into column `column`'s field), with
/// any value_error it throws replaced by throw_unreadable's.
template <class Set>
void read_column(const result_shape& shape, std::size_t column, const value& v, Set&& set) {
    try {
        set();
    } catch (const value_error&) {
        throw_unreadable(shape, column, v);
    }
}

// --- plain structs and tuples ------------------------------------------------

template <class R>
struct is_tuple : std::false_type {};
template <class... Ts>
struct is_tuple<std::tuple<Ts...>> : std::true_type {};

/// True for a type whose column mapping exists (a built-in column type, an
/// optional of one, or a type with a type_conversion).
template <class F>
concept result_field = requires {
    column_type<F>::type;
};

template <class R, std::size_t... I>
consteval bool fields_are_columns(std::index_sequence<I...>) {
    if constexpr (is_tuple<R>::value) {
        return (result_field<std::tuple_element_t<I, R>> && ...);
    } else {
        return (result_field<field_type<R, I>> && ...);
    }
}

template <class R>
consteval std::size_t result_width() {
    if constexpr (is_tuple<R>::value) {
        return std::tuple_size_v<R>;
    } else {
        return field_count<R>;
    }
}

/// True when rows<R> can read into R: a std::tuple of column types, or an
/// aggregate struct (no bases, declared at namespace scope) of them.
template <class R>
consteval bool is_result_row() {
    if constexpr (is_tuple<R>::value) {
        return fields_are_columns<R>(std::make_index_sequence<std::tuple_size_v<R>>{});
    } else if constexpr (std::is_class_v<R> && std::is_aggregate_v<R> && !std::is_polymorphic_v<R> &&
                         std::is_default_constructible_v<R>) {
        return fields_are_columns<R>(std::make_index_sequence<field_count<R>>{});
    } else {
        return false;
    }
}

/// The shape of R: its field names and their types, or the tuple's types by position.
template <class R>
result_shape shape_of_result() {
    result_shape s;
    if constexpr (is_tuple<R>::value) {
        s.subject = "rows of a tuple";
        s.positional = true;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (s.types.push_back(column_type<std::tuple_element_t<I, R>>::type), ...);
        }
        (std::make_index_sequence<std::tuple_size_v<R>>{});
    } else {
        s.owner = std::string(unqualified_type_name<R>());
        s.subject = "rows<" + s.owner + ">";
        s.member_word = "field";
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (s.names.emplace_back(field_name<R, I>()), ...);
            (s.types.push_back(column_type<field_type<R, I>>::type), ...);
        }
        (std::make_index_sequence<field_count<R>>{});
    }
    return s;
}

/// Writes one row (values in the shape's order) into `out`.
template <class R>
void fill_result(const result_shape& shape, std::span<const value> row, R& out) {
    const auto set = [&](std::size_t i, auto& field) {
        using F = std::remove_cvref_t<decltype(field)>;
        read_column(shape, i, row[i], [&] { column_type<F>::from_value(row[i], field); });
    };
    if constexpr (is_tuple<R>::value) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (set(I, std::get<I>(out)), ...);
        }
        (std::make_index_sequence<std::tuple_size_v<R>>{});
    } else {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (set(I, boost::pfr::get<I>(out)), ...);
        }
        (std::make_index_sequence<field_count<R>>{});
    }
}

/// The rows `run(shape, on_row)` reads, each as an R.
template <class R, class Run>
std::vector<R> rows_of(Run&& run) {
    static const result_shape shape = shape_of_result<R>();
    std::vector<R> out;
    run(shape, [&](std::span<value> row) { fill_result(shape, row, out.emplace_back()); });
    return out;
}

/// The first column of the first row `run(shape, on_row)` reads, as a T;
/// no row gives std::nullopt for an optional T and not_found otherwise.
template <class T, class Run>
T scalar_of(Run&& run) {
    static const result_shape shape = [] {
        result_shape s;
        s.subject = "scalar";
        s.positional = true;
        s.first_only = true;
        s.types.push_back(column_type<T>::type);
        return s;
    }();
    std::optional<T> out;
    run(shape, [&](std::span<value> row) {
        if (out) return;  // the first row only
        T v{};
        read_column(shape, 0, row[0], [&] { column_type<T>::from_value(row[0], v); });
        out = std::move(v);
    });
    if (out) return std::move(*out);
    if constexpr (is_optional<T>::value) {
        return T{};
    } else {
        throw_no_row(shape);
    }
}

}  // namespace cormorant::detail
