#include "unit_of_work/flush_plan.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "cormorant/errors.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant::detail {

namespace {

std::string row_name(const entry& e) {
    const value key = e.table->get(e.object.get(), e.table->key);
    return e.table->name + " " + to_display(key);
}

/// Splits rows of one table into levels: each row comes after the rows of the
/// same set it depends on (`parents_of`). A cycle is a flush_error.
template <class ParentsOf>
std::vector<std::vector<entry*>> levels(const std::vector<entry*>& rows, ParentsOf&& parents_of,
                                        const char* what) {
    std::unordered_map<entry*, std::vector<entry*>> parents;
    bool any = false;
    for (entry* r : rows) {
        parents[r] = parents_of(r);
        any = any || !parents[r].empty();
    }
    if (!any) return {rows};
    std::vector<std::vector<entry*>> out;
    std::unordered_set<entry*> done;
    std::vector<entry*> left = rows;
    while (!left.empty()) {
        std::vector<entry*> level, rest;
        for (entry* r : left) {
            const auto& ps = parents[r];
            const bool ready =
                std::all_of(ps.begin(), ps.end(), [&](entry* p) { return p == r || done.count(p); });
            (ready ? level : rest).push_back(r);
        }
        if (level.empty()) {
            std::string names;
            for (std::size_t i = 0; i < rest.size() && i < 5; ++i)
                names += (i ? ", " : "") + row_name(*rest[i]);
            throw flush_error(std::string("cormorant: cannot ") + what + ": rows of " +
                              rest.front()->table->name + " reference each other in a cycle (" + names +
                              "); set one reference after the rows exist, or remove it");
        }
        for (entry* r : level) done.insert(r);
        out.push_back(std::move(level));
        left = std::move(rest);
    }
    return out;
}

/// Columns of t that reference t itself.
std::vector<std::size_t> self_references(const table_info& t) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].references && &t.columns[i].references() == &t) out.push_back(i);
    return out;
}

}  // namespace

flush_plan plan_flush(const unit_of_work& uow) {
    // Collect per table, in the order tables are first seen.
    std::vector<const table_info*> tables;
    std::unordered_map<const table_info*, std::vector<entry*>> pending, removing;
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
    const std::vector<const table_info*> order = creation_order(tables);

    for (const table_info* t : order) {
        auto it = pending.find(t);
        if (it == pending.end()) continue;
        const auto self = self_references(*t);
        // A pending row depends on the pending rows of its own table it references,
        // by object or by an explicitly assigned key.
        std::unordered_map<value, entry*, value_hash> by_key;
        if (!self.empty())
            for (entry* r : it->second) {
                const value k = t->get(r->object.get(), t->key);
                if (!(t->key_column().generated && !k.is_null() && k.as_int() == 0)) by_key[k] = r;
            }
        auto parents_of = [&](entry* r) {
            std::vector<entry*> ps;
            for (std::size_t c : self) {
                if (auto target = t->columns[c].ref_target(r->object.get())) {
                    if (entry* p = uow.find(target.get()); p && p->state == object_state::pending)
                        ps.push_back(p);
                } else if (auto k = by_key.find(t->get(r->object.get(), c)); k != by_key.end()) {
                    ps.push_back(k->second);
                }
            }
            return ps;
        };
        for (auto& level : levels(it->second, parents_of, "insert"))
            plan.inserts.push_back({t, std::move(level)});
    }

    for (const table_info* t : order) {
        auto it = changed.find(t);
        if (it == changed.end()) continue;
        // Group rows that change the same columns, groups in order of first appearance.
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

    for (auto t = order.rbegin(); t != order.rend(); ++t) {
        auto it = removing.find(*t);
        if (it == removing.end()) continue;
        const auto self = self_references(**t);
        std::unordered_map<value, entry*, value_hash> by_key;
        if (!self.empty())
            for (entry* r : it->second) by_key[r->identity] = r;
        // Children first: a row must go before the removed row its stored reference names.
        auto children_first = [&](entry* r) {
            std::vector<entry*> ps;
            for (std::size_t c : self)
                if (auto k = by_key.find((*t)->get(r->snapshot.get(), c)); k != by_key.end())
                    ps.push_back(k->second);
            return ps;
        };
        auto lv = levels(it->second, children_first, "delete");
        // levels() puts referenced rows first; deletion needs the reverse.
        for (auto l = lv.rbegin(); l != lv.rend(); ++l) plan.deletes.push_back({*t, std::move(*l)});
    }
    return plan;
}

}  // namespace cormorant::detail
