// Planning a flush: which rows are inserted, updated and deleted, and in
// what order, from the references between the rows themselves.
//
// Tables are grouped into strongly connected components of their foreign
// keys, ordered parents first. A component of one table that does not
// reference itself is written in one step, as every table of an acyclic
// schema is. Inside any other component the rows are ordered one by one;
// rows that reference each other in a cycle have their optional refs inside
// the cycle written apart (NULL at the insert, set by a link afterwards;
// cleared before the delete), and a cycle of required refs only is refused.
#include "unit_of_work/flush_plan.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "cormorant/errors.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant::detail {

namespace {

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

std::string row_name(const entry& e, const void* values) {
    const table_info& t = *e.table;
    if (t.key_unassigned(values)) return t.name + " (new)";
    return t.name + " " + to_display(t.get(values, t.key));
}

/// The strongly connected components of a graph (Tarjan's algorithm, without
/// recursion: a chain of 100,000 rows must not exhaust the stack), members in
/// ascending order. A component comes after every component it has an edge
/// to, so with edges from a row to the rows it references, referenced rows
/// come first; ties follow the order of the nodes.
std::vector<std::vector<std::size_t>> components(const std::vector<std::vector<std::size_t>>& adj) {
    const std::size_t n = adj.size();
    std::vector<std::size_t> index(n, none), low(n, 0), stack;
    std::vector<char> on_stack(n, 0);
    std::vector<std::vector<std::size_t>> out;
    std::vector<std::pair<std::size_t, std::size_t>> calls;  // (node, next edge)
    std::size_t next = 0;
    const auto enter = [&](std::size_t v) {
        index[v] = low[v] = next++;
        stack.push_back(v);
        on_stack[v] = 1;
        calls.emplace_back(v, 0);
    };
    for (std::size_t root = 0; root < n; ++root) {
        if (index[root] != none) continue;
        enter(root);
        while (!calls.empty()) {
            const std::size_t v = calls.back().first;
            if (calls.back().second < adj[v].size()) {
                const std::size_t w = adj[v][calls.back().second++];
                if (index[w] == none)
                    enter(w);
                else if (on_stack[w])
                    low[v] = std::min(low[v], index[w]);
                continue;
            }
            calls.pop_back();
            if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[v]);
            if (low[v] != index[v]) continue;
            std::vector<std::size_t>& members = out.emplace_back();
            std::size_t w;
            do {
                w = stack.back();
                stack.pop_back();
                on_stack[w] = 0;
                members.push_back(w);
            } while (w != v);
            std::sort(members.begin(), members.end());
        }
    }
    return out;
}

/// A reference from one row of a set to another row of the same set.
struct row_ref {
    std::size_t target;  ///< index of the referenced row
    std::size_t column;  ///< the ref column of the referencing row
    bool optional;
};

/// The outcome of ordering rows that may reference each other.
struct row_order {
    /// Levels of row indices: each row after the rows it references.
    std::vector<std::vector<std::size_t>> levels;
    /// (row, column): optional refs inside cycles, written apart.
    std::vector<std::pair<std::size_t, std::size_t>> apart;
};

/// Orders rows by their references. A reference of a row to itself in
/// `refs` counts as a cycle of one row. `what` ("insert", "delete") and
/// `values_of` (the object or snapshot a row is read from) name the rows of
/// a cycle of required refs in the flush_error.
template <class ValuesOf>
row_order order_rows(const std::vector<entry*>& rows, std::vector<std::vector<row_ref>> refs,
                     const char* what, ValuesOf&& values_of) {
    const std::size_t n = rows.size();
    row_order out;
    std::vector<std::vector<std::size_t>> adj(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const row_ref& r : refs[i])
            if (r.target != i) adj[i].push_back(r.target);
    std::vector<std::size_t> component_of(n);
    const auto comps = components(adj);
    for (std::size_t c = 0; c < comps.size(); ++c)
        for (std::size_t i : comps[c]) component_of[i] = c;
    // Optional refs inside a cycle are written apart; what is left must be acyclic.
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<row_ref> kept;
        for (const row_ref& r : refs[i]) {
            const bool in_cycle = r.target == i || (component_of[r.target] == component_of[i] &&
                                                    comps[component_of[i]].size() > 1);
            if (in_cycle && r.optional)
                out.apart.emplace_back(i, r.column);
            else
                kept.push_back(r);
        }
        refs[i] = std::move(kept);
    }
    // Levels: a row is ready once every row it references is placed.
    std::vector<std::size_t> level(n, none);
    std::vector<std::size_t> waiting(n, 0);
    std::vector<std::vector<std::size_t>> referenced_by(n);
    std::vector<std::size_t> ready;
    for (std::size_t i = 0; i < n; ++i) {
        for (const row_ref& r : refs[i]) {
            ++waiting[i];
            referenced_by[r.target].push_back(i);
        }
        if (!waiting[i]) ready.push_back(i);
    }
    for (std::size_t i : ready) level[i] = 0;
    std::size_t placed = 0;
    for (std::size_t k = 0; k < ready.size(); ++k, ++placed) {
        const std::size_t v = ready[k];
        for (std::size_t u : referenced_by[v]) {
            level[u] = level[u] == none ? level[v] + 1 : std::max(level[u], level[v] + 1);
            if (--waiting[u] == 0) ready.push_back(u);
        }
    }
    if (placed < n) {
        // A cycle of required refs: follow unplaced refs until a row repeats.
        std::size_t v = 0;
        while (!waiting[v]) ++v;
        std::vector<std::size_t> path, seen(n, none);
        std::vector<std::size_t> via;
        while (seen[v] == none) {
            seen[v] = path.size();
            path.push_back(v);
            const auto next = std::find_if(refs[v].begin(), refs[v].end(),
                                           [&](const row_ref& r) { return waiting[r.target] != 0; });
            via.push_back(next->column);
            v = next->target;
        }
        std::string cycle;
        for (std::size_t k = seen[v]; k < path.size(); ++k) {
            const entry& e = *rows[path[k]];
            cycle += row_name(e, values_of(e)) + " -[" + e.table->columns[via[k]].name + "]-> ";
        }
        cycle += row_name(*rows[v], values_of(*rows[v]));
        throw flush_error(std::string("cormorant: cannot ") + what +
                          " rows that reference each other through required refs only: " + cycle +
                          " (make one of these refs optional: it is then written after the rows exist)");
    }
    std::size_t depth = 0;
    for (std::size_t i = 0; i < n; ++i) depth = std::max(depth, level[i] + 1);
    out.levels.resize(depth);
    for (std::size_t i = 0; i < n; ++i) out.levels[level[i]].push_back(i);
    return out;
}

/// Columns of t that reference a table of `tables`.
std::vector<std::size_t> refs_into(const table_info& t, const std::unordered_set<const table_info*>& tables) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].references && tables.count(&t.columns[i].references())) out.push_back(i);
    return out;
}

/// Rows with the same deferred columns of one table as link steps.
void add_links(std::vector<link_step>& steps, const std::vector<entry*>& rows, const row_order& order) {
    std::unordered_map<std::size_t, std::vector<std::size_t>> columns_of;
    std::vector<std::size_t> order_seen;
    for (const auto& [row, column] : order.apart) {
        auto& cols = columns_of[row];
        if (cols.empty()) order_seen.push_back(row);
        cols.push_back(column);
    }
    std::sort(order_seen.begin(), order_seen.end());
    for (std::size_t row : order_seen) {
        auto& cols = columns_of[row];
        std::sort(cols.begin(), cols.end());
        entry* e = rows[row];
        auto s = std::find_if(steps.begin(), steps.end(),
                              [&](const link_step& l) { return l.table == e->table && l.columns == cols; });
        if (s == steps.end()) {
            steps.push_back({e->table, cols, {}});
            s = steps.end() - 1;
        }
        s->rows.push_back(e);
    }
}

/// Splits a level of rows into one step per table, tables in `tables` order.
template <class Step>
void add_level(std::vector<Step>& steps, const std::vector<entry*>& rows,
               const std::vector<std::size_t>& level, const std::vector<const table_info*>& tables) {
    for (const table_info* t : tables) {
        Step s{t, {}};
        for (std::size_t i : level)
            if (rows[i]->table == t) s.rows.push_back(rows[i]);
        if (!s.rows.empty()) steps.push_back(std::move(s));
    }
}

/// Whether the rows of a component of tables need ordering one by one.
bool row_by_row(const std::vector<const table_info*>& tables) {
    if (tables.size() > 1) return true;
    const table_info& t = *tables.front();
    for (const column_info& c : t.columns)
        if (c.references && &c.references() == &t) return true;
    return false;
}

using rows_by_table = std::unordered_map<const table_info*, std::vector<entry*>>;

/// The rows of `by_table` that belong to `tables`, in the order the session first saw them.
std::vector<entry*> rows_of(const rows_by_table& by_table, const std::vector<const table_info*>& tables) {
    std::vector<entry*> out;
    for (const table_info* t : tables)
        if (auto it = by_table.find(t); it != by_table.end())
            out.insert(out.end(), it->second.begin(), it->second.end());
    // One table's rows are in that order already.
    if (tables.size() > 1)
        std::sort(out.begin(), out.end(), [](const entry* a, const entry* b) { return a->seq < b->seq; });
    return out;
}

/// Deletes of `removing`, children first; components of tables in creation order.
delete_phase plan_deletes(const rows_by_table& removing,
                          const std::vector<std::vector<const table_info*>>& order) {
    delete_phase phase;
    for (auto comp = order.rbegin(); comp != order.rend(); ++comp) {
        const std::vector<entry*> rows = rows_of(removing, *comp);
        if (rows.empty()) continue;
        if (!row_by_row(*comp)) {
            phase.steps.push_back({comp->front(), rows});
            continue;
        }
        // A row references, through its stored values, the removed rows whose
        // keys they hold; it is deleted before them. A row that references
        // itself goes with itself.
        const std::unordered_set<const table_info*> members(comp->begin(), comp->end());
        std::unordered_map<const table_info*, std::unordered_map<value, std::size_t, value_hash>> by_key;
        for (std::size_t i = 0; i < rows.size(); ++i) by_key[rows[i]->table][rows[i]->identity] = i;
        std::vector<std::vector<row_ref>> refs(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const table_info& t = *rows[i]->table;
            for (std::size_t c : refs_into(t, members)) {
                const auto& keys = by_key[&t.columns[c].references()];
                auto k = keys.find(t.get(rows[i]->snapshot.get(), c));
                if (k != keys.end() && k->second != i)
                    refs[i].push_back({k->second, c, t.columns[c].nullable});
            }
        }
        row_order ro =
            order_rows(rows, std::move(refs), "delete", [](const entry& e) { return e.snapshot.get(); });
        add_links(phase.unlinks, rows, ro);
        // order_rows puts referenced rows first; deletion needs the reverse.
        for (auto l = ro.levels.rbegin(); l != ro.levels.rend(); ++l) add_level(phase.steps, rows, *l, *comp);
    }
    return phase;
}

struct values_hash {
    std::size_t operator()(const std::vector<value>& vs) const noexcept {
        std::size_t h = 0;
        for (const value& v : vs) h = h * 1000003 ^ value_hash {}(v);
        return h;
    }
};

/// The values of the columns of unique constraint u of `object`, or nothing
/// when one is NULL (NULLs never collide).
std::optional<std::vector<value>> unique_values(const table_info& t, const index_info& u,
                                                const void* object) {
    std::vector<value> out;
    for (std::size_t c : u.columns) {
        value v = t.get(object, c);
        if (v.is_null()) return std::nullopt;
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace

flush_plan plan_flush(const unit_of_work& uow) {
    // Collect per table, in the order tables are first seen.
    std::vector<const table_info*> tables;
    rows_by_table pending, removing;
    std::unordered_map<const table_info*, std::vector<std::pair<entry*, std::vector<std::size_t>>>> changed;
    auto note_table = [&](const table_info* t) {
        if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
    };
    uow.for_each([&](entry& e) {
        const table_info& t = *e.table;
        if (e.state == object_state::pending) {
            note_table(&t);
            pending[&t].push_back(&e);
        } else if (e.state == object_state::persistent && e.removing) {
            note_table(&t);
            removing[&t].push_back(&e);
        } else if (e.state == object_state::persistent) {
            std::vector<std::size_t> cols;
            for (std::size_t i = 0; i < t.columns.size(); ++i) {
                if (t.columns[i].equal(e.object.get(), e.snapshot.get())) continue;
                if (i == t.key)
                    throw flush_error("cormorant: the key of a persistent " + t.name + " row changed from " +
                                      to_display(e.identity) + " to " +
                                      to_display(t.get(e.object.get(), t.key)) +
                                      "; keys cannot be updated (remove the object and add a new one)");
                if (t.version && i == *t.version)
                    throw flush_error("cormorant: the version column of " + t.name + " " +
                                      to_display(e.identity) +
                                      " was changed by hand; cormorant maintains it");
                cols.push_back(i);
            }
            if (!cols.empty()) {
                note_table(&t);
                changed[&t].emplace_back(&e, std::move(cols));
            }
        }
    });

    flush_plan plan;
    if (tables.empty()) return plan;

    // Row switch: a removed row and a pending object with its key become one
    // UPDATE of the columns that differ; the version goes on from the row's.
    for (const table_info* t : tables) {
        auto p = pending.find(t);
        auto r = removing.find(t);
        if (p == pending.end() || r == removing.end()) continue;
        std::unordered_map<value, entry*, value_hash> removed;
        for (entry* e : r->second) removed.emplace(e->identity, e);
        std::vector<entry*> still_pending;
        for (entry* e : p->second) {
            auto hit = t->key_unassigned(e->object.get()) ? removed.end()
                                                          : removed.find(t->get(e->object.get(), t->key));
            if (hit == removed.end() || !hit->second) {
                still_pending.push_back(e);
                continue;
            }
            entry* old = hit->second;
            hit->second = nullptr;  // one switch per row
            auto row = std::make_unique<entry>();
            row->table = t;
            row->object = e->object;
            row->snapshot = old->snapshot;
            row->state = object_state::persistent;
            row->seq = e->seq;
            row->identity = old->identity;
            std::vector<std::size_t> cols;
            for (std::size_t i = 0; i < t->columns.size(); ++i)
                if (i != t->key && !(t->version && i == *t->version) &&
                    !t->columns[i].equal(e->object.get(), old->snapshot.get()))
                    cols.push_back(i);
            const bool updated = !cols.empty();
            if (updated) changed[t].emplace_back(row.get(), std::move(cols));
            plan.switches.push_back({e, old, std::move(row), updated});
        }
        p->second = std::move(still_pending);
        std::erase_if(r->second, [&](entry* e) {
            auto it = removed.find(e->identity);
            return it != removed.end() && !it->second;
        });
    }

    // Components of tables, parents first (for an acyclic schema: each table
    // after the tables it references, ties in the order first seen).
    std::vector<std::vector<const table_info*>> order;
    {
        std::vector<std::vector<std::size_t>> adj(tables.size());
        for (std::size_t i = 0; i < tables.size(); ++i)
            for (const column_info& c : tables[i]->columns) {
                if (!c.references) continue;
                auto at = std::find(tables.begin(), tables.end(), &c.references());
                if (at != tables.end() && at != tables.begin() + static_cast<std::ptrdiff_t>(i))
                    adj[i].push_back(static_cast<std::size_t>(at - tables.begin()));
            }
        for (const auto& comp : components(adj)) {
            std::vector<const table_info*>& ts = order.emplace_back();
            for (std::size_t i : comp) ts.push_back(tables[i]);
        }
    }

    // Freed unique values: a removed row whose unique values a new or changed
    // row of its table takes is deleted first, with the removed rows that
    // reference it, unless a row still to be written references one of them.
    if (!removing.empty()) {
        std::vector<entry*> freeing;
        std::unordered_set<entry*> seen;
        for (const auto& [t, rows] : removing) {
            if (t->uniques.empty() || rows.empty()) continue;
            const auto p = pending.find(t);
            const auto c = changed.find(t);
            if (p == pending.end() && c == changed.end()) continue;
            for (const index_info& u : t->uniques) {
                std::unordered_map<std::vector<value>, std::vector<entry*>, values_hash> holders;
                for (entry* e : rows)
                    if (auto v = unique_values(*t, u, e->snapshot.get())) holders[std::move(*v)].push_back(e);
                const auto taken = [&](const void* object) {
                    const auto v = unique_values(*t, u, object);
                    if (!v) return;
                    if (auto it = holders.find(*v); it != holders.end())
                        for (entry* e : it->second)
                            if (seen.insert(e).second) freeing.push_back(e);
                };
                if (p != pending.end())
                    for (entry* e : p->second) taken(e->object.get());
                if (c != changed.end())
                    for (const auto& [e, cols] : c->second)
                        if (std::any_of(u.columns.begin(), u.columns.end(), [&](std::size_t k) {
                                return std::find(cols.begin(), cols.end(), k) != cols.end();
                            }))
                            taken(e->object.get());
            }
        }
        if (!freeing.empty()) {
            // Who references a removed row: removed rows by their stored keys
            // (deleted first with it), and rows still to be written (which
            // keep it until the usual order).
            using row_key = std::pair<const table_info*, value>;
            struct row_key_hash {
                std::size_t operator()(const row_key& k) const noexcept {
                    return std::hash<const void*>{}(k.first) ^ (value_hash{}(k.second) * 31);
                }
            };
            std::unordered_map<row_key, std::vector<entry*>, row_key_hash> children;
            std::unordered_set<row_key, row_key_hash> kept_by_writes;
            std::unordered_set<const void*> objects_kept;
            const auto each_ref = [](const table_info& t, auto&& fn) {
                for (std::size_t c = 0; c < t.columns.size(); ++c)
                    if (t.columns[c].references) fn(c, t.columns[c].references());
            };
            for (const auto& [t, rows] : removing)
                each_ref(*t, [&](std::size_t c, const table_info& target) {
                    for (entry* e : rows) children[{&target, t->get(e->snapshot.get(), c)}].push_back(e);
                });
            for (const auto& [t, rows] : changed)
                each_ref(*t, [&](std::size_t c, const table_info& target) {
                    for (const auto& [e, cols] : rows)
                        kept_by_writes.insert({&target, t->get(e->snapshot.get(), c)});
                });
            for (const auto& [t, rows] : pending)
                each_ref(*t, [&](std::size_t c, const table_info& target) {
                    for (entry* e : rows) {
                        if (auto held = t->columns[c].ref_target ? t->columns[c].ref_target(e->object.get())
                                                                 : nullptr)
                            objects_kept.insert(held.get());
                        else
                            kept_by_writes.insert({&target, t->get(e->object.get(), c)});
                    }
                });
            std::unordered_set<entry*> early;
            for (entry* seed : freeing) {
                std::vector<entry*> group{seed};
                std::unordered_set<entry*> in_group{seed};
                bool blocked = false;
                for (std::size_t k = 0; k < group.size() && !blocked; ++k) {
                    const entry& row = *group[k];
                    blocked = kept_by_writes.count({row.table, row.identity}) ||
                              objects_kept.count(row.object.get());
                    if (auto it = children.find({row.table, row.identity}); it != children.end())
                        for (entry* child : it->second)
                            if (in_group.insert(child).second) group.push_back(child);
                }
                if (!blocked) early.insert(group.begin(), group.end());
            }
            if (!early.empty()) {
                rows_by_table first;
                for (auto& [t, rows] : removing) {
                    for (entry* e : rows)
                        if (early.count(e)) first[t].push_back(e);
                    std::erase_if(rows, [&](entry* e) { return early.count(e) != 0; });
                }
                plan.early_deletes = plan_deletes(first, order);
            }
        }
    }

    // Inserts, parents first.
    for (const auto& comp : order) {
        const std::vector<entry*> rows = rows_of(pending, comp);
        if (rows.empty()) continue;
        if (!row_by_row(comp)) {
            plan.inserts.push_back({comp.front(), rows});
            continue;
        }
        // A new row references the new rows its refs hold, by object or by an
        // assigned key. A row whose assigned key its own ref holds is written
        // whole; one whose key is still to be generated cannot name itself.
        const std::unordered_set<const table_info*> members(comp.begin(), comp.end());
        std::unordered_map<const entry*, std::size_t> index;
        std::unordered_map<const table_info*, std::unordered_map<value, std::size_t, value_hash>> by_key;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            index[rows[i]] = i;
            const table_info& t = *rows[i]->table;
            if (!t.key_unassigned(rows[i]->object.get())) by_key[&t][t.get(rows[i]->object.get(), t.key)] = i;
        }
        std::vector<std::vector<row_ref>> refs(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const table_info& t = *rows[i]->table;
            const void* object = rows[i]->object.get();
            for (std::size_t c : refs_into(t, members)) {
                const column_info& col = t.columns[c];
                std::size_t target = none;
                if (auto held = col.ref_target ? col.ref_target(object) : nullptr) {
                    const entry* p = uow.find(held.get());
                    if (auto it = p ? index.find(p) : index.end(); it != index.end()) target = it->second;
                } else {
                    const auto& keys = by_key[&col.references()];
                    if (auto k = keys.find(t.get(object, c)); k != keys.end()) target = k->second;
                }
                if (target == none || (target == i && !t.key_unassigned(object))) continue;
                refs[i].push_back({target, c, col.nullable});
            }
        }
        row_order ro =
            order_rows(rows, std::move(refs), "insert", [](const entry& e) { return e.object.get(); });
        for (const auto& [row, column] : ro.apart) plan.deferred[rows[row]->object.get()].push_back(column);
        add_links(plan.links, rows, ro);
        for (const auto& level : ro.levels) add_level(plan.inserts, rows, level, comp);
    }

    // Updates: rows of one table that change the same columns together, in
    // the order of the tables, groups in order of first appearance.
    for (const auto& comp : order)
        for (const table_info* t : comp) {
            auto it = changed.find(t);
            if (it == changed.end()) continue;
            std::vector<update_step> groups;
            for (auto& [e, cols] : it->second) {
                auto g = std::find_if(groups.begin(), groups.end(),
                                      [&](const update_step& s) { return s.columns == cols; });
                if (g == groups.end()) {
                    groups.push_back({t, cols, {}});
                    g = groups.end() - 1;
                }
                g->rows.push_back(e);
            }
            for (auto& g : groups) plan.updates.push_back(std::move(g));
        }

    plan.deletes = plan_deletes(removing, order);
    return plan;
}

}  // namespace cormorant::detail
