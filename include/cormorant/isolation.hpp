#pragma once
/// \file isolation.hpp
/// Transaction isolation levels an outermost atomic block may ask for.
///
///     s.atomic({.isolation = cormorant::isolation_level::serializable}, [&] { ... });

namespace cormorant {

enum class isolation_level {
    read_committed,
    repeatable_read,
    serializable,
};

/// "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE".
const char* to_sql(isolation_level level) noexcept;

}  // namespace cormorant
