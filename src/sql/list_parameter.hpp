#pragma once
// A list of values bound as one parameter (a long in()): its text in the
// dialect's list encoding.

#include <optional>
#include <span>
#include <string>

#include "cormorant/dialect.hpp"
#include "cormorant/value.hpp"

namespace cormorant::sql {

/// The text of `values` as one list parameter, or nothing when a value has no
/// form in `encoding` (a BLOB; a NaN or an infinity in JSON).
std::optional<std::string> list_parameter(list_encoding encoding, std::span<const value> values);

}  // namespace cormorant::sql
