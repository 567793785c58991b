#pragma once
// The type-erased form of queries and bulk statements: what the typed
// builders in query.hpp, bulk.hpp and raw_sql.hpp hand to the library, and
// the entry points (compiled once in src/) that run them for a session.

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

class session;

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

/// SELECT of the query's rows (every column, in column order).
sql_text render_select(const dialect& d, const query_spec& q);
/// SELECT COUNT(*) of the rows the query would return.
sql_text render_count(const dialect& d, const query_spec& q);
/// SELECT of the keys of the rows matching q.where.
sql_text render_keys(const dialect& d, const query_spec& q);
/// UPDATE of the rows matching q.where (a version column is increased).
sql_text render_update(const dialect& d, const query_spec& q, const std::vector<assignment>& set);
/// DELETE of the rows matching q.where.
sql_text render_delete(const dialect& d, const query_spec& q);
/// `?` outside quoted text and comments replaced by the placeholders :p1, :p2, ...
std::string raw_placeholders(std::string_view sql);

/// What a session offers the query builders; defined in src/.
class session_access {
public:
    static std::vector<std::shared_ptr<void>> all(session& s, const query_spec& q);
    static std::uint64_t count(session& s, const query_spec& q);
    static bool exists(session& s, const query_spec& q);
    static void each(session& s, const query_spec& q, const std::function<void(std::shared_ptr<void>)>& fn);
    /// The children (rows of `child` whose column `ref_column` holds the key
    /// of one of `parents`), one group per parent in the order of `parents`.
    static std::vector<std::vector<std::shared_ptr<void>>> children(
        session& s, const table_info& child, const load_term& ref_column,
        const std::vector<std::shared_ptr<void>>& parents);
    static std::uint64_t update(session& s, const query_spec& q, const std::vector<assignment>& set);
    static std::uint64_t remove(session& s, const query_spec& q);
    static std::vector<std::shared_ptr<void>> raw_query(session& s, const table_info& t, std::string_view sql,
                                                        std::vector<value> params);
    static std::uint64_t raw_execute(session& s, std::string_view sql, std::vector<value> params);
};

}  // namespace detail
}  // namespace cormorant
