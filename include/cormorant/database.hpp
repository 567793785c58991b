#pragma once
/// \file database.hpp
/// A handle on one database: opens it from a URL, holds its connection pool,
/// creates and drops the tables of models, and offers plain row operations
/// for programs that need no session.
///
///     auto db = cormorant::database::open(cormorant::config::from_env());
///     db.create_all<Author, Book>();
///     Author a{.name = "Ursula"};
///     db.insert(a);                          // a.id now holds the generated key
///     for (const Author& x : db.select_all<Author>()) std::cout << x.name << '\n';
///
/// A `database` is a cheap handle: copies share one pool, and one handle may
/// be used from many threads at once. Each operation borrows a connection for
/// its duration; `acquire()` borrows one for longer (a transaction). The URL
/// options `pool_size` (default 4; always 1 for `sqlite://:memory:`, where
/// every connection would be a database of its own) and `pool_timeout`
/// (seconds, default 30) size the pool: see pool.hpp.

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cormorant/config.hpp"
#include "cormorant/connection.hpp"
#include "cormorant/detail/raw_rows.hpp"
#include "cormorant/inspect.hpp"
#include "cormorant/model.hpp"
#include "cormorant/pool.hpp"
#include "cormorant/sql.hpp"

namespace cormorant {

namespace detail {
// Compiled once in src/connection/rows.cpp: row operations over type-erased objects.

/// Columns some objects send as NULL when inserted (their values are written later).
using null_columns = std::unordered_map<const void*, std::vector<std::size_t>>;
void insert_objects(connection& c, const table_info& t, std::span<void* const> objects,
                    const null_columns* nulls = nullptr);
void select_objects(connection& c, const table_info& t, std::string_view sql, std::span<const value> params,
                    const std::function<void*()>& emplace);
/// Runs a query (cormorant's placeholders) whose result columns are first
/// matched to `shape` (match_result_columns); `on_row` gets each row's values
/// in the shape's order. Integers and booleans are checked here, so that a
/// value that is not one fails naming the column and the type.
void read_result(connection& c, std::string_view sql, std::span<const value> params,
                 const result_shape& shape, const std::function<void(std::span<value>)>& on_row,
                 statement_context ctx = {});
}  // namespace detail

class database {
public:
    /// Opens the pool and its first connection at once, so that a wrong URL or
    /// password fails here; throws config_error or connection_error.
    static database open(const config& cfg);
    static database open(std::string_view url) { return open(config::from_url(url)); }

    backend_kind backend() const noexcept;
    const cormorant::dialect& dialect() const noexcept;
    /// The most parameters one statement may bind: statements the library
    /// builds split themselves to it, raw SQL with more is refused.
    ///
    ///     db.max_parameters();   // 65535 on PostgreSQL and MySQL; on SQLite, its library's build option
    std::size_t max_parameters() const noexcept;
    /// The configuration it was opened with.
    const config& settings() const noexcept;

    /// Borrows a connection until the lease is destroyed; waits up to
    /// `pool_timeout` while all are lent out (then connection_error). A
    /// connection given back inside a transaction is rolled back first.
    ///
    ///     auto c = db.acquire();
    ///     c->begin();
    ///     c->execute("DELETE FROM sessions WHERE expired = 1", {});
    ///     c->commit();
    pooled_connection acquire() const;

    /// Most connections the pool opens (the `pool_size` option).
    std::size_t pool_size() const noexcept;
    /// Connections open now (idle or lent out).
    std::size_t size() const;
    /// Connections open and not lent out.
    std::size_t idle() const;
    /// Threads waiting in `acquire` for a connection.
    std::size_t waiting() const;

    /// Creates the models' tables (parents first), their constraints and
    /// indexes; tables and constraints that exist are left alone. Tables
    /// whose foreign keys form a cycle are accepted: the key that closes it
    /// is added once every table exists (see schema.hpp).
    template <class... Ts>
    void create_all() {
        create_tables({&table_of<Ts>()...});
    }
    /// Drops the models' tables (children first), where they exist; the
    /// foreign keys that close a cycle go first, so rows that reference
    /// each other do not stop it.
    template <class... Ts>
    void drop_all() {
        drop_tables({&table_of<Ts>()...});
    }
    void create_tables(const std::vector<const table_info*>& tables);
    void drop_tables(const std::vector<const table_info*>& tables);

    /// The schema of the live database, read from its catalog: every table of
    /// the current schema (PostgreSQL's current_schema(), MySQL's
    /// DATABASE(), SQLite's main database) but the database's own, with its
    /// columns, keys, constraints and indexes; tables no model knows
    /// included. Reads only; see docs/inspect.md for what each database reports.
    ///
    ///     const cormorant::live_schema live = db.inspect();
    ///     if (const cormorant::live_table* t = live.find("book"))
    ///         for (const cormorant::live_foreign_key& fk : t->foreign_keys)
    ///             std::cout << fk.name << " -> " << fk.references << " on delete " << fk.on_delete << '\n';
    live_schema inspect() const;

    /// Inserts objects with batched multi-row INSERTs and writes generated
    /// keys back into them. A key left at zero is generated by the database.
    template <class T>
    void insert(std::span<T> objects) {
        std::vector<void*> ptrs;
        ptrs.reserve(objects.size());
        for (T& o : objects) ptrs.push_back(&o);
        detail::insert_objects(*acquire(), table_of<T>(), ptrs);
    }
    template <class T>
    void insert(T& object) {
        insert(std::span<T>(&object, 1));
    }

    /// Every row of T's table, ordered by key.
    template <class T>
    std::vector<T> select_all() {
        std::vector<T> out;
        const table_info& t = table_of<T>();
        detail::select_objects(*acquire(), t, sql::select_all(dialect(), t), {},
                               [&]() -> void* { return &out.emplace_back(); });
        return out;
    }

    /// The row with this key, if there is one.
    template <class T, class Key>
    std::optional<T> find(const Key& key) {
        std::optional<T> out;
        const table_info& t = table_of<T>();
        const value k = column_type<Key>::to_value(key);
        detail::select_objects(*acquire(), t, sql::select_by_key(dialect(), t), std::span<const value>(&k, 1),
                               [&]() -> void* { return &out.emplace(); });
        return out;
    }

    /// Hand-written SQL (`?` placeholders, as raw_sql.hpp) read into plain
    /// values: an aggregate struct whose fields are column types, matched to
    /// the result's columns by name, or a std::tuple of column types, matched
    /// by position. A column missing, extra or unknown is a schema_error
    /// naming it; a value that does not fit, a value_error naming the column
    /// and the type.
    ///
    ///     struct Stats { std::string author; std::int64_t books; };
    ///     auto stats = db.rows<Stats>("SELECT name AS author, COUNT(*) AS books FROM ... GROUP BY name");
    template <class R, class... Args>
    std::vector<R> rows(std::string_view sql, const Args&... args) {
        static_assert(detail::is_result_row<R>(),
                      "cormorant: rows<R> reads into an aggregate struct whose fields are column types, "
                      "or a std::tuple of column types");
        const std::vector<value> params{detail::raw_param(args)...};
        return detail::rows_of<R>([&](const detail::result_shape& shape, const auto& on_row) {
            read_raw(sql, params, shape, on_row);
        });
    }
    /// The first column of the first row, as a T. No row: not_found ("the
    /// query returned no row"), unless T is a std::optional, which is
    /// std::nullopt for no row or NULL.
    ///
    ///     auto n = db.scalar<std::int64_t>("SELECT COUNT(*) FROM books WHERE pages > ?", 300);
    ///     auto newest = db.scalar<std::optional<std::string>>("SELECT MAX(title) FROM books");
    template <class T, class... Args>
    T scalar(std::string_view sql, const Args&... args) {
        static_assert(detail::result_field<T>,
                      "cormorant: scalar<T> reads a column type or a std::optional of one");
        const std::vector<value> params{detail::raw_param(args)...};
        return detail::scalar_of<T>([&](const detail::result_shape& shape, const auto& on_row) {
            read_raw(sql, params, shape, on_row);
        });
    }

private:
    void read_raw(std::string_view sql, std::span<const value> params, const detail::result_shape& shape,
                  const std::function<void(std::span<value>)>& on_row);
    struct state;
    explicit database(std::shared_ptr<state> s) : s_(std::move(s)) {}
    std::shared_ptr<state> s_;
};

}  // namespace cormorant
