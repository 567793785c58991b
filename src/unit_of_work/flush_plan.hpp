#pragma once
// The flush plan: what a flush will send, in order. Built from the tracked
// entries before any SQL is sent, so planning errors (a cycle of required
// refs among new rows, a changed key) leave everything untouched.
//
// Rows are ordered by the references between the rows being written, not by
// an order of tables: tables may reference each other in cycles. Where rows
// themselves form a cycle, the optional refs inside it are written in a
// second statement (links after the inserts, unlinks before the deletes).

#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "unit_of_work/unit_of_work.hpp"

namespace cormorant::detail {

/// Rows of one table that can go in the same INSERT statements: none of them
/// references another row of the step.
struct insert_step {
    const table_info* table;
    std::vector<entry*> rows;
};

/// Rows of one table that change the same columns.
struct update_step {
    const table_info* table;
    std::vector<std::size_t> columns;
    std::vector<entry*> rows;
};

/// Rows of one table deleted together (no row of the step is the parent of another).
struct delete_step {
    const table_info* table;
    std::vector<entry*> rows;
};

/// Ref columns of rows of one table written by key alone, apart from the
/// row's other columns: set after the inserts (links) or cleared before the
/// deletes (unlinks) of rows that reference each other in a cycle.
struct link_step {
    const table_info* table;
    std::vector<std::size_t> columns;
    std::vector<entry*> rows;
};

/// Deletes of rows of some tables, children first, with the refs to clear first.
struct delete_phase {
    std::vector<link_step> unlinks;
    std::vector<delete_step> steps;
    bool empty() const noexcept { return steps.empty(); }
};

/// A removed persistent object and a pending one with the same key: one
/// UPDATE of the row. `row` stands for the row during the flush: the pending
/// object's values, the removed object's snapshot, key and version.
struct row_switch {
    entry* pending;
    entry* removed;
    std::unique_ptr<entry> row;
    bool updated = false;  ///< some column differs: the row is in an update step
};

struct flush_plan {
    /// Deletes that free a unique value new or changed rows take: before the inserts.
    delete_phase early_deletes;
    std::vector<insert_step> inserts;  // parents first
    /// Columns each inserted object sends as NULL, set by `links` afterwards.
    null_columns deferred;
    std::vector<link_step> links;
    std::vector<update_step> updates;  // row switches included
    std::vector<row_switch> switches;
    delete_phase deletes;  // children first

    bool empty() const noexcept {
        return early_deletes.empty() && inserts.empty() && updates.empty() && deletes.empty() &&
               switches.empty();
    }
};

/// Plans a flush of `uow`'s entries; throws flush_error.
flush_plan plan_flush(const unit_of_work& uow);

}  // namespace cormorant::detail
