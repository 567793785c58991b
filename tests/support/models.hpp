#pragma once
// Models shared by the test suite: together they cover every column type and
// every model_traits option.
#include <chrono>
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

namespace testmodels {

namespace orm = cormorant;

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::optional<int> born;
    double rating = 0;
    bool active = true;
};

struct Book {
    std::int64_t id = 0;
    orm::ref<Author> author;
    std::string title;
    int pages = 0;
    std::optional<std::string> isbn;
};

enum class Colour : std::int16_t { red = 1, green = 2, blue = -3 };

/// A user type stored as integer cents through type_conversion.
struct Money {
    std::int64_t cents = 0;
    friend bool operator==(const Money&, const Money&) = default;
};

/// One column of every built-in type.
struct EveryType {
    std::int64_t id = 0;
    std::int8_t i8 = 0;
    std::uint8_t u8 = 0;
    std::int16_t i16 = 0;
    std::uint16_t u16 = 0;
    std::int32_t i32 = 0;
    std::uint32_t u32 = 0;
    std::int64_t i64 = 0;
    std::uint64_t u64 = 0;
    bool flag = false;
    float f32 = 0;
    double f64 = 0;
    std::string text;
    orm::blob bytes;
    std::chrono::system_clock::time_point at{};
    std::chrono::year_month_day day{std::chrono::year{2000} / 1 / 1};
    Colour colour = Colour::red;
    Money price;
    std::optional<std::int64_t> maybe_int;
    std::optional<double> maybe_real;
    std::optional<std::string> maybe_text;
    std::optional<orm::blob> maybe_bytes;
    std::optional<std::chrono::system_clock::time_point> maybe_at;
    std::optional<bool> maybe_flag;
};

/// Every model_traits option: table, key, renames, unique (single and
/// multi-column), indexes, fields that are not columns.
struct Country {
    std::string code;  // key, not generated
    std::string name;
    std::int32_t population = 0;
    std::string cached_label;  // not a column
};

struct City {
    std::int32_t city_no = 0;  // integer key named in traits: generated
    orm::ref<Country> country;
    std::string name;
    std::optional<std::string> postcode;
    double lat = 0;
};

/// Self reference: an employee's manager.
struct Employee {
    std::int64_t id = 0;
    std::string name;
    std::optional<orm::ref<Employee>> manager;
};

}  // namespace testmodels

template <>
struct cormorant::type_conversion<testmodels::Money> {
    using base_type = std::int64_t;
    static base_type to_base(const testmodels::Money& m) { return m.cents; }
    static testmodels::Money from_base(base_type c) { return testmodels::Money{c}; }
};

template <>
struct cormorant::model_traits<testmodels::Author> {
    static constexpr std::string_view table = "authors";
    static constexpr auto unique = cormorant::columns(&testmodels::Author::email);
};

template <>
struct cormorant::model_traits<testmodels::Book> {
    static constexpr std::string_view table = "books";
    static constexpr auto indexes = cormorant::columns(&testmodels::Book::title);
};

template <>
struct cormorant::model_traits<testmodels::Country> {
    static constexpr std::string_view table = "countries";
    static constexpr std::string_view key = "code";
    static constexpr auto column_names = std::tuple{cormorant::rename(&testmodels::Country::name, "country_name")};
    static constexpr auto unique = cormorant::columns(&testmodels::Country::name);
    static constexpr auto not_columns = cormorant::columns(&testmodels::Country::cached_label);
};

template <>
struct cormorant::model_traits<testmodels::City> {
    static constexpr auto key = &testmodels::City::city_no;
    static constexpr auto unique = std::tuple{cormorant::columns(&testmodels::City::country, &testmodels::City::name),
                                              cormorant::columns(&testmodels::City::postcode)};
    static constexpr auto indexes = std::tuple{cormorant::columns(&testmodels::City::name),
                                               cormorant::columns(&testmodels::City::lat, &testmodels::City::name)};
    static constexpr auto column_names = std::tuple{cormorant::rename(&testmodels::City::country, "country_code")};
};
