#include "cormorant/value.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "cormorant/errors.hpp"
#include "cormorant/types.hpp"

namespace cormorant {

const char* to_string(sql_type t) noexcept {
    switch (t) {
        case sql_type::boolean:
            return "boolean";
        case sql_type::int16:
            return "int16";
        case sql_type::int32:
            return "int32";
        case sql_type::int64:
            return "int64";
        case sql_type::float32:
            return "float32";
        case sql_type::float64:
            return "float64";
        case sql_type::text:
            return "text";
        case sql_type::blob:
            return "blob";
        case sql_type::timestamp:
            return "timestamp";
        case sql_type::date:
            return "date";
    }
    return "unknown";
}

namespace {
const char* kind_name(const value::storage& s) {
    static constexpr const char* names[] = {"NULL", "integer", "real", "text", "blob"};
    return names[s.index()];
}

[[noreturn]] void wrong_kind(const value& v, const char* wanted) {
    throw value_error(std::string("expected ") + wanted + ", got " + kind_name(v.get()));
}
}  // namespace

std::int64_t value::as_int() const {
    if (auto* p = std::get_if<std::int64_t>(&v_)) return *p;
    wrong_kind(*this, "an integer");
}

double value::as_double() const {
    if (auto* p = std::get_if<double>(&v_)) return *p;
    if (auto* p = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*p);
    wrong_kind(*this, "a real number");
}

const std::string& value::as_text() const {
    if (auto* p = std::get_if<std::string>(&v_)) return *p;
    wrong_kind(*this, "text");
}

const blob& value::as_blob() const {
    if (auto* p = std::get_if<blob>(&v_)) return *p;
    wrong_kind(*this, "a blob");
}

std::string to_display(const value& v) {
    struct visitor {
        std::string operator()(std::monostate) const { return "NULL"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", d);
            return buf;
        }
        std::string operator()(const std::string& s) const { return "'" + s + "'"; }
        std::string operator()(const blob& b) const { return "x'" + detail::hex_digits(b) + "'"; }
    };
    return std::visit(visitor{}, v.get());
}

namespace detail {

std::string hex_digits(const blob& bytes, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::byte b : bytes) {
        out += digits[std::to_integer<unsigned>(b) >> 4];
        out += digits[std::to_integer<unsigned>(b) & 15];
    }
    return out;
}

void throw_out_of_range(const char* type, std::int64_t v) {
    throw value_error("the value " + std::to_string(v) + " does not fit in " + type);
}

void throw_unsigned_out_of_range(unsigned long long v) {
    throw value_error("the value " + std::to_string(v) +
                      " is above the largest integer a column can hold (9223372036854775807)");
}

const char* integer_type_name(bool is_signed, std::size_t size) noexcept {
    switch (size) {
        case 1:
            return is_signed ? "an 8-bit signed integer" : "an 8-bit unsigned integer";
        case 2:
            return is_signed ? "a 16-bit signed integer" : "a 16-bit unsigned integer";
        case 4:
            return is_signed ? "a 32-bit signed integer" : "a 32-bit unsigned integer";
        default:
            return is_signed ? "a 64-bit signed integer" : "a 64-bit unsigned integer";
    }
}

namespace {
using namespace std::chrono;

[[noreturn]] void bad_time(const std::string& text, const char* what) {
    throw value_error("cannot read '" + text + "' as a " + what);
}

// Reads exactly n digits at text[pos] (no sign: from_chars alone would take "-1").
bool digits(const std::string& text, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > text.size() || text[pos] < '0' || text[pos] > '9') return false;
    const char* first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, first + n, out);
    return ec == std::errc{} && ptr == first + n;
}

// "YYYY-MM-DD" at the start of text (years 0000-9999).
bool read_date(const std::string& text, year_month_day& out) {
    int y = 0, m = 0, d = 0;
    if (!digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, m) ||
        text[7] != '-' || !digits(text, 8, 2, d))
        return false;
    out = year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)};
    return out.ok();
}
}  // namespace

std::string format_date(std::int32_t days_since_epoch) {
    const year_month_day ymd{sys_days{days{days_since_epoch}}};
    const int y = static_cast<int>(ymd.year());
    if (y < 0 || y > 9999) throw value_error("the date is outside the years 0000-9999 that columns hold");
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

std::int32_t parse_date(const std::string& text) {
    year_month_day ymd;
    if (!read_date(text, ymd) || text.size() != 10) bad_time(text, "date (YYYY-MM-DD)");
    return static_cast<std::int32_t>(sys_days{ymd}.time_since_epoch().count());
}

std::string format_timestamp(std::int64_t micros) {
    const microseconds us{micros};
    const auto day_start = floor<days>(sys_time<microseconds>{us});
    const auto in_day = us - day_start.time_since_epoch();
    const hh_mm_ss<microseconds> hms{in_day};
    std::string out = format_date(static_cast<std::int32_t>(day_start.time_since_epoch().count()));
    char buf[24];
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d.%06lld", static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                  static_cast<long long>(hms.subseconds().count()));
    return out + buf;
}

std::int64_t parse_timestamp(const std::string& text) {
    // "YYYY-MM-DD HH:MM:SS[.f{1,6}]"; also accepts 'T' between date and time.
    year_month_day ymd;
    int h = 0, m = 0, s = 0;
    if (!read_date(text, ymd) || text.size() < 19 || (text[10] != ' ' && text[10] != 'T') ||
        !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, m) || text[16] != ':' ||
        !digits(text, 17, 2, s) || h > 23 || m > 59 || s > 60)
        bad_time(text, "timestamp (YYYY-MM-DD HH:MM:SS.ffffff)");
    std::int64_t frac = 0;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        std::size_t n = 0;
        for (++pos; pos < text.size() && n < 6 && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++n)
            frac = frac * 10 + (text[pos] - '0');
        if (n == 0) bad_time(text, "timestamp");
        for (; n < 6; ++n) frac *= 10;
    }
    if (pos != text.size()) bad_time(text, "timestamp (YYYY-MM-DD HH:MM:SS.ffffff)");
    const auto day_us = duration_cast<microseconds>(sys_days{ymd}.time_since_epoch()).count();
    return day_us + (static_cast<std::int64_t>(h) * 3600 + m * 60 + s) * 1000000 + frac;
}

}  // namespace detail
}  // namespace cormorant
