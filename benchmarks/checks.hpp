#pragma once
// What the tables must hold after each workload, checked after every run.
#include <cormorant/cormorant.hpp>
#include <optional>
#include <string>

#include "workloads.hpp"

namespace bench {

/// Empty when the tables hold what `w` must leave; else what is wrong.
std::optional<std::string> check_rows(cormorant::database& db, workload w, const sizes& s);

}  // namespace bench
