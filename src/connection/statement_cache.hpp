#pragma once
// Prepared statements kept per connection (SQLite), so that a statement run
// again is not parsed and planned again: preparing the same get-by-key SELECT
// or 500-row INSERT anew was a third of the time of such workloads.
//
// A SOCI statement keeps the addresses of the variables its use() and into()
// elements were bound to, and reads the use variables again at every
// execution; so a cached statement owns those variables and is reused only
// with values and result columns of the same kinds (the key says which).
//
//     statement_cache cache(64);
//     const std::string k = statement_cache::key(sql, params, types);
//     std::shared_ptr<prepared_statement> p = cache.find(k);
//     if (!p) { p = std::make_shared<prepared_statement>(session); /* bind, prepare */ cache.put(k, p); }

#include <soci/soci.h>

#include <cstddef>
#include <list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cormorant/value.hpp"

namespace cormorant::detail {

/// Variables bound to a statement's use() or into() elements, one slot per
/// value; which of the three a slot uses depends on its kind.
struct bound_slots {
    std::vector<long long> ints;
    std::vector<double> reals;
    std::vector<std::string> texts;
    std::vector<soci::indicator> inds;

    explicit bound_slots(std::size_t n) : ints(n), reals(n), texts(n), inds(n, soci::i_ok) {}
};

/// A statement with the variables it is bound to. The slots are declared
/// first so that they outlive the statement.
struct prepared_statement {
    bound_slots in;   // bound values: refilled before every execution
    bound_slots out;  // result columns
    std::vector<value> row;
    soci::statement st;
    /// Running (a row callback may run another statement on the connection):
    /// a busy statement is not handed out again.
    bool busy = false;

    prepared_statement(soci::session& s, std::size_t params, std::size_t columns)
        : in(params), out(columns), row(columns), st(s) {}
};

/// Least recently used statements of one connection, by key.
class statement_cache {
public:
    explicit statement_cache(std::size_t capacity) : capacity_(capacity) {}
    statement_cache(const statement_cache&) = delete;
    statement_cache& operator=(const statement_cache&) = delete;

    /// Everything that fixes a statement's bindings: its text, the kind of
    /// each bound value (NULL is a kind of its own), and the type each result
    /// column is read as (`types` is empty for a statement run with execute()).
    static std::string key(std::string_view sql, std::span<const value> params,
                           std::span<const sql_type> types, bool query);

    /// The statement under `key`, now the most recently used, or nullptr.
    std::shared_ptr<prepared_statement> find(const std::string& key);
    /// Keeps `p` under `key` (replacing any), dropping the least recently used
    /// statement beyond capacity. A statement still running when dropped lives
    /// on in the hands of its runner.
    void put(std::string key, std::shared_ptr<prepared_statement> p);
    void erase(const std::string& key);
    void clear() noexcept;
    std::size_t size() const noexcept { return index_.size(); }

private:
    struct node {
        std::string key;
        std::shared_ptr<prepared_statement> statement;
    };
    std::size_t capacity_;
    std::list<node> lru_;                                                    // most recently used first
    std::unordered_map<std::string_view, std::list<node>::iterator> index_;  // views of node::key
};

}  // namespace cormorant::detail
