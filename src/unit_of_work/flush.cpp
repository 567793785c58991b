// Executing a flush plan: INSERTs parents first, UPDATEs, DELETEs children
// first, all inside one transaction or savepoint. On any failure the
// database is rolled back and the memory changes the flush made (generated
// keys, version bumps, automatic timestamps) are undone, so the session is
// exactly as before.
#include <algorithm>
#include <chrono>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "connection/transaction_scope.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/sql.hpp"
#include "cormorant/types.hpp"
#include "unit_of_work/flush_plan.hpp"
#include "unit_of_work/unit_of_work.hpp"

namespace cormorant::detail {

namespace {

// Rows per batched statement, as for inserts (connection/rows.cpp).
constexpr std::size_t max_rows_per_delete = 500;
constexpr std::size_t max_rows_per_update = 500;

// The savepoint that lets a batched update of a versioned table on MySQL be
// undone to find its stale row.
constexpr std::string_view stale_check = "cormorant_update";

/// Memory changes made by a flush in progress, to undo if it fails.
struct undo_log {
    std::vector<std::pair<entry*, value>> fields;  // (entry, old value) of column `column_of`
    std::vector<std::size_t> column_of;

    void record(entry* e, std::size_t column) {
        fields.emplace_back(e, e->table->get(e->object.get(), column));
        column_of.push_back(column);
    }
    void revert() noexcept {
        for (std::size_t i = fields.size(); i-- > 0;) {
            try {
                fields[i].first->table->set(fields[i].first->object.get(), column_of[i], fields[i].second);
            } catch (...) {
                // Restoring a value that was read from the same field cannot fail.
            }
        }
    }
};

[[noreturn]] void stale(const table_info& t, const value& key, const char* op) {
    throw stale_object_error(
        "cormorant: " + std::string(op) + " of " + t.name + " " + to_display(key) +
            " failed: the row was changed or deleted by someone else since it was loaded "
            "(version check); the flush was undone",
        t.name, to_display(key));
}

void run_inserts(connection& c, const insert_step& step, const flush_plan& plan, undo_log& undo,
                 session_stats& stats) {
    const table_info& t = *step.table;
    std::vector<void*> objects;
    objects.reserve(step.rows.size());
    for (entry* e : step.rows) {
        if (t.key_unassigned(e->object.get())) undo.record(e, t.key);
        objects.push_back(e->object.get());
    }
    insert_objects(c, t, objects, plan.deferred.empty() ? nullptr : &plan.deferred);
    stats.rows_written += objects.size();
}

// Ref columns written apart from their rows, one statement per row: set to
// the objects' values after the inserts (links), or cleared before the
// deletes (unlinks).
void run_links(connection& c, const link_step& step, bool clear) {
    const table_info& t = *step.table;
    const sql::row_statement st = sql::update_columns(c.dialect(), t, step.columns);
    std::vector<std::vector<value>> rows;
    rows.reserve(step.rows.size());
    for (entry* e : step.rows) {
        std::vector<value>& row = rows.emplace_back();
        // if/else, not `clear ? value{} : t.get(...)`: GCC 12 at -O3 reports
        // the variant inside the conditional as maybe uninitialized.
        for (std::size_t col : step.columns) {
            if (clear)
                row.emplace_back();
            else
                row.push_back(t.get(e->object.get(), col));
        }
        if (clear)
            row.push_back(e->identity);
        else
            row.push_back(t.get(e->object.get(), t.key));
    }
    c.execute_many(st.sql, st.types, rows, {t.name, clear ? "delete" : "insert"});
}

// One statement per row, prepared once; a versioned row not written is stale.
void update_row_by_row(connection& c, const update_step& step) {
    const table_info& t = *step.table;
    const sql::row_statement st = sql::update_row(c.dialect(), t, step.columns);
    std::vector<std::vector<value>> rows;
    rows.reserve(step.rows.size());
    for (entry* e : step.rows) {
        std::vector<value> row;
        row.reserve(st.types.size());
        for (std::size_t col : step.columns) row.push_back(t.get(e->object.get(), col));
        // Built in place: moving a temporary value here trips GCC 12's
        // -Wmaybe-uninitialized at -O3.
        if (t.version) row.emplace_back(t.get(e->snapshot.get(), *t.version).as_int() + 1);
        row.push_back(e->identity);
        if (t.version) row.push_back(t.get(e->snapshot.get(), *t.version));
        rows.push_back(std::move(row));
    }
    const auto affected = c.execute_many(st.sql, st.types, rows, {t.name, "update"});
    if (!t.version) return;
    for (std::size_t i = 0; i < affected.size(); ++i)
        if (affected[i] == 0) stale(t, step.rows[i]->identity, "update");
}

// The key of a row of `rows` (key, new values, loaded version) whose version
// in the database is no longer the loaded one, or that is gone.
value find_stale_row(connection& c, const table_info& t, std::span<const std::vector<value>> rows) {
    std::vector<value> keys;
    keys.reserve(rows.size());
    for (const auto& row : rows) keys.push_back(row.front());
    std::unordered_map<value, value, value_hash> versions;
    const sql_type types[] = {t.key_column().type, t.columns[*t.version].type};
    c.query(sql::select_versions(c.dialect(), t, keys.size()), keys, types,
            [&](std::span<value> row) { versions.emplace(std::move(row[0]), std::move(row[1])); },
            {t.name, "update"});
    for (const auto& row : rows) {
        const auto it = versions.find(row.front());
        if (it == versions.end() || it->second != row.back()) return row.front();
    }
    return rows.front().front();  // not expected: the count said a row was not written
}

// Several rows per statement (sql::update_rows). A versioned row that was not
// written is stale: PostgreSQL returns the keys written; MySQL only counts
// them (every row it matches changes, as its version goes up), and then one
// SELECT of the versions finds which row it was.
void update_in_batches(connection& c, const update_step& step) {
    const table_info& t = *step.table;
    const dialect& d = c.dialect();
    const bool returning = d.batch_updates() == update_batching::values_join;
    const std::size_t n_cols = step.columns.size();
    const std::size_t per_row =
        returning ? 1 + n_cols + (t.version ? 1 : 0) : 2 * n_cols + (t.version ? 2 : 1);
    const std::size_t per_stmt =
        std::max<std::size_t>(1, std::min(max_rows_per_update, c.max_parameters() / per_row));
    const statement_context ctx{t.name, "update"};

    // Every value is read before anything is sent.
    std::vector<std::vector<value>> rows;
    rows.reserve(step.rows.size());
    for (entry* e : step.rows) {
        std::vector<value>& row = rows.emplace_back();
        row.reserve(n_cols + 2);
        row.push_back(e->identity);
        for (std::size_t col : step.columns) row.push_back(t.get(e->object.get(), col));
        if (t.version) row.push_back(t.get(e->snapshot.get(), *t.version));
    }
    for (std::size_t start = 0; start < rows.size(); start += per_stmt) {
        const std::span<const std::vector<value>> chunk(rows.data() + start,
                                                        std::min(per_stmt, rows.size() - start));
        const sql_text st = sql::update_rows(d, t, step.columns, chunk);
        if (!t.version) {
            c.execute(st.sql, st.params, ctx);
        } else if (returning) {
            key_set written;
            const sql_type key_type = t.key_column().type;
            c.query(
                st.sql, st.params, std::span<const sql_type>(&key_type, 1),
                [&](std::span<value> row) { written.insert(std::move(row[0])); }, ctx);
            for (const auto& row : chunk)
                if (!written.contains(row.front())) stale(t, row.front(), "update");
        } else {
            // A row this statement wrote has a new version too, so to tell
            // which row it left out its writes are undone first.
            c.execute(sql::savepoint(d, stale_check), {}, {"", "savepoint"});
            if (c.execute(st.sql, st.params, ctx) < chunk.size()) {
                c.execute(sql::rollback_to_savepoint(d, stale_check), {}, {"", "rollback to savepoint"});
                stale(t, find_stale_row(c, t, chunk), "update");
            }
        }
    }
}

void run_updates(connection& c, const update_step& step, undo_log& undo, session_stats& stats) {
    const table_info& t = *step.table;
    // One row gains nothing from the batched forms.
    if (c.dialect().batch_updates() == update_batching::per_row || step.rows.size() == 1)
        update_row_by_row(c, step);
    else
        update_in_batches(c, step);
    stats.rows_written += step.rows.size();
    if (!t.version) return;
    for (entry* e : step.rows) {
        const value next{t.get(e->snapshot.get(), *t.version).as_int() + 1};
        undo.record(e, *t.version);
        t.set(e->object.get(), *t.version, next);
    }
}

void run_deletes(connection& c, const delete_step& step, session_stats& stats) {
    const table_info& t = *step.table;
    const dialect& d = c.dialect();
    const statement_context ctx{t.name, "delete"};
    stats.rows_written += step.rows.size();
    if (t.version) {
        const sql::row_statement st = sql::delete_versioned_row(d, t);
        std::vector<std::vector<value>> rows;
        for (entry* e : step.rows) rows.push_back({e->identity, t.get(e->snapshot.get(), *t.version)});
        const auto affected = c.execute_many(st.sql, st.types, rows, ctx);
        for (std::size_t i = 0; i < affected.size(); ++i)
            if (affected[i] == 0) stale(t, step.rows[i]->identity, "delete");
        return;
    }
    const std::size_t per_stmt = std::min(max_rows_per_delete, c.max_parameters());
    std::vector<value> keys;
    for (std::size_t start = 0; start < step.rows.size(); start += per_stmt) {
        const std::size_t n = std::min(per_stmt, step.rows.size() - start);
        keys.clear();
        for (std::size_t i = 0; i < n; ++i) keys.push_back(step.rows[start + i]->identity);
        c.execute(sql::delete_keys(d, t, n), keys, ctx);
    }
}

void run_delete_phase(connection& c, const delete_phase& phase, session_stats& stats) {
    for (const auto& step : phase.unlinks) run_links(c, step, /*clear=*/true);
    for (const auto& step : phase.steps) run_deletes(c, step, stats);
}

/// The values the automatic timestamps of new rows had before a flush set
/// them, for the journal.
using old_stamps = std::unordered_map<const entry*, std::vector<std::pair<std::size_t, value>>>;

/// Sets the automatic timestamps of the rows the flush will write to `now`:
/// created_at and updated_at of new rows, updated_at of rows where some
/// column changed. Runs before the plan groups rows by their changed
/// columns, so that updated_at is one of them and rows stay batched.
old_stamps stamp_rows(unit_of_work& uow, const value& now, undo_log& undo) {
    old_stamps old;
    uow.for_each([&](entry& e) {
        const table_info& t = *e.table;
        if (!t.created_at && !t.updated_at) return;
        const bool inserted = e.state == object_state::pending;
        if (!inserted && (e.state != object_state::persistent || e.removing || !unit_of_work::changed(e)))
            return;
        for (const std::optional<std::size_t>& col : {inserted ? t.created_at : std::nullopt, t.updated_at}) {
            if (!col) continue;
            undo.record(&e, *col);
            if (inserted) old[&e].emplace_back(*col, undo.fields.back().second);
            t.set(e.object.get(), *col, now);
        }
    });
    return old;
}

/// The time of a flush in storage form: UTC, whole microseconds.
value flush_time() {
    const auto now = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
    return value{format_timestamp(now.time_since_epoch().count())};
}

/// Objects that ref columns point at but that the session does not track
/// yet, and whose keys are still to be generated, are added as pending.
void add_referenced_objects(unit_of_work& uow) {
    std::vector<entry*> work;
    uow.for_each([&](entry& e) {
        if (e.state == object_state::pending || e.state == object_state::persistent) work.push_back(&e);
    });
    while (!work.empty()) {
        entry* e = work.back();
        work.pop_back();
        for (const column_info& c : e->table->columns) {
            if (!c.ref_target) continue;
            auto target = c.ref_target(e->object.get());
            if (!target || uow.find(target.get())) continue;
            const table_info& tt = c.references();
            if (tt.key_unassigned(target.get())) work.push_back(&uow.add_pending(tt, std::move(target)));
        }
    }
}

}  // namespace

void unit_of_work::flush(bool own_savepoint) {
    add_referenced_objects(*this);
    undo_log undo;
    // One clock read per flush: every row it writes gets the same instant.
    old_stamps stamps;
    flush_plan plan;
    try {
        stamps = stamp_rows(*this, flush_time(), undo);
        plan = plan_flush(*this);
    } catch (...) {
        undo.revert();
        throw;
    }
    if (plan.empty()) return;

    // Inside an atomic block the journal needs the keys objects had before.
    std::vector<value> old_keys;
    if (journal_.recording())
        for (const auto& step : plan.inserts)
            for (entry* e : step.rows) old_keys.push_back(e->table->get(e->object.get(), e->table->key));

    // Isolated: a failure rolls back this flush's own savepoint, so it does
    // not break an enclosing atomic block (unless that rollback fails).
    with_connection(
        [&](connection& c) {
            try {
                run_atomically(
                    c, "cormorant_flush",
                    [&] {
                        run_delete_phase(c, plan.early_deletes, stats_);
                        for (const auto& step : plan.inserts) run_inserts(c, step, plan, undo, stats_);
                        for (const auto& step : plan.links) run_links(c, step, /*clear=*/false);
                        for (const auto& step : plan.updates) run_updates(c, step, undo, stats_);
                        run_delete_phase(c, plan.deletes, stats_);
                    },
                    own_savepoint);
            } catch (...) {
                undo.revert();
                throw;
            }

            // Success: memory now agrees with the database.
            std::size_t k = 0;
            for (const auto& step : plan.inserts)
                for (entry* e : step.rows) {
                    if (journal_.recording())
                        journal_.record({journal_record::kind::inserted, e->table, e->seq, e->object, nullptr,
                                         std::move(old_keys[k++]), std::move(stamps[e])});
                    make_persistent(*e);
                }
            // A row switch: the removed object is deleted as if its row had
            // gone (detached when the transaction ends), the pending one holds the row.
            std::unordered_set<const entry*> switched;
            for (const row_switch& sw : plan.switches) {
                switched.insert(sw.row.get());
                const table_info& t = *sw.pending->table;
                // Nothing differed: no UPDATE was sent, so the version stays the row's.
                if (t.version && !sw.updated)
                    t.set(sw.pending->object.get(), *t.version, t.get(sw.row->snapshot.get(), *t.version));
                mark_deleted(*sw.removed);
                if (journal_.recording())
                    journal_.record({journal_record::kind::inserted, &t, sw.pending->seq, sw.pending->object,
                                     nullptr, t.get(sw.pending->object.get(), t.key),
                                     std::move(stamps[sw.pending])});
                make_persistent(*sw.pending);
            }
            for (const auto& step : plan.updates)
                for (entry* e : step.rows) {
                    if (switched.count(e)) continue;
                    journal_.record({journal_record::kind::updated,
                                     e->table,
                                     e->seq,
                                     e->object,
                                     std::move(e->snapshot),
                                     {}});
                    e->snapshot = e->table->clone(e->object.get());
                }
            std::unordered_map<const table_info*, key_set> gone;
            for (const delete_phase* phase : {&plan.early_deletes, &plan.deletes})
                for (const auto& step : phase->steps)
                    for (entry* e : step.rows) {
                        mark_deleted(*e);
                        gone[step.table].insert(e->identity);
                    }
            if (!gone.empty()) mark_cascaded(std::move(gone));
            if (!c.in_transaction()) forget_deleted();
        },
        /*isolated=*/true);
}

}  // namespace cormorant::detail
