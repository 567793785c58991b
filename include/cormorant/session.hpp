#pragma once
/// \file session.hpp
/// The unit of work. A session tracks the objects you add, load, change and
/// remove, and writes exactly what changed in one atomic flush: inserts
/// parents first (generated keys wired into the refs that point at them),
/// then updates of changed columns only, then deletes children first.
///
///     cormorant::session s{db};
///     auto ursula = s.add(Author{.name = "Ursula", .email = "ul@example.com"});
///     s.add(Book{.author = ursula, .title = "The Dispossessed"});
///     s.commit();                       // INSERT author, then book with its author_id
///     ursula->rating = 5;               // plain member write
///     s.commit();                       // UPDATE "authors" SET "rating" = :p1 WHERE "id" = :p2
///
/// Outside an atomic block every flush is its own transaction (commit() is a
/// flush); reads run on their own. Inside `s.atomic(...)` everything runs in
/// the block's transaction (atomic.hpp, docs/transactions.md). A session is used by one thread at a time;
/// the database it came from may be shared by many sessions and threads.

#include <concepts>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <ranges>
#include <type_traits>
#include <vector>

#include "cormorant/atomic.hpp"
#include "cormorant/database.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/model.hpp"
#include "cormorant/query_api.hpp"
#include "cormorant/tracking.hpp"

namespace cormorant {

/// The session's handle to an object: a shared pointer the session also
/// holds. It stays valid after the object leaves the session.
template <class T>
using handle = std::shared_ptr<T>;

namespace detail {
class unit_of_work;
}

class session {
public:
    explicit session(database db);
    ~session();
    session(const session&) = delete;
    session& operator=(const session&) = delete;
    session(session&&) noexcept;
    session& operator=(session&&) noexcept;

    /// Adds a new object; it is inserted at the next flush. Returns the
    /// session's handle to it.
    template <class T>
    handle<T> add(T object) {
        return add(std::make_shared<T>(std::move(object)));
    }
    /// Adds an object already held by a handle (a transient or detached one).
    template <class T>
    handle<T> add(handle<T> object) {
        add_object(table_of<T>(), object);
        return object;
    }
    /// Adds every object of a range; returns their handles in order.
    template <std::ranges::input_range R>
    auto add_all(R&& objects) {
        using T = std::remove_cvref_t<std::ranges::range_value_t<R>>;
        std::vector<handle<T>> out;
        if constexpr (std::ranges::sized_range<R>) out.reserve(std::ranges::size(objects));
        for (auto&& o : objects) out.push_back(add(T(o)));
        return out;
    }

    /// The object with this key: from the identity map, else one SELECT.
    /// Empty when there is no such row (or it was removed in this session).
    template <class T, class Key>
    handle<T> get(const Key& key) {
        return std::static_pointer_cast<T>(get_object(table_of<T>(), column_type<Key>::to_value(key)));
    }
    /// The object a ref points at (the ref's own object when it holds one).
    template <class T>
    handle<T> get(const ref<T>& r) {
        if (r.target()) return r.target();
        if (!r.has_value()) return nullptr;
        return std::static_pointer_cast<T>(get_object(table_of<T>(), r.raw_key()));
    }
    /// As get, but throws not_found naming the table and key.
    template <class T, class Key>
    handle<T> get_or_throw(const Key& key) {
        const value k = column_type<Key>::to_value(key);
        auto found = get_object(table_of<T>(), k);
        if (!found) throw_not_found(table_of<T>(), k);
        return std::static_pointer_cast<T>(found);
    }

    /// Every row of T's table as objects, through the identity map (objects
    /// already held keep their unflushed changes). Flushes first.
    template <class T>
    std::vector<handle<T>> all() {
        std::vector<handle<T>> out;
        for (auto& o : load_all(table_of<T>())) out.push_back(std::static_pointer_cast<T>(std::move(o)));
        return out;
    }

    /// Marks an object for deletion at the next flush (a pending one just leaves).
    template <class T>
    void remove(const handle<T>& object) {
        remove_object(object.get());
    }

    /// Reloads an object from its row, discarding unflushed changes.
    template <class T>
    void refresh(const handle<T>& object) {
        refresh_object(object.get());
    }

    /// Stops tracking an object (it becomes detached; the handle stays valid).
    template <class T>
    void expunge(const handle<T>& object) {
        expunge_object(object.get());
    }
    void expunge_all();

    /// True when a persistent object's fields differ from its row, or the
    /// object is pending or removed.
    template <class T>
    bool is_modified(const handle<T>& object) const {
        return modified(object.get());
    }

    template <class T>
    object_state state_of(const handle<T>& object) const {
        return state(object.get(), object);
    }

    /// Writes every pending change in one transaction (or under a savepoint
    /// of the current one). All or nothing: on failure the database and the
    /// session are as they were before the flush.
    void flush();
    /// Flushes and commits.
    void commit();
    /// Discards unflushed changes: changed objects get their last flushed
    /// values back, pending objects leave the session, removals are undone.
    void rollback();

    // ---------------------------------------------------------------- atomic blocks

    /// Scope-guard form: opens a block (BEGIN, or SAVEPOINT inside another),
    /// after flushing pending changes. The block commits only at
    /// `commit()`; leaving the scope otherwise rolls it back (atomic.hpp).
    ///
    ///     auto tx = s.atomic();
    ///     s.add(Author{.name = "Le Guin", .email = "ul@example.com"});
    ///     tx.commit();
    atomic_block atomic(const atomic_options& options = {});

    /// Function form: runs `fn` in a block and returns what it returns. A
    /// normal return flushes and commits (or releases the savepoint); an
    /// exception rolls back, restores the session's objects and propagates
    /// unchanged. An outermost block with a retry policy runs `fn` again
    /// after a transient error.
    ///
    ///     s.atomic({.retry = {.attempts = 3}}, [&] { from->balance -= 10; to->balance += 10; });
    template <class Fn>
    requires std::invocable<Fn&> std::invoke_result_t<Fn&> atomic(const atomic_options& options, Fn&& fn) {
        for (int attempt = 1;; ++attempt) {
            atomic_block block = atomic(options);
            try {
                if constexpr (std::is_void_v<std::invoke_result_t<Fn&>>) {
                    fn();
                    block.commit();
                    return;
                } else {
                    std::invoke_result_t<Fn&> result = fn();
                    block.commit();
                    return result;
                }
            } catch (...) {
                if (!block.fail(std::current_exception(), attempt)) throw;
            }
        }
    }
    template <class Fn>
    requires std::invocable<Fn&> std::invoke_result_t<Fn&> atomic(Fn&& fn) {
        return atomic(atomic_options{}, std::forward<Fn>(fn));
    }

    /// Runs `fn` after the outermost block commits (at once outside any
    /// block); dropped if the block it belongs to rolls back. A robust
    /// callback that throws is reported to the diagnostic handler and the
    /// others still run; otherwise its exception propagates and the rest are dropped.
    void on_commit(std::function<void()> fn, bool robust = false);
    /// Marks the innermost block for rollback at its exit (or clears the mark).
    void set_rollback(bool rollback);
    bool get_rollback() const;
    bool in_atomic_block() const noexcept;

    /// Calls `fn` with the connection the session uses: the atomic block's
    /// inside one, a pooled one for the call otherwise. For SQL the session
    /// has no words for; the session does not see what it changes.
    void use_connection(const std::function<void(connection&)>& fn);

    // --- Queries: query.hpp, bulk.hpp, raw_sql.hpp ---------------------------

    /// A query over T's rows: `s.query<Book>().where(col(&Book::pages) > 300).all()`.
    template <class T>
    cormorant::query<T> query() {
        return cormorant::query<T>(*this);
    }
    /// A bulk UPDATE: `s.update<Book>().set(&Book::pages, 0).where(...).execute()`.
    template <class T>
    update_statement<T> update() {
        return update_statement<T>(*this);
    }
    /// A bulk DELETE: `s.remove<Book>().where(...).execute()`.
    template <class T>
    remove_statement<T> remove() {
        return remove_statement<T>(*this);
    }
    /// The children of many parents in batched statements: for
    /// `s.children(&Book::author, authors)`, the books of each author (one
    /// vector per author, in the order of `authors`, each ordered by key).
    /// Each child's ref then holds its parent.
    template <class C, class M, class R>
    std::vector<std::vector<handle<C>>> children(M C::*parent_ref, const R& parents) {
        return detail::children_of(*this, parent_ref, parents);
    }
    /// Hand-written SQL mapped to T's objects through the identity map, its
    /// result columns matched to T's by name (raw_sql.hpp). Flushes first.
    ///
    ///     auto long_ones = s.sql<Book>("SELECT title, id, pages, author_id FROM books WHERE pages > ?",
    ///     300);
    template <class T, class... Args>
    std::vector<handle<T>> sql(std::string_view text, const Args&... args) {
        static_assert(!detail::lacks_model_key<T>(),
                      "cormorant: sql<T> reads rows into models (tracked, with a key), and T has no key "
                      "field: read a result into a plain struct with rows<T>(...) instead");
        std::vector<handle<T>> out;
        if constexpr (!detail::lacks_model_key<T>()) {
            for (auto& o :
                 detail::session_access::raw_query(*this, table_of<T>(), text, {detail::raw_param(args)...}))
                out.push_back(std::static_pointer_cast<T>(std::move(o)));
        }
        return out;
    }
    /// Hand-written SQL read into plain values the session does not track
    /// (never in the identity map, never written back): an aggregate struct
    /// whose fields are column types, matched by name, or a std::tuple of
    /// column types, matched by position (raw_sql.hpp). Flushes first.
    ///
    ///     struct Stats { std::string author; std::int64_t books; };
    ///     auto stats = s.rows<Stats>("SELECT name AS author, COUNT(*) AS books FROM ... GROUP BY name");
    template <class R, class... Args>
    std::vector<R> rows(std::string_view text, const Args&... args) {
        static_assert(detail::is_result_row<R>(),
                      "cormorant: rows<R> reads into an aggregate struct whose fields are column types, "
                      "or a std::tuple of column types");
        const std::vector<value> params{detail::raw_param(args)...};
        return detail::rows_of<R>([&](const detail::result_shape& shape, const auto& on_row) {
            detail::session_access::raw_read(*this, text, params, shape, on_row);
        });
    }
    /// The first column of the first row, as a T. No row: not_found, unless
    /// T is a std::optional, which is std::nullopt for no row or NULL. Flushes first.
    ///
    ///     std::int64_t n = s.scalar<std::int64_t>("SELECT COUNT(*) FROM books WHERE pages > ?", 300);
    template <class T, class... Args>
    T scalar(std::string_view text, const Args&... args) {
        static_assert(detail::result_field<T>,
                      "cormorant: scalar<T> reads a column type or a std::optional of one");
        const std::vector<value> params{detail::raw_param(args)...};
        return detail::scalar_of<T>([&](const detail::result_shape& shape, const auto& on_row) {
            detail::session_access::raw_read(*this, text, params, shape, on_row);
        });
    }
    /// A hand-written statement; returns the rows it affected (raw_sql.hpp).
    template <class... Args>
    std::uint64_t execute(std::string_view text, const Args&... args) {
        return detail::session_access::raw_execute(*this, text, {detail::raw_param(args)...});
    }
    friend class detail::session_access;

    // ---------------------------------------------------------------------------

    const session_stats& stats() const noexcept;
    /// Calls `fn` with the SQL of every statement this session sends (for
    /// logging and tests); an empty function turns it off.
    void trace(std::function<void(std::string_view sql)> fn);
    database& db() noexcept;

private:
    void add_object(const table_info& t, std::shared_ptr<void> object);
    std::shared_ptr<void> get_object(const table_info& t, const value& key);
    std::vector<std::shared_ptr<void>> load_all(const table_info& t);
    void remove_object(const void* object);
    void refresh_object(const void* object);
    void expunge_object(const void* object);
    bool modified(const void* object) const;
    object_state state(const void* object, const std::shared_ptr<const void>& owner) const;
    [[noreturn]] static void throw_not_found(const table_info& t, const value& key);

    std::unique_ptr<detail::unit_of_work> uow_;
};

}  // namespace cormorant
