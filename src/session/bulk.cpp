// Bulk UPDATE and DELETE for a session.
//
// How the session stays consistent: the session is flushed first (so no
// held object has changes the statement could overwrite, or that would
// overwrite the statement's values later), then, on one connection and in
// one transaction (a savepoint inside an open one), the keys of the matching
// rows are read and the statement runs with the same condition. The held
// objects with those keys are then updated (fields and snapshot) or marked
// deleted. The statement keeps its own condition rather than a list of keys:
// one statement however many rows, no parameter limit. A row another
// transaction makes match between the two statements could be changed
// without its held object being updated; the key read and the statement
// are adjacent in one transaction to keep that window small.
#include <unordered_map>
#include <unordered_set>

#include "connection/transaction_scope.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/session.hpp"
#include "cormorant/sql.hpp"
#include "unit_of_work/unit_of_work.hpp"

namespace cormorant::detail {

namespace {

/// Reads the keys of the rows matching q, then runs `statement` in the same
/// transaction; returns the keys. `still_open` tells whether a transaction
/// encloses the statement (its deletes are not final yet).
std::vector<value> run_with_keys(unit_of_work& u, const query_spec& q, const sql_text& statement,
                                 const char* op, bool& still_open) {
    const table_info& t = *q.table;
    const sql_text keys_sql = sql::query_keys(u.db().dialect(), q);
    const sql_type types[] = {t.key_column().type};
    std::vector<value> keys;
    // Isolated: a failure rolls back the statement's own savepoint.
    u.with_connection(
        [&](connection& c) {
            run_atomically(c, "cormorant_bulk", [&] {
                keys.clear();
                c.query(keys_sql.sql, keys_sql.params, types,
                        [&](std::span<value> row) { keys.push_back(row[0]); }, {t.name, "select"});
                c.execute(statement.sql, statement.params, {t.name, op});
            });
            still_open = c.in_transaction();
        },
        /*isolated=*/true);
    u.stats().rows_written += keys.size();
    return keys;
}

/// The held objects of `keys` of t, and those whose rows went with them
/// through ON DELETE CASCADE (transitively), all marked deleted.
std::vector<entry*> mark_deleted(unit_of_work& u, const table_info& t, const std::vector<value>& keys) {
    std::vector<entry*> out;
    for (const value& k : keys)
        if (entry* e = u.lookup(t, k); e && e->state == object_state::persistent) {
            u.mark_deleted(*e);
            out.push_back(e);
        }
    std::vector<entry*> cascaded = u.mark_cascaded({{&t, key_set(keys.begin(), keys.end())}});
    out.insert(out.end(), cascaded.begin(), cascaded.end());
    return out;
}

}  // namespace

std::uint64_t session_access::update(session& s, const query_spec& q, const std::vector<assignment>& set) {
    const table_info& t = *q.table;
    if (set.empty()) throw error("cormorant: update<" + t.type_name + ">() needs at least one set()");
    for (const assignment& a : set)
        if (a.column == t.key || (t.version && a.column == *t.version))
            throw error("cormorant: update<" + t.type_name + ">() cannot set the " +
                        (a.column == t.key ? "key" : "version") + " column " + t.columns[a.column].name);
    s.flush();
    unit_of_work& u = *s.uow_;
    // Handles in the values have their keys now (after the flush).
    std::vector<value> values;
    for (const assignment& a : set) values.push_back(a.v.resolve());
    bool open = false;
    const std::vector<value> keys =
        run_with_keys(u, q, sql::bulk_update(u.db().dialect(), q, set), "update", open);
    for (const value& k : keys) {
        entry* e = u.lookup(t, k);
        if (!e || e->state != object_state::persistent) continue;
        // Inside an atomic block: what a rollback of the block puts back.
        if (u.journal().recording())
            u.journal().record(
                {journal_record::kind::updated, &t, e->seq, e->object, t.clone(e->snapshot.get()), {}});
        for (std::size_t i = 0; i < set.size(); ++i) {
            t.set(e->object.get(), set[i].column, values[i]);
            t.set(e->snapshot.get(), set[i].column, values[i]);
        }
        if (t.version) {
            const value next{t.get(e->snapshot.get(), *t.version).as_int() + 1};
            t.set(e->object.get(), *t.version, next);
            t.set(e->snapshot.get(), *t.version, next);
        }
    }
    return keys.size();
}

std::uint64_t session_access::remove(session& s, const query_spec& q) {
    const table_info& t = *q.table;
    s.flush();
    unit_of_work& u = *s.uow_;
    bool open = false;
    const std::vector<value> keys =
        run_with_keys(u, q, sql::bulk_delete(u.db().dialect(), q), "delete", open);
    // As a flushed delete: deleted, and detached once no transaction encloses it.
    const std::vector<entry*> deleted = mark_deleted(u, t, keys);
    if (!open)
        for (entry* e : deleted) u.detach(*e);
    return keys.size();
}

}  // namespace cormorant::detail
