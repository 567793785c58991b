#pragma once
/// \file value.hpp
/// The few storage forms a column value takes on its way to and from the
/// database. Models never see these; column types convert to and from them.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cormorant {

/// The logical type of a column; each dialect maps it to its DDL type.
enum class sql_type : std::uint8_t {
    boolean,
    int16,
    int32,
    int64,
    float32,
    float64,
    text,
    blob,
    timestamp,  ///< microseconds, no time zone (UTC by convention)
    date,
};

/// "boolean", "int64", ... (for messages and tests).
const char* to_string(sql_type t) noexcept;

/// Bytes of a BLOB column.
using blob = std::vector<std::byte>;

/// A column value in storage form. Integers (and booleans) are int64,
/// timestamps and dates are text in ISO form ("2024-05-01 12:00:00.000001").
class value {
public:
    using storage = std::variant<std::monostate, std::int64_t, double, std::string, blob>;

    value() = default;
    value(std::int64_t v) : v_(v) {}
    value(double v) : v_(v) {}
    value(std::string v) : v_(std::move(v)) {}
    value(blob v) : v_(std::move(v)) {}

    bool is_null() const noexcept { return v_.index() == 0; }
    const storage& get() const noexcept { return v_; }
    storage& get() noexcept { return v_; }

    /// Accessors that throw value_error naming the expected form.
    std::int64_t as_int() const;
    double as_double() const;
    const std::string& as_text() const;
    const blob& as_blob() const;

    friend bool operator==(const value&, const value&) = default;

private:
    storage v_;
};

/// A readable rendering for messages and tests ("NULL", "42", "'text'", "x'0aff'").
std::string to_display(const value& v);

namespace detail {
/// Two hex digits per byte ("0aff"; "0AFF" when `upper`), for BLOBs sent or shown as text.
std::string hex_digits(const blob& bytes, bool upper = false);
}  // namespace detail

}  // namespace cormorant
