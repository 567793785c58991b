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
    static constexpr auto column_names =
        std::tuple{cormorant::rename(&testmodels::Country::name, "country_name")};
    static constexpr auto unique = cormorant::columns(&testmodels::Country::name);
    static constexpr auto not_columns = cormorant::columns(&testmodels::Country::cached_label);
};

template <>
struct cormorant::model_traits<testmodels::City> {
    static constexpr auto key = &testmodels::City::city_no;
    static constexpr auto unique =
        std::tuple{cormorant::columns(&testmodels::City::country, &testmodels::City::name),
                   cormorant::columns(&testmodels::City::postcode)};
    static constexpr auto indexes =
        std::tuple{cormorant::columns(&testmodels::City::name),
                   cormorant::columns(&testmodels::City::lat, &testmodels::City::name)};
    static constexpr auto column_names =
        std::tuple{cormorant::rename(&testmodels::City::country, "country_code")};
};

// --- Reflection, metadata, DDL and schema-order models ------------------------

namespace testmodels {

/// A column type without a default constructor (stored as text).
struct Label {
    explicit Label(std::string t) : text(std::move(t)) {}
    std::string text;
    friend bool operator==(const Label&, const Label&) = default;
};

/// A field of a type that is not default-constructible, and a const member.
struct Tagged {
    std::int64_t id = 0;
    Label label;
    const std::int32_t revision = 1;
    std::string note;
};

/// Two tables that reference each other through required refs only.
struct CycleB;
struct CycleA {
    std::int64_t id = 0;
    orm::ref<CycleB> b;
};
struct CycleB {
    std::int64_t id = 0;
    orm::ref<CycleA> a;
};

/// Three tables in a ring: TriA -> TriB -> TriC -> TriA.
struct TriB;
struct TriC;
struct TriA {
    std::int64_t id = 0;
    orm::ref<TriB> next;
};
struct TriB {
    std::int64_t id = 0;
    orm::ref<TriC> next;
};
struct TriC {
    std::int64_t id = 0;
    orm::ref<TriA> next;
};

/// Two tables that reference each other, one ref optional: a unit's head
/// is one of its members.
struct OrgMember;
struct OrgUnit {
    std::int64_t id = 0;
    std::string name;
    std::optional<orm::ref<OrgMember>> head;
};
struct OrgMember {
    std::int64_t id = 0;
    std::string name;
    orm::ref<OrgUnit> unit;
};

/// References to a text key from columns in no unique constraint or index.
struct Embassy {
    std::int64_t id = 0;
    orm::ref<Country> country;
    std::optional<orm::ref<Country>> accredited_to;
    std::string address;
};

/// Table, column and index names with quote characters of both kinds in them.
struct QuotedNames {
    std::int64_t id = 0;
    std::string plain;
};

/// An integer version column and a ref deleted with its parent.
struct Chapter {
    std::int64_t id = 0;
    orm::ref<Book> book;
    std::string heading;
    std::int32_t version = 0;
};

/// A table whose only column is its generated key.
struct KeyOnly {
    std::int64_t id = 0;
};

}  // namespace testmodels

template <>
struct cormorant::type_conversion<testmodels::Label> {
    using base_type = std::string;
    static base_type to_base(const testmodels::Label& l) { return l.text; }
    static testmodels::Label from_base(const base_type& s) { return testmodels::Label{s}; }
};

template <>
struct cormorant::model_traits<testmodels::QuotedNames> {
    static constexpr std::string_view table = "odd\"table`name";
    static constexpr auto column_names =
        std::tuple{cormorant::rename(&testmodels::QuotedNames::plain, "we\"ird`col")};
    static constexpr auto indexes = cormorant::columns(&testmodels::QuotedNames::plain);
};

template <>
struct cormorant::model_traits<testmodels::Chapter> {
    static constexpr auto version = &testmodels::Chapter::version;
    static constexpr auto cascade_delete = cormorant::columns(&testmodels::Chapter::book);
};
