// The order of tables by their foreign keys: parents before the tables that
// reference them (creation), the reverse for dropping.
#include <algorithm>
#include <string>
#include <vector>

#include "cormorant/errors.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant {

std::vector<const table_info*> creation_order(std::vector<const table_info*> tables) {
    // Depth-first topological sort; the stack of tables being visited names a cycle.
    std::vector<const table_info*> out, visiting;
    auto in_list = [&](const table_info* t) {
        return std::find(tables.begin(), tables.end(), t) != tables.end();
    };
    auto placed = [&](const table_info* t) { return std::find(out.begin(), out.end(), t) != out.end(); };
    auto visit = [&](auto&& self, const table_info* t) -> void {
        if (placed(t)) return;
        if (auto at = std::find(visiting.begin(), visiting.end(), t); at != visiting.end()) {
            std::string cycle;
            for (auto it = at; it != visiting.end(); ++it) cycle += (*it)->name + " -> ";
            throw schema_error("cormorant: foreign keys form a cycle: " + cycle + t->name +
                               " (no creation order satisfies it; make one reference optional and set it "
                               "after both rows exist, or remove it)");
        }
        visiting.push_back(t);
        for (const column_info& c : t->columns) {
            if (!c.references) continue;
            const table_info* target = &c.references();
            if (target != t && in_list(target)) self(self, target);
        }
        visiting.pop_back();
        out.push_back(t);
    };
    for (const table_info* t : tables) visit(visit, t);
    return out;
}

}  // namespace cormorant
