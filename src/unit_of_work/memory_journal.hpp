#pragma once
// What flushes inside atomic blocks changed in the session, so that a block
// that rolls back can put the objects back as they were when it began. Only
// flushed work is recorded (entering a block flushes, so everything else is
// found by comparing objects with their snapshots): the cost of a rollback
// follows what the block wrote, not the size of the session.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "cormorant/metadata.hpp"
#include "cormorant/value.hpp"

namespace cormorant::detail {

struct journal_record {
    enum class kind {
        inserted,  ///< was pending: detach it, give it back its old key and timestamps
        updated,   ///< its snapshot before the flush is `old_snapshot`
        deleted,   ///< was persistent: make it persistent again
        loaded,    ///< read inside the block: not tracked at its start, so detach it
    };
    kind what;
    const table_info* table;
    std::uint64_t seq;
    std::shared_ptr<void> object;
    std::shared_ptr<void> old_snapshot;  // updated
    value old_key;                       // inserted
    /// Inserted: (column, value before the flush) of the automatic
    /// timestamps the flush set.
    std::vector<std::pair<std::size_t, value>> old_columns = {};
};

struct memory_journal {
    std::vector<journal_record> records;
    /// Where each open block's records begin, innermost last.
    std::vector<std::size_t> marks;

    bool recording() const noexcept { return !marks.empty(); }
    void record(journal_record r) {
        if (recording()) records.push_back(std::move(r));
    }
};

}  // namespace cormorant::detail
