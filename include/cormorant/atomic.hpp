#pragma once
/// \file atomic.hpp
/// Options of atomic blocks and the scope-guard form. Blocks follow Django's
/// `transaction.atomic`: the outermost block is a transaction, inner blocks
/// are savepoints, and a block that rolls back also puts the session's
/// objects back as they were when it began.
///
///     {
///         auto tx = s.atomic();          // BEGIN (or SAVEPOINT when nested)
///         from->balance -= 100;
///         to->balance += 100;
///         tx.commit();                   // flush, then COMMIT (or RELEASE)
///     }                                  // no commit() reached: rolled back here
///
/// The guard commits only when told to: leaving its scope without commit(),
/// by an exception or otherwise, rolls the block back. So its destructor
/// never commits and never throws: an error it meets (a failed ROLLBACK on a
/// lost connection, guards ended out of order) goes to the diagnostic
/// handler (diagnostics.hpp). A guard must not outlive its session.

#include <chrono>
#include <cstddef>
#include <exception>
#include <optional>

#include "cormorant/isolation.hpp"

namespace cormorant {

/// How often, and how patiently, an outermost block is re-run after a
/// transient error (serialization failure, deadlock, lock timeout, busy).
struct retry_policy {
    /// Runs in all, the first included: 1 means no retry.
    int attempts = 1;
    /// Pause before the second run; each further pause is `multiplier` times longer.
    std::chrono::milliseconds backoff{20};
    double multiplier = 2.0;
    std::chrono::milliseconds max_backoff{1000};
};

struct atomic_options {
    /// Inner blocks only: false means no SAVEPOINT; an error inside then
    /// marks the enclosing transaction for rollback.
    bool savepoint = true;
    /// Must be the outermost block: throws transaction_error when a block is active.
    bool durable = false;
    /// Function form, outermost block only: re-run after transient errors.
    retry_policy retry{};
    /// Outermost block only.
    std::optional<isolation_level> isolation{};
};

namespace detail {
class unit_of_work;
}

/// The scope-guard form of an atomic block, returned by session::atomic().
/// Blocks end innermost first.
class [[nodiscard]] atomic_block {
public:
    atomic_block(const atomic_block&) = delete;
    atomic_block& operator=(const atomic_block&) = delete;
    atomic_block(atomic_block&& other) noexcept;
    atomic_block& operator=(atomic_block&&) = delete;
    /// Rolls back unless commit() or rollback() ran; never throws.
    ~atomic_block();

    /// Flushes and RELEASEs the savepoint (inner) or COMMITs (outermost),
    /// then runs on_commit callbacks when the transaction ended. If the
    /// block is marked for rollback (set_rollback, or an error no savepoint
    /// isolated) it rolls back instead, without throwing. A failing flush,
    /// RELEASE or COMMIT rolls the block back and throws.
    void commit();
    /// Rolls the block back now: the database and the session's objects.
    void rollback();
    /// Ends the block after `error` left its body: rolls back, and returns
    /// true when the caller should run the body again (retry policy).
    bool fail(std::exception_ptr error, int attempt);

private:
    friend class session;
    atomic_block(detail::unit_of_work& uow, const atomic_options& options);
    void end(bool commit, std::exception_ptr error);
    bool outermost() const noexcept { return depth_ == 1; }

    detail::unit_of_work* uow_;
    atomic_options options_;
    /// Blocks open when this one began, itself included: 1 is the outermost.
    std::size_t depth_;
    bool done_ = false;
    /// The outermost block's COMMIT succeeded: never run the body again.
    bool committed_ = false;
};

}  // namespace cormorant
