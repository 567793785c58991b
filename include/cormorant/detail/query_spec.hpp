#pragma once
// The type-erased form of queries and bulk statements: what the typed
// builders in query.hpp and bulk.hpp hand to the library. The renderer
// (sql.hpp) turns it into SQL text; session_access.hpp runs it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/dialect.hpp"
#include "cormorant/expr.hpp"

namespace cormorant {

/// A statement as it would be sent: SQL text with placeholders and the values bound to them.
struct sql_text {
    std::string sql;
    std::vector<value> params;
};

namespace detail {

struct order_term {
    std::size_t column = 0;
    bool descending = false;
};

/// A ref column whose targets are loaded with the rows (select-in).
struct load_term {
    std::size_t column = 0;
    /// Makes the ref of an object (first argument) hold its target (second).
    std::function<void(void*, std::shared_ptr<void>)> assign;
};

struct query_spec {
    const table_info* table = nullptr;
    std::shared_ptr<const expr_node> where;
    std::vector<order_term> order;
    std::optional<std::uint64_t> limit, offset;
    bool autoflush = true;
    std::vector<load_term> loads;

    /// Adds a condition, joined to those before it with AND.
    void add_where(std::shared_ptr<const expr_node> condition);
};

/// One assignment of a bulk UPDATE.
struct assignment {
    std::size_t column = 0;
    operand v;
};

}  // namespace detail
}  // namespace cormorant
