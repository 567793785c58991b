#pragma once
/// \file raw_sql.hpp
/// The escape hatch: SQL written by hand, run through a session.
///
///     auto books = s.sql<Book>("SELECT * FROM books WHERE title LIKE ? ORDER BY id", "The %");
///     std::uint64_t n = s.execute("UPDATE books SET pages = pages + ? WHERE pages < ?", 1, 100);
///
/// Every `?` outside quoted text ('...', "...", `...`) and comments becomes
/// a bound parameter, taking the arguments in order; nothing is written into
/// the SQL text. Arguments are any column type (std::nullopt for NULL,
/// string literals for text). Both flush the session first.
///
/// `sql<T>` maps each row to a T through the identity map, like a query:
/// the statement must return T's columns in the model's order (the order of
/// its fields), which is what `SELECT *` returns for a table cormorant
/// created. (A BLOB column on PostgreSQL and MySQL must be read the way the
/// dialect reads it: `sql::select_list(db.dialect(), table_of<T>())` gives
/// the exact select list.)
///
/// `execute` returns the rows the statement affected. The session does not
/// know what a hand-written statement changed: refresh() or expunge() the
/// objects it may have touched.

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "cormorant/model.hpp"
#include "cormorant/value.hpp"

namespace cormorant::detail {

/// A raw-SQL argument as a bound value.
template <class A>
value raw_param(const A& a) {
    if constexpr (std::is_same_v<A, std::nullopt_t>) {
        return value{};
    } else if constexpr (std::is_convertible_v<const A&, std::string_view> && !column_value<A>) {
        return value{std::string(std::string_view(a))};
    } else {
        static_assert(column_value<A>,
                      "cormorant: a raw SQL argument must be a column type, a string or std::nullopt");
        if constexpr (column_value<A>) return column_type<A>::to_value(a);
        return value{};
    }
}

}  // namespace cormorant::detail
