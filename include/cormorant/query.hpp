#pragma once
/// \file query.hpp
/// Typed queries of a session: conditions, order, paging, terminals, and
/// select-in loading of referenced objects.
///
///     using cormorant::col;
///     auto books = s.query<Book>()
///                      .where(col(&Book::pages) > 300)
///                      .order_by(&Book::title)
///                      .limit(10)
///                      .load(&Book::author)       // one more statement for all their authors
///                      .all();
///     auto dune = s.query<Book>().where(col(&Book::title) == "Dune").one();
///
/// Rows go through the session's identity map: a row the session already
/// holds comes back as the same handle, with its unflushed changes kept.
/// Before running, a query flushes the session (so that it sees what the
/// session holds); `.autoflush(false)` turns that off for one query.
///
/// Order: the terms given, then the key, so that paging is deterministic.
/// NULLs sort first in ascending order and last in descending order on every
/// database (as if NULL were smaller than any value).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "cormorant/detail/member_index.hpp"
#include "cormorant/detail/session_access.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/expr.hpp"
#include "cormorant/sql.hpp"

namespace cormorant {

/// Sort direction of order_by.
enum class order { asc, desc };
inline constexpr order asc = order::asc;
inline constexpr order desc = order::desc;

template <class T>
class query {
public:
    /// A query bound to no session: it can be rendered (to_sql), not run.
    query() { q_.table = &table_of<T>(); }
    explicit query(session& s) : s_(&s) { q_.table = &table_of<T>(); }

    /// Keeps the rows matching `condition` (several where() calls: all of them).
    template <class U>
    query& where(const expr<U>& condition) {
        static_assert(std::is_same_v<T, U>,
                      "cormorant: where() takes a condition on columns of the queried model");
        q_.add_where(condition.node());
        return *this;
    }

    /// Sorts by a member (several calls: the first is the main order).
    template <class U, class M>
    query& order_by(M U::*member, order direction = order::asc) {
        static_assert(std::is_same_v<T, U>, "cormorant: order_by() takes a member of the queried model");
        q_.order.push_back({detail::column_index_of(member), direction == order::desc});
        return *this;
    }

    query& limit(std::uint64_t n) {
        q_.limit = n;
        return *this;
    }
    query& offset(std::uint64_t n) {
        q_.offset = n;
        return *this;
    }
    /// Whether the session is flushed before the query runs (default: yes).
    query& autoflush(bool on) {
        q_.autoflush = on;
        return *this;
    }

    /// Loads the objects a ref member points at, for all the rows at once:
    /// one `WHERE key IN (...)` statement per batch of keys, none for objects
    /// the session already holds. Each ref then holds its object (`target()`).
    template <class U, class M>
    query& load(M U::*member) {
        static_assert(std::is_same_v<T, U>, "cormorant: load() takes a member of the queried model");
        static_assert(!std::is_void_v<detail::ref_model_t<M>>, "cormorant: load() takes a ref<T> member");
        q_.loads.push_back({detail::column_index_of(member), detail::ref_assigner(member)});
        return *this;
    }

    /// Every matching row.
    std::vector<std::shared_ptr<T>> all() const { return cast(detail::session_access::all(session_(), q_)); }

    /// The first matching row, or an empty handle.
    std::shared_ptr<T> first() const {
        detail::query_spec q = q_;
        q.limit = q.limit ? std::min<std::uint64_t>(*q.limit, 1) : 1;
        auto rows = detail::session_access::all(session_(), q);
        return rows.empty() ? nullptr : std::static_pointer_cast<T>(rows.front());
    }

    /// The one matching row; throws not_found when there is none and
    /// multiple_results when there are more.
    std::shared_ptr<T> one() const {
        detail::query_spec q = q_;
        q.limit = q.limit ? std::min<std::uint64_t>(*q.limit, 2) : 2;
        auto rows = detail::session_access::all(session_(), q);
        if (rows.empty()) throw not_found("cormorant: one() found no row in " + q_.table->name);
        if (rows.size() > 1)
            throw multiple_results("cormorant: one() found more than one row in " + q_.table->name);
        return std::static_pointer_cast<T>(rows.front());
    }

    /// How many rows all() would return.
    std::uint64_t count() const { return detail::session_access::count(session_(), q_); }
    /// True when at least one row matches.
    bool exists() const { return detail::session_access::exists(session_(), q_); }

    /// Streams the rows: calls fn(handle) for each row as it is read, without
    /// collecting them. Rows the session holds come as its handles; the
    /// others are NOT tracked (so that a large scan does not fill the
    /// session): their changes are not saved. load() does not apply here.
    /// fn must not run other statements through the session while the scan
    /// is open when the pool has a single connection (`sqlite://:memory:`).
    template <class Fn>
    void for_each(Fn&& fn) const {
        detail::session_access::each(session_(), q_, [&](std::shared_ptr<void> row) {
            fn(std::static_pointer_cast<T>(std::move(row)));
        });
    }

    /// The SELECT this query sends on `d` (for logging and tests).
    sql_text to_sql(const dialect& d) const { return sql::query_select(d, q_); }

    const detail::query_spec& spec() const noexcept { return q_; }

private:
    session& session_() const {
        if (!s_) throw error("cormorant: this query has no session to run on");
        return *s_;
    }
    static std::vector<std::shared_ptr<T>> cast(std::vector<std::shared_ptr<void>> rows) {
        std::vector<std::shared_ptr<T>> out;
        out.reserve(rows.size());
        for (auto& r : rows) out.push_back(std::static_pointer_cast<T>(std::move(r)));
        return out;
    }

    session* s_ = nullptr;
    detail::query_spec q_;
};

}  // namespace cormorant
