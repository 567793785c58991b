#pragma once
// The flush plan: what a flush will send, in order. Built from the tracked
// entries before any SQL is sent, so planning errors (a cycle among pending
// rows, a changed key) leave everything untouched.

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

struct flush_plan {
    std::vector<insert_step> inserts;  // parents first
    std::vector<update_step> updates;
    std::vector<delete_step> deletes;  // children first
    bool empty() const noexcept { return inserts.empty() && updates.empty() && deletes.empty(); }
};

/// Plans a flush of `uow`'s entries; throws flush_error or schema_error.
flush_plan plan_flush(const unit_of_work& uow);

}  // namespace cormorant::detail
