// Values: how every built-in column type converts to and from storage form,
// range checks, timestamps and dates as text, NULL, enums, user types.

#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "support/models.hpp"

using namespace testmodels;
using namespace std::chrono;
using cormorant::blob;
using cormorant::column_type;
using cormorant::value;
using cormorant::value_error;

namespace {

value integer(std::int64_t v) {
    return value{v};
}
value text(std::string v) {
    return value{std::move(v)};
}

template <class T>
value to(const T& v) {
    return column_type<T>::to_value(v);
}

template <class T>
T from(const value& v) {
    T out{};
    column_type<T>::from_value(v, out);
    return out;
}

template <class T>
T round_trip(const T& v) {
    return from<T>(to(v));
}

/// The message of the value_error that f throws; fails the test when f throws nothing.
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const value_error& e) {
        return e.what();
    }
    FAIL_CHECK("no value_error was thrown");
    return {};
}

/// The message of the value_error that reading `v` into a T throws.
template <class T>
std::string read_error(const value& v) {
    return error_of([&] { (void)from<T>(v); });
}

blob bytes(std::initializer_list<unsigned> list) {
    blob out;
    for (unsigned b : list) out.push_back(static_cast<std::byte>(b));
    return out;
}

std::int64_t micros(sys_time<microseconds> t) {
    return t.time_since_epoch().count();
}

}  // namespace

TEST_CASE("integers of every width round-trip", "[dry][values]") {
    CHECK(to(std::int8_t{-128}) == integer(-128));
    CHECK(round_trip(std::int8_t{127}) == 127);
    CHECK(round_trip(std::int8_t{-128}) == -128);
    CHECK(round_trip(std::uint8_t{255}) == 255);
    CHECK(round_trip(std::int16_t{-32768}) == -32768);
    CHECK(round_trip(std::int16_t{32767}) == 32767);
    CHECK(round_trip(std::uint16_t{65535}) == 65535);
    CHECK(round_trip(std::int32_t{-2147483647 - 1}) == -2147483647 - 1);
    CHECK(round_trip(std::int32_t{2147483647}) == 2147483647);
    CHECK(to(std::uint32_t{4294967295u}) == integer(4294967295));
    CHECK(round_trip(std::uint32_t{4294967295u}) == 4294967295u);
    CHECK(round_trip(std::uint64_t{0}) == 0u);
    CHECK(round_trip(12345678901234LL) == 12345678901234LL);
}

TEST_CASE("INT64_MIN and INT64_MAX are exact", "[dry][values]") {
    constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t hi = std::numeric_limits<std::int64_t>::max();
    CHECK(to(lo) == integer(lo));
    CHECK(to(hi) == integer(hi));
    CHECK(from<std::int64_t>(integer(lo)) == lo);
    CHECK(from<std::int64_t>(integer(hi)) == hi);
    CHECK(to(static_cast<std::uint64_t>(hi)) == integer(hi));
    CHECK(from<std::uint64_t>(integer(hi)) == static_cast<std::uint64_t>(hi));
}

TEST_CASE("a uint64 above INT64_MAX is a value_error", "[dry][values]") {
    const std::uint64_t above = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
    CHECK_THROWS_AS(to(above), value_error);
    CHECK(
        error_of([&] { (void)to(above); }) ==
        "the value 9223372036854775808 is above the largest integer a column can hold (9223372036854775807)");
    CHECK_THAT(error_of([] { (void)to(std::numeric_limits<std::uint64_t>::max()); }),
               Catch::Matchers::Contains("18446744073709551615"));
    CHECK(read_error<std::uint64_t>(integer(-1)) == "the value -1 does not fit in a 64-bit unsigned integer");
}

TEST_CASE("reading an integer out of the target's range is a value_error", "[dry][values]") {
    CHECK(read_error<std::int8_t>(integer(128)) == "the value 128 does not fit in an 8-bit signed integer");
    CHECK(read_error<std::int8_t>(integer(-129)) == "the value -129 does not fit in an 8-bit signed integer");
    CHECK(read_error<std::uint8_t>(integer(256)) ==
          "the value 256 does not fit in an 8-bit unsigned integer");
    CHECK(read_error<std::uint8_t>(integer(-1)) == "the value -1 does not fit in an 8-bit unsigned integer");
    CHECK(read_error<std::int16_t>(integer(32768)) ==
          "the value 32768 does not fit in a 16-bit signed integer");
    CHECK(read_error<std::uint16_t>(integer(65536)) ==
          "the value 65536 does not fit in a 16-bit unsigned integer");
    CHECK(read_error<std::uint16_t>(integer(-1)) == "the value -1 does not fit in a 16-bit unsigned integer");
    CHECK(read_error<std::int32_t>(integer(2147483648)) ==
          "the value 2147483648 does not fit in a 32-bit signed integer");
    CHECK(read_error<std::int32_t>(integer(-2147483649)) ==
          "the value -2147483649 does not fit in a 32-bit signed integer");
    CHECK(read_error<std::uint32_t>(integer(4294967296)) ==
          "the value 4294967296 does not fit in a 32-bit unsigned integer");
    CHECK(read_error<std::uint32_t>(integer(-1)) == "the value -1 does not fit in a 32-bit unsigned integer");
    CHECK(read_error<std::int8_t>(integer(std::numeric_limits<std::int64_t>::min())) ==
          "the value -9223372036854775808 does not fit in an 8-bit signed integer");
    // The bounds themselves fit.
    CHECK(from<std::uint16_t>(integer(65535)) == 65535);
    CHECK(from<std::uint32_t>(integer(0)) == 0u);
    CHECK(from<std::int32_t>(integer(-2147483648)) == -2147483647 - 1);
}

TEST_CASE("a value of the wrong kind is a value_error naming both kinds", "[dry][values]") {
    CHECK(read_error<int>(text("12")) == "expected an integer, got text");
    CHECK(read_error<int>(value{}) == "expected an integer, got NULL");
    CHECK(read_error<std::string>(integer(1)) == "expected text, got integer");
    CHECK(read_error<blob>(text("ab")) == "expected a blob, got text");
    CHECK(read_error<double>(text("1.5")) == "expected a real number, got text");
    CHECK(read_error<bool>(value{2.5}) == "expected an integer, got real");
    CHECK(read_error<std::int64_t>(value{bytes({1})}) == "expected an integer, got blob");
    // A real column may come back as an integer.
    CHECK(from<double>(integer(3)) == 3.0);
}

TEST_CASE("bool, floating point, text and blob round-trip", "[dry][values]") {
    CHECK(to(true) == integer(1));
    CHECK(to(false) == integer(0));
    CHECK(from<bool>(integer(1)));
    CHECK_FALSE(from<bool>(integer(0)));

    CHECK(to(1.5f) == value{1.5});
    CHECK(round_trip(0.1f) == 0.1f);
    CHECK(round_trip(-2.75) == -2.75);
    CHECK(round_trip(std::numeric_limits<double>::max()) == std::numeric_limits<double>::max());
    CHECK(round_trip(std::numeric_limits<double>::denorm_min()) == std::numeric_limits<double>::denorm_min());

    CHECK(to(std::string{"hello"}) == text("hello"));
    CHECK(round_trip(std::string{}).empty());
    CHECK(round_trip(std::string{"\xC5\xBC\xC3\xB3\xC5\x82w \xF0\x9F\x90\xA2"}) ==
          "\xC5\xBC\xC3\xB3\xC5\x82w \xF0\x9F\x90\xA2");
    const std::string with_nul("a\0b", 3);
    CHECK(round_trip(with_nul) == with_nul);

    const blob b = bytes({0x00, 0xff, 0x10, 0x7f});
    CHECK(to(b) == value{b});
    CHECK(round_trip(b) == b);
    CHECK(round_trip(blob{}).empty());
}

TEST_CASE("every field of EveryType round-trips through its table", "[dry][values]") {
    const cormorant::table_info& t = cormorant::table_of<EveryType>();
    EveryType in;
    in.id = 99;
    in.i8 = -100;
    in.u8 = 200;
    in.i16 = -30000;
    in.u16 = 60000;
    in.i32 = -2000000000;
    in.u32 = 4000000000u;
    in.i64 = std::numeric_limits<std::int64_t>::min();
    in.u64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    in.flag = true;
    in.f32 = 3.25f;
    in.f64 = -1e300;
    in.text = "text";
    in.bytes = bytes({1, 2, 3});
    in.at = sys_days{2024y / May / 1} + 12h + 34min + 56s + 123456us;
    in.day = 2024y / February / 29;
    in.colour = Colour::blue;
    in.price = Money{-1999};
    in.maybe_int = 5;
    in.maybe_text = "maybe";
    in.maybe_at = sys_days{1969y / July / 20} + 20h + 17min;
    in.maybe_flag = false;

    EveryType out;
    for (std::size_t i = 0; i < t.columns.size(); ++i) t.set(&out, i, t.get(&in, i));
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        INFO(t.columns[i].name);
        CHECK(t.columns[i].equal(&in, &out));
    }
    CHECK(out.i8 == -100);
    CHECK(out.u32 == 4000000000u);
    CHECK(out.at == in.at);
    CHECK(out.day == in.day);
    CHECK(out.colour == Colour::blue);
    CHECK(out.price == Money{-1999});
    CHECK_FALSE(out.maybe_real.has_value());
    CHECK_FALSE(out.maybe_bytes.has_value());
    REQUIRE(out.maybe_flag.has_value());
    CHECK_FALSE(*out.maybe_flag);

    CHECK(t.get(&in, 14) == text("2024-05-01 12:34:56.123456"));
    CHECK(t.get(&in, 15) == text("2024-02-29"));
    CHECK(t.get(&in, 19).is_null());
}

TEST_CASE("time points keep microseconds, before and after 1970", "[dry][values]") {
    const system_clock::time_point noon = sys_days{2024y / May / 1} + 12h + 34min + 56s + 123456us;
    CHECK(to(noon) == text("2024-05-01 12:34:56.123456"));
    CHECK(round_trip(noon) == noon);

    CHECK(to(system_clock::time_point{}) == text("1970-01-01 00:00:00.000000"));
    const system_clock::time_point before = sys_days{1969y / December / 31} + 23h + 59min + 59s + 999999us;
    CHECK(to(before) == text("1969-12-31 23:59:59.999999"));
    CHECK(round_trip(before) == before);
    const system_clock::time_point old = sys_days{1900y / January / 1} + 1us;
    CHECK(to(old) == text("1900-01-01 00:00:00.000001"));
    CHECK(round_trip(old) == old);
    CHECK(round_trip(sys_time<microseconds>{-1us}) == sys_time<microseconds>{-1us});

    // Finer parts are truncated towards the past.
    CHECK(to(noon + 999ns) == text("2024-05-01 12:34:56.123456"));
    CHECK(to(system_clock::time_point{} - 1ns) == text("1969-12-31 23:59:59.999999"));
    CHECK(to(system_clock::time_point{} - 1001ns) == text("1969-12-31 23:59:59.999998"));

    // Read into a coarser time point: truncated towards the past as well.
    CHECK(from<sys_seconds>(text("2024-05-01 12:34:56.900000")) ==
          sys_days{2024y / May / 1} + 12h + 34min + 56s);
    CHECK(from<sys_seconds>(text("1969-12-31 23:59:59.500000")) == sys_seconds{-1s});
    CHECK(from<sys_time<milliseconds>>(text("1969-12-31 23:59:59.999500")) == sys_time<milliseconds>{-1ms});
}

TEST_CASE("timestamp text: 0 to 6 fractional digits, space or T", "[dry][values]") {
    using cormorant::detail::format_timestamp;
    using cormorant::detail::parse_timestamp;
    const std::int64_t base = micros(sys_days{2024y / May / 1} + 12h + 34min + 56s);
    CHECK(parse_timestamp("2024-05-01 12:34:56") == base);
    CHECK(parse_timestamp("2024-05-01 12:34:56.1") == base + 100000);
    CHECK(parse_timestamp("2024-05-01 12:34:56.12") == base + 120000);
    CHECK(parse_timestamp("2024-05-01 12:34:56.123") == base + 123000);
    CHECK(parse_timestamp("2024-05-01 12:34:56.1234") == base + 123400);
    CHECK(parse_timestamp("2024-05-01 12:34:56.12345") == base + 123450);
    CHECK(parse_timestamp("2024-05-01 12:34:56.123456") == base + 123456);
    CHECK(parse_timestamp("2024-05-01 12:34:56.000001") == base + 1);
    CHECK(parse_timestamp("2024-05-01T12:34:56") == base);
    CHECK(parse_timestamp("2024-05-01T12:34:56.5") == base + 500000);
    CHECK(parse_timestamp("1970-01-01 00:00:00") == 0);
    CHECK(parse_timestamp("1969-12-31 23:59:59.999999") == -1);
    CHECK(parse_timestamp("0001-01-01 00:00:00") == micros(sys_days{1y / January / 1}));
    CHECK(parse_timestamp("9999-12-31 23:59:59.999999") ==
          micros(sys_days{9999y / December / 31} + 23h + 59min + 59s + 999999us));

    CHECK(format_timestamp(base) == "2024-05-01 12:34:56.000000");
    CHECK(format_timestamp(base + 7) == "2024-05-01 12:34:56.000007");
    CHECK(format_timestamp(0) == "1970-01-01 00:00:00.000000");
    CHECK(format_timestamp(-1) == "1969-12-31 23:59:59.999999");
    CHECK(format_timestamp(micros(sys_days{1y / January / 1})) == "0001-01-01 00:00:00.000000");
    for (std::int64_t us : {base, base + 1, base + 999999, std::int64_t{-1}, std::int64_t{-86400000001}})
        CHECK(parse_timestamp(format_timestamp(us)) == us);
}

TEST_CASE("malformed timestamp text is a value_error", "[dry][values]") {
    using cormorant::detail::parse_timestamp;
    for (const char* bad : {
             "",
             "2024-05-01",
             "2024-05-01 12:34",
             "2024-05-01 12:34:56.",
             "2024-05-01 12:34:56.1234567",
             "2024-05-01 12:34:56Z",
             "2024-05-01 12:34:56+02:00",
             "2024-05-01x12:34:56",
             "2024-05-01  12:34:56",
             "2024/05/01 12:34:56",
             "2024-13-01 12:34:56",
             "2023-02-29 12:34:56",
             "2024-05-01 24:00:00",
             "2024-05-01 12:60:00",
             "2024-05-01 12:34:61",
             "2024-05-01 1:34:56",
             "2024-05-01 -1:34:56",
             "2024-05-01 12:-1:56",
             "2024-05-01 12:34:-1",
             "-001-05-01 12:34:56",
             "2024-05-01 12:34:56.-1",
             "2024-05-01 12:34:56.1a",
             " 2024-05-01 12:34:56",
             "yesterday",
         }) {
        INFO("text: '" << bad << "'");
        const std::string message = error_of([&] { (void)parse_timestamp(bad); });
        CHECK_THAT(message, Catch::Matchers::StartsWith(std::string("cannot read '") + bad + "'"));
        CHECK_THAT(message, Catch::Matchers::Contains("timestamp"));
    }
    CHECK_THROWS_AS(from<system_clock::time_point>(text("2024-05-01 25:00:00")), value_error);
    CHECK_THROWS_AS(from<system_clock::time_point>(integer(0)), value_error);
}

TEST_CASE("year_month_day round-trips as YYYY-MM-DD", "[dry][values]") {
    CHECK(to(year_month_day{2024y / February / 29}) == text("2024-02-29"));
    CHECK(to(year_month_day{1969y / July / 20}) == text("1969-07-20"));
    CHECK(to(year_month_day{0y / January / 1}) == text("0000-01-01"));
    CHECK(to(year_month_day{9999y / December / 31}) == text("9999-12-31"));
    CHECK(from<year_month_day>(text("2024-02-29")) == 2024y / February / 29);
    CHECK(from<year_month_day>(text("1900-03-01")) == 1900y / March / 1);
    for (year_month_day d :
         {2000y / January / 1, 1970y / January / 1, 1600y / February / 29, 2100y / December / 31})
        CHECK(round_trip(d) == d);
}

TEST_CASE("dates that cannot be stored or read are a value_error", "[dry][values]") {
    CHECK_THROWS_AS(to(year_month_day{2023y / February / 29}), value_error);
    CHECK_THROWS_AS(to(year_month_day{2024y / 13 / 1}), value_error);
    CHECK_THAT(error_of([] { (void)to(year_month_day{10000y / January / 1}); }),
               Catch::Matchers::Contains("0000-9999"));
    CHECK_THAT(error_of([] { (void)to(year_month_day{-1y / January / 1}); }),
               Catch::Matchers::Contains("0000-9999"));
    CHECK_THROWS_AS(cormorant::detail::format_timestamp(micros(sys_days{10000y / January / 1})), value_error);

    for (const char* bad : {"", "2024-02-30", "2023-02-29", "2024-00-10", "2024-13-01", "2024-5-01",
                            "2024-05-1", "24-05-01", "2024-05-01 ", "2024-05-01 00:00:00", "-001-01-01",
                            "2024--5-01", "2024-05--1", "2024_05_01", "tomorrow"}) {
        INFO("text: '" << bad << "'");
        CHECK_THAT(read_error<year_month_day>(text(bad)),
                   Catch::Matchers::StartsWith(std::string("cannot read '") + bad + "' as a date"));
    }
}

TEST_CASE("optional: empty is NULL and NULL is empty", "[dry][values]") {
    CHECK(to(std::optional<int>{}).is_null());
    CHECK(to(std::optional<int>{7}) == integer(7));
    CHECK_FALSE(from<std::optional<int>>(value{}).has_value());
    CHECK(from<std::optional<int>>(integer(7)) == 7);

    std::optional<std::string> s{"set"};
    column_type<std::optional<std::string>>::from_value(value{}, s);
    CHECK_FALSE(s.has_value());
    CHECK(round_trip(std::optional<std::string>{""}) == std::optional<std::string>{""});
    CHECK(round_trip(std::optional<blob>{bytes({9})}) == std::optional<blob>{bytes({9})});
    CHECK_FALSE(round_trip(std::optional<blob>{}).has_value());
    CHECK(round_trip(std::optional<bool>{false}) == std::optional<bool>{false});
    const system_clock::time_point at = sys_days{1999y / December / 31} + 23h + 59min + 59s + 999999us;
    CHECK(round_trip(std::optional<system_clock::time_point>{at}) == at);
    CHECK(round_trip(std::optional<Colour>{Colour::green}) == Colour::green);
    CHECK(round_trip(std::optional<Money>{Money{12}}) == Money{12});
    CHECK(to(std::optional<Money>{}).is_null());
    // Range checks apply inside optional too.
    CHECK_THROWS_AS(from<std::optional<std::int8_t>>(integer(1000)), value_error);
}

TEST_CASE("enums are stored as their underlying integer", "[dry][values]") {
    CHECK(to(Colour::red) == integer(1));
    CHECK(to(Colour::blue) == integer(-3));
    CHECK(from<Colour>(integer(-3)) == Colour::blue);
    CHECK(from<Colour>(integer(2)) == Colour::green);
    CHECK(round_trip(Colour::blue) == Colour::blue);
    CHECK(read_error<Colour>(integer(40000)) == "the value 40000 does not fit in a 16-bit signed integer");

    enum class flags : std::uint8_t { none = 0, all = 255 };
    enum plain { plain_low = -2147483647 - 1, plain_high = 2147483647 };
    CHECK(round_trip(flags::all) == flags::all);
    CHECK(read_error<flags>(integer(-1)) == "the value -1 does not fit in an 8-bit unsigned integer");
    CHECK(to(plain_low) == integer(-2147483648));
    CHECK(round_trip(plain_high) == plain_high);
}

TEST_CASE("user types convert through type_conversion", "[dry][values]") {
    CHECK(to(Money{-250}) == integer(-250));
    CHECK(from<Money>(integer(199)) == Money{199});
    CHECK(round_trip(Money{std::numeric_limits<std::int64_t>::max()}) ==
          Money{std::numeric_limits<std::int64_t>::max()});
    CHECK(read_error<Money>(text("1.99")) == "expected an integer, got text");

    // A type without a default constructor converts into an existing object.
    CHECK(to(Label{"red"}) == text("red"));
    Label l{"before"};
    column_type<Label>::from_value(text("after"), l);
    CHECK(l.text == "after");
}

TEST_CASE("ref columns store the referenced key", "[dry][values]") {
    using cormorant::ref;
    CHECK(to(ref<Author>{std::int64_t{42}}) == integer(42));
    CHECK(to(ref<Author>{}).is_null());
    CHECK(from<ref<Author>>(integer(7)).key() == 7);
    CHECK(to(ref<Country>{std::string{"PT"}}) == text("PT"));
    CHECK(from<ref<Country>>(text("NO")).key<std::string>() == "NO");
    CHECK(to(ref<City>{std::int32_t{3}}) == integer(3));

    // A ref to an object reads the object's key when asked.
    auto author = std::make_shared<Author>();
    const ref<Author> r{author};
    CHECK(to(r) == integer(0));
    author->id = 9;
    CHECK(to(r) == integer(9));
    CHECK(r.key() == 9);

    std::optional<ref<Employee>> manager;
    CHECK(to(manager).is_null());
    CHECK(from<std::optional<ref<Employee>>>(integer(5))->key() == 5);
}

TEST_CASE("to_display renders values for messages", "[dry][values]") {
    using cormorant::to_display;
    CHECK(to_display(value{}) == "NULL");
    CHECK(to_display(integer(42)) == "42");
    CHECK(to_display(integer(-7)) == "-7");
    CHECK(to_display(integer(std::numeric_limits<std::int64_t>::min())) == "-9223372036854775808");
    CHECK(to_display(value{1.5}) == "1.5");
    CHECK(to_display(value{0.1}) == "0.10000000000000001");
    CHECK(to_display(value{-2.0}) == "-2");
    CHECK(to_display(text("hi")) == "'hi'");
    CHECK(to_display(text("")) == "''");
    CHECK(to_display(value{bytes({0x0a, 0xff, 0x00})}) == "x'0aff00'");
    CHECK(to_display(value{blob{}}) == "x''");
    CHECK(to_display(to(sys_days{2024y / May / 1} + 1us)) == "'2024-05-01 00:00:00.000001'");
}

TEST_CASE("value accessors and sql_type names", "[dry][values]") {
    CHECK(integer(3).as_int() == 3);
    CHECK(value{2.5}.as_double() == 2.5);
    CHECK(text("a").as_text() == "a");
    CHECK(value{bytes({1})}.as_blob() == bytes({1}));
    CHECK(value{}.is_null());
    CHECK_FALSE(integer(0).is_null());
    CHECK_FALSE(integer(1) == value{1.0});
    CHECK_THROWS_AS(value{}.as_text(), value_error);

    using cormorant::sql_type;
    CHECK(std::string(cormorant::to_string(sql_type::boolean)) == "boolean");
    CHECK(std::string(cormorant::to_string(sql_type::int16)) == "int16");
    CHECK(std::string(cormorant::to_string(sql_type::float32)) == "float32");
    CHECK(std::string(cormorant::to_string(sql_type::timestamp)) == "timestamp");
    CHECK(std::string(cormorant::to_string(sql_type::date)) == "date");
}
