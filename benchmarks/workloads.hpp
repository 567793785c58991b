#pragma once
// The benchmark models, the rows they are filled with, and what each workload
// is: every line (cormorant, raw SOCI, raw driver) works from these, so they
// all write the same rows and touch the same objects.
#include <algorithm>
#include <chrono>
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace bench {

namespace orm = cormorant;

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::optional<int> born;
    double rating = 0;
    bool active = true;
};

struct Book {
    std::int64_t id = 0;
    orm::ref<Author> author;
    std::string title;
    int pages = 0;
    double price = 0;
    std::optional<std::string> isbn;
};

/// Author i (0-based).
inline Author make_author(std::size_t i) {
    Author a;
    a.name = "author-" + std::to_string(i);
    a.email = "a" + std::to_string(i) + "@example.com";
    if (i % 7 != 0) a.born = 1900 + static_cast<int>(i % 100);
    a.rating = static_cast<double>(i % 50) / 10.0;
    a.active = i % 2 == 0;
    return a;
}

/// Book j (0..9) of author i; its author ref is left for the caller to set.
inline Book make_book(std::size_t i, int j) {
    Book b;
    b.title = "book-" + std::to_string(i) + "-" + std::to_string(j);
    b.pages = 100 + j;
    b.price = 9.99 + j;
    if (j % 3 != 0) b.isbn = "isbn-" + std::to_string(i) + "-" + std::to_string(j);
    return b;
}

inline std::vector<Author> make_authors(std::size_t n) {
    std::vector<Author> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(make_author(i));
    return out;
}

constexpr int books_per_author = 10;
/// Every 10th loaded author is updated (W3) or deleted (W7).
constexpr std::size_t change_stride = 10;
/// The rating change of W3.
constexpr double rating_step = 1.0;

/// W1..W7 in order.
enum class workload { insert, graph, update, load, get, noop, remove };
constexpr workload all_workloads[] = {workload::insert, workload::graph, workload::update, workload::load,
                                      workload::get,    workload::noop,  workload::remove};

/// "W1", "W2", ...
inline std::string id_of(workload w) {
    return "W" + std::to_string(static_cast<int>(w) + 1);
}
/// True for the workloads that start with n authors in the database.
inline bool needs_authors(workload w) {
    return w != workload::insert && w != workload::graph;
}

/// The sizes of one run: `n` authors (W1, W3-W7), `n / 10` authors with ten
/// books each (W2), `lookups` get calls over `distinct` keys (W5).
struct sizes {
    std::size_t n = 100'000;
    std::size_t graph_authors() const { return std::max<std::size_t>(1, n / 10); }
    std::size_t distinct() const { return std::min<std::size_t>(10'000, n); }
    std::size_t lookups() const { return 10 * distinct(); }
    std::size_t changed() const { return (n + change_stride - 1) / change_stride; }
};

/// W5's key sequence: `lookups` draws over `distinct` of the given keys, with a fixed seed.
inline std::vector<std::int64_t> lookup_keys(const std::vector<std::int64_t>& ids, const sizes& s) {
    std::mt19937_64 rng(20240601);
    std::vector<std::int64_t> pool = ids;
    std::shuffle(pool.begin(), pool.end(), rng);
    pool.resize(s.distinct());
    std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
    std::vector<std::int64_t> out(s.lookups());
    for (auto& k : out) k = pool[pick(rng)];
    return out;
}

/// What a workload starts from: the authors already in the database (their
/// keys in key order, empty for W1 and W2) and the W5 key sequence.
struct fixture {
    sizes size;
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> keys;
};

/// Seconds of the timed phases of one run: one, or two for W3 (load, commit).
using timing = std::vector<double>;

/// Seconds `fn` takes.
template <class F>
double seconds(F&& fn) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// One system on one backend: cormorant, raw SOCI, or a raw driver in one form.
class line {
public:
    virtual ~line() = default;
    /// "cormorant", "soci", "sqlite3 per-row", ...
    virtual std::string system() const = 0;
    /// Raw driver lines (sqlite3 C API, libpq) set the floor ratios are taken to.
    virtual bool raw_driver() const { return false; }
    virtual bool runs(workload w) const = 0;
    /// Runs `w` once on freshly created tables that hold the fixture's authors;
    /// connecting and preparing data are not timed.
    virtual timing run(workload w, const fixture& f) = 0;
};

}  // namespace bench

template <>
struct cormorant::model_traits<bench::Author> {
    static constexpr std::string_view table = "authors";
    static constexpr auto unique = cormorant::columns(&bench::Author::email);
};

template <>
struct cormorant::model_traits<bench::Book> {
    static constexpr std::string_view table = "books";
};
