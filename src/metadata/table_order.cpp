// The order of tables by their foreign keys: parents before the tables that
// reference them (creation), the reverse for dropping. Where the keys form a
// cycle no order satisfies them all; the keys left unsatisfied are returned
// as deferred, to be added once every table exists.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "cormorant/metadata.hpp"

namespace cormorant {

namespace {

/// A foreign key between two different tables of the list, by position.
struct edge {
    std::size_t from = 0, to = 0;  // `from` references `to`
    std::size_t column = 0;        // in the columns of `from`
    bool required = false;
    bool kept = false;  // part of the acyclic graph the order follows
};

}  // namespace

table_order order_tables(std::vector<const table_info*> given) {
    std::vector<const table_info*> list;
    for (const table_info* t : given)
        if (std::find(list.begin(), list.end(), t) == list.end()) list.push_back(t);
    auto position = [&](const table_info* t) -> std::optional<std::size_t> {
        const auto at = std::find(list.begin(), list.end(), t);
        if (at == list.end()) return std::nullopt;
        return static_cast<std::size_t>(at - list.begin());
    };

    std::vector<edge> edges;
    for (std::size_t i = 0; i < list.size(); ++i)
        for (std::size_t c = 0; c < list[i]->columns.size(); ++c) {
            const column_info& col = list[i]->columns[c];
            if (!col.references) continue;
            const auto to = position(&col.references());
            // A self-reference needs no order, and a table outside the list none either.
            if (to && *to != i) edges.push_back({i, *to, c, !col.nullable});
        }

    // Keep each foreign key unless it closes a cycle among those kept so far,
    // required refs first: a cycle is broken at an optional ref where it has
    // one, as a flush breaks a cycle of rows (the optional ref is written NULL
    // and set afterwards), so tables are created in the order rows go in.
    auto reaches = [&](std::size_t from, std::size_t to) {
        std::vector<bool> seen(list.size());
        std::vector<std::size_t> todo{from};
        while (!todo.empty()) {
            const std::size_t at = todo.back();
            todo.pop_back();
            if (at == to) return true;
            if (seen[at]) continue;
            seen[at] = true;
            for (const edge& e : edges)
                if (e.kept && e.from == at) todo.push_back(e.to);
        }
        return false;
    };
    for (const bool required : {true, false})
        for (edge& e : edges)
            if (e.required == required) e.kept = !reaches(e.to, e.from);

    // Depth-first over the kept keys (acyclic): parents first, ties in the given order.
    table_order out;
    std::vector<bool> placed(list.size());
    auto visit = [&](auto&& self, std::size_t i) -> void {
        if (placed[i]) return;
        placed[i] = true;
        for (const edge& e : edges)
            if (e.kept && e.from == i) self(self, e.to);
        out.tables.push_back(list[i]);
    };
    for (std::size_t i = 0; i < list.size(); ++i) visit(visit, i);

    // Deferred: every key whose target comes later, whether it was kept out or
    // not (a key kept out may still find its target created first).
    for (const table_info* t : out.tables)
        for (const edge& e : edges) {
            if (list[e.from] != t) continue;
            const auto target = std::find(out.tables.begin(), out.tables.end(), list[e.to]);
            const auto self = std::find(out.tables.begin(), out.tables.end(), t);
            if (target > self) out.deferred.push_back({t, e.column});
        }
    return out;
}

std::vector<const table_info*> creation_order(std::vector<const table_info*> tables) {
    return order_tables(std::move(tables)).tables;
}

}  // namespace cormorant
