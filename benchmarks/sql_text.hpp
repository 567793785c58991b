#pragma once
// The SQL the raw lines send, for any row count and placeholder style, so that
// every raw line writes the same statements. Placeholders are numbered from 1
// in the order values are bound.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bench::sql_text {

/// The text of placeholder n (1-based): "?", "$3", ":p3".
using placeholder = std::function<std::string(std::size_t)>;

/// "(p1, p2), (p3, p4)" for `rows` tuples of `cols` placeholders; `cast[c]`,
/// when not empty, wraps column c as CAST(p AS cast[c]).
inline std::string tuples(std::size_t rows, std::size_t cols, const placeholder& ph,
                          const std::vector<std::string>& cast = {}) {
    std::string out;
    std::size_t n = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        out += r ? ", (" : "(";
        for (std::size_t c = 0; c < cols; ++c, ++n) {
            if (c) out += ", ";
            out += cast.size() > c && !cast[c].empty() ? "CAST(" + ph(n) + " AS " + cast[c] + ")" : ph(n);
        }
        out += ')';
    }
    return out;
}

/// INSERT of `rows` authors (name, email, born, rating, active), returning their keys.
inline std::string insert_authors(std::size_t rows, const placeholder& ph, bool returning = true) {
    return "INSERT INTO authors (name, email, born, rating, active) VALUES " + tuples(rows, 5, ph) +
           (returning ? " RETURNING id" : "");
}

/// INSERT of `rows` books (author_id, title, pages, price, isbn), returning their keys.
inline std::string insert_books(std::size_t rows, const placeholder& ph, bool returning = true) {
    return "INSERT INTO books (author_id, title, pages, price, isbn) VALUES " + tuples(rows, 5, ph) +
           (returning ? " RETURNING id" : "");
}

/// The columns of an author, in the order the raw lines read them.
constexpr const char* select_authors =
    "SELECT id, name, email, born, rating, active FROM authors ORDER BY id";
inline std::string select_author(const std::string& key_placeholder) {
    return "SELECT id, name, email, born, rating, active FROM authors WHERE id = " + key_placeholder;
}

inline std::string update_rating(const placeholder& ph) {
    return "UPDATE authors SET rating = " + ph(1) + " WHERE id = " + ph(2);
}

/// UPDATE of `rows` ratings from a VALUES list of (id, rating) pairs
/// (PostgreSQL); `types` casts the pair where the server needs to know them.
inline std::string update_ratings_from_values(std::size_t rows, const placeholder& ph,
                                              const std::vector<std::string>& types = {}) {
    // PostgreSQL (and SQLite) name the columns of a VALUES list column1, column2, ...
    return "UPDATE authors SET rating = v.column2 FROM (VALUES " + tuples(rows, 2, ph, types) +
           ") AS v WHERE authors.id = v.column1";
}

/// UPDATE of `rows` ratings with CASE (MySQL; SQLite, where it is slow): binds (id, rating) pairs, then the
/// ids again.
inline std::string update_ratings_case(std::size_t rows, const placeholder& ph) {
    std::string out = "UPDATE authors SET rating = CASE id";
    std::size_t n = 1;
    for (std::size_t r = 0; r < rows; ++r, n += 2) out += " WHEN " + ph(n) + " THEN " + ph(n + 1);
    out += " END WHERE id IN (";
    for (std::size_t r = 0; r < rows; ++r, ++n) out += (r ? ", " : "") + ph(n);
    return out + ")";
}

inline std::string delete_author(const placeholder& ph) {
    return "DELETE FROM authors WHERE id = " + ph(1);
}

inline std::string delete_authors(std::size_t rows, const placeholder& ph) {
    std::string out = "DELETE FROM authors WHERE id IN (";
    for (std::size_t r = 0; r < rows; ++r) out += (r ? ", " : "") + ph(r + 1);
    return out + ")";
}

}  // namespace bench::sql_text
