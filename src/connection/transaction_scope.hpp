#pragma once
// Running a group of statements all or nothing, whether or not a
// transaction is already open on the connection.

#include <functional>
#include <string_view>

#include "cormorant/connection.hpp"

namespace cormorant::detail {

/// Runs `fn` so that its statements take effect whole or not at all: in a
/// transaction of its own when none is open, else under savepoint `name` of
/// the open one, or, with `own_savepoint = false`, straight in the open one
/// (its owner rolls everything back when this fails). Rethrows fn's error
/// after the rollback; when the savepoint cannot be rolled back, the open
/// transaction is marked for rollback.
void run_atomically(connection& c, std::string_view name, const std::function<void()>& fn,
                    bool own_savepoint = true);

}  // namespace cormorant::detail
