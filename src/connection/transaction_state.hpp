#pragma once
// The atomic-block bookkeeping of one connection, as Django keeps it on its
// connection: the savepoint stack (0 in a slot: that block has none), the
// mark that the transaction must roll back, and the on_commit callbacks
// tagged with the savepoints active when each was registered.

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace cormorant::detail {

struct commit_callback {
    /// Savepoints active at registration: rolling back any of them drops it.
    std::vector<std::uint64_t> savepoints;
    std::function<void()> fn;
    bool robust = false;
};

struct transaction_state {
    bool in_atomic_block = false;
    /// One slot per inner block, innermost last.
    std::vector<std::uint64_t> savepoints;
    bool needs_rollback = false;
    /// The error that set needs_rollback, when one did.
    std::exception_ptr rollback_cause;
    std::vector<commit_callback> callbacks;
    std::uint64_t last_savepoint = 0;

    /// Blocks open: the outermost plus the inner ones.
    std::size_t depth() const noexcept { return in_atomic_block ? 1 + savepoints.size() : 0; }

    static std::string savepoint_name(std::uint64_t id) { return "cormorant_sp" + std::to_string(id); }

    void reset() {
        in_atomic_block = false;
        savepoints.clear();
        needs_rollback = false;
        rollback_cause = nullptr;
        callbacks.clear();
    }
};

}  // namespace cormorant::detail
