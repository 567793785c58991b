#pragma once
// The books a session keeps: every tracked object with its state and its
// snapshot (the last values known to be in the database), and the identity
// map that makes one row one object.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "connection/transaction_state.hpp"
#include "cormorant/database.hpp"
#include "cormorant/tracking.hpp"
#include "unit_of_work/memory_journal.hpp"

namespace cormorant::detail {

struct value_hash {
    std::size_t operator()(const value& v) const noexcept;
};

using key_set = std::unordered_set<value, value_hash>;

/// One tracked object.
struct entry {
    const table_info* table = nullptr;
    std::shared_ptr<void> object;
    /// A copy of the object as its row is (persistent and deleted objects).
    std::shared_ptr<void> snapshot;
    object_state state = object_state::pending;
    /// Persistent and marked by remove(): deleted at the next flush.
    bool removing = false;
    /// Order in which the session first saw the object: keeps flushes deterministic.
    std::uint64_t seq = 0;
    /// The key it is registered under in the identity map (persistent, deleted).
    value identity;
};

class unit_of_work {
public:
    explicit unit_of_work(database db) : db_(std::move(db)) {}

    database& db() noexcept { return db_; }
    void set_trace(std::function<void(std::string_view)> trace) { trace_ = std::move(trace); }
    session_stats& stats() noexcept { return stats_; }

    /// The entry of a tracked object, or nullptr.
    entry* find(const void* object) const;
    /// Tracks a new pending object (no-op when already tracked).
    entry& add_pending(const table_info& t, std::shared_ptr<void> object);
    /// The tracked object for (table, key), or nullptr.
    entry* lookup(const table_info& t, const value& key) const;
    /// Merges a row read from the database: the tracked object when there is
    /// one (its unflushed changes kept), else a new persistent object.
    std::shared_ptr<void> merge_row(const table_info& t, std::span<value> row);
    /// Persistent from now on, with `object`'s current values as the snapshot.
    void make_persistent(entry& e);
    /// Stops tracking; remembers the object as detached.
    void detach(entry& e);
    /// True when a persistent object's fields differ from its snapshot.
    static bool changed(const entry& e);
    bool was_detached(const void* object, const std::shared_ptr<const void>& owner) const;

    /// Runs `fn` on a connection: the atomic block's inside one, a pooled one
    /// for the call otherwise. Inside a block, refuses to run when the
    /// transaction is marked for rollback, and an error from `fn` marks it
    /// (unless `isolated`: the caller rolled its own savepoint back).
    void with_connection(const std::function<void(connection&)>& fn, bool isolated = false);

    /// The connection of the open atomic block, or nullptr.
    connection* block_connection() noexcept { return block_ ? &*block_ : nullptr; }
    /// Borrows the connection the outermost block runs on (held until release_block).
    connection& hold_block_connection();
    void release_block_connection() noexcept;
    /// Runs the block machinery's own statements (BEGIN, SAVEPOINT, RELEASE,
    /// COMMIT, ...) on the block's connection, counted and traced like the
    /// session's, with no rollback-mark check.
    void on_block_connection(const std::function<void(connection&)>& fn);

    memory_journal& journal() noexcept { return journal_; }
    /// Puts memory back as it was when the block whose records begin at
    /// `mark` started: undoes the journal from there, then gives every
    /// changed object its snapshot's values and detaches pending objects.
    void restore_to(std::size_t mark) noexcept;
    /// Discards unflushed work: changed objects get their snapshot's values
    /// back, removals are undone, pending objects are detached.
    void restore_unflushed() noexcept;
    /// The entry `seq` when it still tracks `object`, or nullptr.
    entry* find_seq(std::uint64_t seq, const void* object) const;

    /// Calls fn(entry&) for every tracked entry, oldest first.
    template <class Fn>
    void for_each(Fn&& fn) const {
        for (const auto& [seq, e] : by_seq_) fn(*e);
    }
    /// The row of a persistent object was deleted: it is `deleted` until the
    /// transaction ends (journaled inside atomic blocks).
    void mark_deleted(entry& e);
    /// After the rows `gone` (keys per table) were deleted: marks deleted the
    /// tracked objects whose rows the database deleted with them through ON
    /// DELETE CASCADE, transitively, and returns them.
    std::vector<entry*> mark_cascaded(std::unordered_map<const table_info*, key_set> gone);
    /// Stops tracking the objects deleted by flushes (at the end of a transaction).
    void forget_deleted();
    void clear();

    /// Writes every pending change. Inside a transaction the flush runs
    /// under its own savepoint, so that a failure leaves the transaction
    /// usable; `own_savepoint = false` skips it where the caller rolls the
    /// whole block back on failure anyway (an atomic block's exit).
    void flush(bool own_savepoint = true);

private:
    database db_;
    session_stats stats_;
    std::function<void(std::string_view)> trace_;
    std::uint64_t next_seq_ = 0;
    std::map<std::uint64_t, std::unique_ptr<entry>> by_seq_;
    std::unordered_map<const void*, entry*> by_object_;
    std::unordered_map<const table_info*, std::unordered_map<value, entry*, value_hash>> identity_;
    std::unordered_map<const void*, std::weak_ptr<void>> detached_;
    pooled_connection block_;
    memory_journal journal_;

    /// Tracks `object`, known not to be tracked, as pending.
    entry& track(const table_info& t, std::shared_ptr<void> object);
};

}  // namespace cormorant::detail
