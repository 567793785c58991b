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

}  // namespace cormorant
