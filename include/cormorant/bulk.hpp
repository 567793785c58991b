#pragma once
/// \file bulk.hpp
/// Bulk UPDATE and DELETE of the rows matching a condition, in one statement,
/// with the session kept consistent.
///
///     using cormorant::col;
///     auto n = s.update<Book>().set(&Book::pages, 0).where(col(&Book::isbn).is_null()).execute();
///     auto gone = s.remove<Book>().where(col(&Book::pages) < 10).execute();
///
/// execute() flushes the session first, then in one transaction (a savepoint
/// inside one already open) reads the keys of the matching rows and runs the
/// statement; it returns the number of rows matched. Objects the session
/// holds for those rows are brought up to date: after an update their
/// fields (and the snapshot the next flush compares with) have the new
/// values; after a delete they are detached (deleted, while an enclosing
/// transaction is open), and so are held children the database deleted
/// with them through ON DELETE CASCADE. A model with a version column has its version
/// increased by an update. Without where(), every row of the table.

#include <cstdint>
#include <type_traits>
#include <vector>

#include "cormorant/detail/member_index.hpp"
#include "cormorant/detail/session_access.hpp"

namespace cormorant {

template <class T>
class update_statement {
public:
    explicit update_statement(session& s) : s_(s) { q_.table = &table_of<T>(); }

    /// Sets a member to a value of its type (a ref member: a handle, a ref or a key).
    template <class U, class M, class V>
    update_statement& set(M U::*member, const V& v) {
        static_assert(std::is_same_v<T, U>, "cormorant: set() takes a member of the updated model");
        static_assert(detail::accepts<M, V>(), "cormorant: set() needs a value of the member's type");
        if constexpr (std::is_same_v<T, U> && detail::accepts<M, V>())
            set_.push_back({detail::column_index_of(member), detail::make_operand<M>(v)});
        return *this;
    }

    template <class U>
    update_statement& where(const expr<U>& condition) {
        static_assert(std::is_same_v<T, U>,
                      "cormorant: where() takes a condition on columns of the updated model");
        q_.add_where(condition.node());
        return *this;
    }

    /// Runs the UPDATE; returns the number of rows matched.
    std::uint64_t execute() { return detail::session_access::update(s_, q_, set_); }

private:
    session& s_;
    detail::query_spec q_;
    std::vector<detail::assignment> set_;
};

template <class T>
class remove_statement {
public:
    explicit remove_statement(session& s) : s_(s) { q_.table = &table_of<T>(); }

    template <class U>
    remove_statement& where(const expr<U>& condition) {
        static_assert(std::is_same_v<T, U>,
                      "cormorant: where() takes a condition on columns of the removed model");
        q_.add_where(condition.node());
        return *this;
    }

    /// Runs the DELETE; returns the number of rows deleted.
    std::uint64_t execute() { return detail::session_access::remove(s_, q_); }

private:
    session& s_;
    detail::query_spec q_;
};

}  // namespace cormorant
