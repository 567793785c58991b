#pragma once
/// \file types.hpp
/// Which C++ types can be columns, and how they map to storage.
///
/// Built in: every integer width, bool, float, double, std::string,
/// cormorant::blob (std::vector<std::byte>), std::optional<T> (the column is
/// NULL-able; every other column is NOT NULL), std::chrono::system_clock::time_point
/// (microseconds), std::chrono::year_month_day, enums (stored as their integer)
/// and ref<T>.
///
/// Your own types plug in through type_conversion: name a built-in column
/// type as the base and convert both ways.
///
///     struct money { std::int64_t cents; };
///     template <> struct cormorant::type_conversion<money> {
///         using base_type = std::int64_t;
///         static base_type to_base(const money& m) { return m.cents; }
///         static money from_base(base_type c) { return money{c}; }
///     };

#include <chrono>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

#include "cormorant/value.hpp"

namespace cormorant {

/// Specialise for a user type: `using base_type = <built-in column type>;`,
/// `static base_type to_base(const T&)`, `static T from_base(const base_type&)`.
/// Throw cormorant::value_error from either for values you cannot map.
template <class T>
struct type_conversion;

template <class T>
class ref;

namespace detail {

// Compiled once in src/metadata/value.cpp.
[[noreturn]] void throw_out_of_range(const char* type, std::int64_t v);
[[noreturn]] void throw_unsigned_out_of_range(unsigned long long v);
std::string format_timestamp(std::int64_t micros_since_epoch);
std::int64_t parse_timestamp(const std::string& text);
std::string format_date(std::int32_t days_since_epoch);
std::int32_t parse_date(const std::string& text);
const char* integer_type_name(bool is_signed, std::size_t size) noexcept;

template <class T>
concept has_type_conversion = requires {
    typename type_conversion<T>::base_type;
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_ref : std::false_type {};
template <class T>
struct is_ref<ref<T>> : std::true_type {};

}  // namespace detail

/// How a C++ type is stored: `type` (the sql_type), `nullable`, and
/// `to_value` / `from_value`. Left undefined for types that are not columns.
template <class T, class = void>
struct column_type;

template <>
struct column_type<bool> {
    static constexpr sql_type type = sql_type::boolean;
    static constexpr bool nullable = false;
    static value to_value(bool v) { return value{std::int64_t{v ? 1 : 0}}; }
    static void from_value(const value& v, bool& out) { out = v.as_int() != 0; }
};

template <std::integral T>
requires(!std::same_as<T, bool>) struct column_type<T> {
    static constexpr sql_type type = sizeof(T) < 2                           ? sql_type::int16
                                     : sizeof(T) == 2 && std::is_signed_v<T> ? sql_type::int16
                                     : sizeof(T) <= 4 && std::is_signed_v<T> ? sql_type::int32
                                     : sizeof(T) == 2                        ? sql_type::int32
                                                                             : sql_type::int64;
    static constexpr bool nullable = false;
    static value to_value(T v) {
        if constexpr (std::is_unsigned_v<T> && sizeof(T) == 8) {
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                detail::throw_unsigned_out_of_range(v);
        }
        return value{static_cast<std::int64_t>(v)};
    }
    static void from_value(const value& v, T& out) {
        const std::int64_t i = v.as_int();
        if constexpr (std::is_unsigned_v<T>) {
            if (i < 0 || static_cast<std::uint64_t>(i) > std::numeric_limits<T>::max())
                detail::throw_out_of_range(detail::integer_type_name(false, sizeof(T)), i);
        } else if constexpr (sizeof(T) < 8) {
            if (i < std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max())
                detail::throw_out_of_range(detail::integer_type_name(true, sizeof(T)), i);
        }
        out = static_cast<T>(i);
    }
};

template <std::floating_point T>
struct column_type<T> {
    static_assert(!std::is_same_v<T, long double>, "cormorant: long double is not a column type; use double");
    static constexpr sql_type type = sizeof(T) == 4 ? sql_type::float32 : sql_type::float64;
    static constexpr bool nullable = false;
    static value to_value(T v) { return value{static_cast<double>(v)}; }
    static void from_value(const value& v, T& out) { out = static_cast<T>(v.as_double()); }
};

template <>
struct column_type<std::string> {
    static constexpr sql_type type = sql_type::text;
    static constexpr bool nullable = false;
    static value to_value(const std::string& v) { return value{v}; }
    static void from_value(const value& v, std::string& out) { out = v.as_text(); }
};

template <>
struct column_type<blob> {
    static constexpr sql_type type = sql_type::blob;
    static constexpr bool nullable = false;
    static value to_value(const blob& v) { return value{v}; }
    static void from_value(const value& v, blob& out) { out = v.as_blob(); }
};

/// Time points are stored with microsecond precision (finer parts are
/// truncated towards the past), as UTC without a time zone. Reading into a
/// coarser time point truncates towards the past as well.
template <class Duration>
struct column_type<std::chrono::time_point<std::chrono::system_clock, Duration>> {
    using time_point = std::chrono::time_point<std::chrono::system_clock, Duration>;
    static constexpr sql_type type = sql_type::timestamp;
    static constexpr bool nullable = false;
    static value to_value(const time_point& v) {
        const auto us = std::chrono::floor<std::chrono::microseconds>(v).time_since_epoch().count();
        return value{detail::format_timestamp(us)};
    }
    static void from_value(const value& v, time_point& out) {
        const std::chrono::microseconds us{detail::parse_timestamp(v.as_text())};
        out = time_point{std::chrono::floor<Duration>(us)};
    }
};

template <>
struct column_type<std::chrono::year_month_day> {
    static constexpr sql_type type = sql_type::date;
    static constexpr bool nullable = false;
    static value to_value(const std::chrono::year_month_day& v) {
        if (!v.ok()) detail::throw_out_of_range("year_month_day (invalid date)", 0);
        return value{detail::format_date(
            static_cast<std::int32_t>(std::chrono::sys_days{v}.time_since_epoch().count()))};
    }
    static void from_value(const value& v, std::chrono::year_month_day& out) {
        out = std::chrono::year_month_day{
            std::chrono::sys_days{std::chrono::days{detail::parse_date(v.as_text())}}};
    }
};

/// Enums are stored as their underlying integer.
template <class E>
requires std::is_enum_v<E>
struct column_type<E> {
    using underlying = std::underlying_type_t<E>;
    static constexpr sql_type type = column_type<underlying>::type;
    static constexpr bool nullable = false;
    static value to_value(E v) { return column_type<underlying>::to_value(static_cast<underlying>(v)); }
    static void from_value(const value& v, E& out) {
        underlying u{};
        column_type<underlying>::from_value(v, u);
        out = static_cast<E>(u);
    }
};

template <class T>
struct column_type<std::optional<T>> {
    static_assert(!detail::is_optional<T>::value,
                  "cormorant: std::optional<std::optional<T>> is not a column type");
    static constexpr sql_type type = column_type<T>::type;
    static constexpr bool nullable = true;
    static value to_value(const std::optional<T>& v) { return v ? column_type<T>::to_value(*v) : value{}; }
    static void from_value(const value& v, std::optional<T>& out) {
        if (v.is_null()) {
            out.reset();
        } else {
            T inner{};
            column_type<T>::from_value(v, inner);
            out = std::move(inner);
        }
    }
};

/// User types with a type_conversion specialisation.
template <class T>
requires detail::has_type_conversion<T>
struct column_type<T> {
    using conv = type_conversion<T>;
    using base = typename conv::base_type;
    static constexpr sql_type type = column_type<base>::type;
    static constexpr bool nullable = column_type<base>::nullable;
    static value to_value(const T& v) { return column_type<base>::to_value(conv::to_base(v)); }
    static void from_value(const value& v, T& out) {
        base b{};
        column_type<base>::from_value(v, b);
        out = conv::from_base(b);
    }
};

/// A const field maps like its type (it is written; rows cannot be read into it).
template <class T>
struct column_type<const T> : column_type<T> {};

/// True when T can be a column.
template <class T>
concept column_value = requires {
    column_type<T>::type;
};

}  // namespace cormorant
