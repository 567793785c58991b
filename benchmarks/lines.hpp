#pragma once
// The lines of the table: one factory per system. Each line connects on its
// own; the tables already exist when a line runs.
#include <cormorant/cormorant.hpp>
#include <memory>
#include <string>
#include <vector>

#include "workloads.hpp"

namespace bench {

/// cormorant's session API on `db`.
std::unique_ptr<line> cormorant_line(cormorant::database db);

/// SOCI by hand: prepared statements, one transaction, multi-row VALUES.
std::unique_ptr<line> soci_line(const cormorant::config& cfg);

/// Inserts authors as the SOCI line does (fast on every backend), their keys
/// written back: how the workloads that start from n rows get them.
void soci_insert(const cormorant::config& cfg, std::vector<Author>& authors);

/// The sqlite3 C API on the file at `path`: per-row and multi-row forms.
std::vector<std::unique_ptr<line>> sqlite_lines(const std::string& path);

/// libpq on the server at `url` (a postgresql:// URI): per-row and multi-row forms.
std::vector<std::unique_ptr<line>> libpq_lines(const std::string& url);

/// Rows per multi-row statement in the raw lines (cormorant uses the same).
constexpr std::size_t batch_rows = 500;

/// Calls fn(first, count) for consecutive slices of [0, n) of at most batch_rows.
template <class F>
void in_batches(std::size_t n, F&& fn) {
    for (std::size_t first = 0; first < n; first += batch_rows) fn(first, std::min(batch_rows, n - first));
}

/// The books of W2, author refs unset: ten per author, in author order.
inline std::vector<Book> make_books(std::size_t authors) {
    std::vector<Book> out;
    out.reserve(authors * books_per_author);
    for (std::size_t i = 0; i < authors; ++i)
        for (int j = 0; j < books_per_author; ++j) out.push_back(make_book(i, j));
    return out;
}

}  // namespace bench
