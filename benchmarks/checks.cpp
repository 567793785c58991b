#include "checks.hpp"

#include <cmath>

namespace bench {

namespace {

using cormorant::sql_type;
using cormorant::value;

struct counts {
    std::int64_t authors = 0;
    double rating_sum = 0;
    std::int64_t books = 0;
    std::int64_t book_authors = 0;   // distinct author_id of books
    std::int64_t books_matched = 0;  // books whose title names their author
};

std::int64_t int_or_zero(const value& v) {
    return v.is_null() ? 0 : v.as_int();
}

counts read_counts(cormorant::database& db) {
    counts c;
    auto conn = db.acquire();
    const sql_type two[] = {sql_type::int64, sql_type::float64};
    conn->query("SELECT COUNT(*), SUM(rating) FROM authors", {}, two, [&](std::span<value> row) {
        c.authors = int_or_zero(row[0]);
        c.rating_sum = row[1].is_null() ? 0 : row[1].as_double();
    });
    const sql_type ints[] = {sql_type::int64, sql_type::int64};
    conn->query("SELECT COUNT(*), COUNT(DISTINCT author_id) FROM books", {}, ints, [&](std::span<value> row) {
        c.books = int_or_zero(row[0]);
        c.book_authors = int_or_zero(row[1]);
    });
    // Book j of author i is titled book-{i}-{j}, and author i is named author-{i}.
    const std::string prefix = "REPLACE(a.name, 'author-', 'book-')";
    const std::string pattern =
        db.backend() == cormorant::backend_kind::mysql ? "CONCAT(" + prefix + ", '-%')" : prefix + " || '-%'";
    const sql_type one[] = {sql_type::int64};
    conn->query(
        "SELECT COUNT(*) FROM books b JOIN authors a ON a.id = b.author_id WHERE b.title LIKE " + pattern, {},
        one, [&](std::span<value> row) { c.books_matched = int_or_zero(row[0]); });
    return c;
}

double rating_of(std::size_t i) {
    return make_author(i).rating;
}

double rating_sum(std::size_t n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += rating_of(i);
    return sum;
}

}  // namespace

std::optional<std::string> check_rows(cormorant::database& db, workload w, const sizes& s) {
    counts want;
    want.authors = static_cast<std::int64_t>(s.n);
    want.rating_sum = rating_sum(s.n);
    std::size_t changed = 0;
    for (std::size_t i = 0; i < s.n; i += change_stride, ++changed) {
        if (w == workload::update) want.rating_sum += rating_step;
        if (w == workload::remove) want.rating_sum -= rating_of(i);
    }
    if (w == workload::remove) want.authors -= static_cast<std::int64_t>(changed);
    if (w == workload::graph) {
        want.authors = static_cast<std::int64_t>(s.graph_authors());
        want.rating_sum = rating_sum(s.graph_authors());
        want.books = want.books_matched = want.authors * books_per_author;
        want.book_authors = want.authors;
    }

    const counts got = read_counts(db);
    std::string wrong;
    const auto expect = [&](const char* what, auto g, auto e) {
        if (g != e)
            wrong += std::string(wrong.empty() ? "" : "; ") + what + " " + std::to_string(g) + ", expected " +
                     std::to_string(e);
    };
    expect("authors", got.authors, want.authors);
    expect("books", got.books, want.books);
    expect("authors with books", got.book_authors, want.book_authors);
    expect("books titled after their author", got.books_matched, want.books_matched);
    if (std::abs(got.rating_sum - want.rating_sum) > 1e-6 * std::max(1.0, std::abs(want.rating_sum)))
        expect("sum of ratings", got.rating_sum, want.rating_sum);
    if (wrong.empty()) return std::nullopt;
    return wrong;
}

}  // namespace bench
