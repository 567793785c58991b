#pragma once
// The entry points (compiled once in src/session/) through which the typed
// query, bulk and raw SQL builders run their statements for a session.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "cormorant/detail/query_spec.hpp"
#include "cormorant/detail/raw_rows.hpp"

namespace cormorant {

class session;

namespace detail {

/// What a session offers the query builders; defined in src/session/.
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
    /// Flushes, then reads hand-written SQL into `shape` (rows<R>, scalar<T>): nothing is tracked.
    static void raw_read(session& s, std::string_view sql, std::span<const value> params,
                         const result_shape& shape, const std::function<void(std::span<value>)>& on_row);
    static std::uint64_t raw_execute(session& s, std::string_view sql, std::vector<value> params);
};

}  // namespace detail
}  // namespace cormorant
