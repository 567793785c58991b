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
/// result columns are matched to T's columns by name, in any order. A
/// column of T missing from the result, or a result column that is not one
/// of T's, is a schema_error naming it, raised before any row is read; a
/// value that does not fit its field is a value_error naming the column and
/// the type (never the value), and leaves the session as it was. T must be a
/// model (it has a key); read results into plain structs with rows<R>.
/// (A BLOB column on PostgreSQL and MySQL must be read the way the dialect
/// reads it: `sql::select_list(db.dialect(), table_of<T>())` gives the
/// exact select list.)
///
/// `rows<R>` reads rows into plain values the session does not track: an
/// aggregate struct whose fields are column types (matched by name), or a
/// std::tuple of column types (matched by position). `scalar<T>` reads the
/// first column of the first row. Both are on `database` too.
///
///     struct Stats { std::string author; std::int64_t books; };
///     auto stats = s.rows<Stats>("SELECT a.name AS author, COUNT(*) AS books FROM ...");
///     auto pairs = s.rows<std::tuple<std::int64_t, std::string>>("SELECT id, title FROM books");
///     std::int64_t n = s.scalar<std::int64_t>("SELECT COUNT(*) FROM books");
///
/// The result's column names come from the database before the statement
/// runs: one more round trip per call on MySQL, two on PostgreSQL, none on
/// SQLite (docs/queries.md).

/// `execute` returns the rows the statement affected. The session does not
/// know what a hand-written statement changed: refresh() or expunge() the
/// objects it may have touched.

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "cormorant/detail/raw_rows.hpp"
#include "cormorant/model.hpp"
#include "cormorant/value.hpp"

namespace cormorant::detail {

/// True for a struct that cannot be a model only because it has no key (no
/// field `id`, no model_traits<T>::key): sql<T> then points to rows<R>.
/// Anything else is left to the model checks, which say what is wrong.
template <class T>
consteval bool lacks_model_key() {
    if constexpr (!is_model_candidate<T> || traits_key<T>) {
        return false;
    } else if constexpr (is_local_class<T>()) {
        return false;
    } else if constexpr (has_base_class<T>()) {
        return false;
    } else {
        return key_field_index<T>() == npos;
    }
}

}  // namespace cormorant::detail
