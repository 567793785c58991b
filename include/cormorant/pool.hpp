#pragma once
/// \file pool.hpp
/// The connections of one database, lent out one at a time. A `database`
/// owns a pool; `db.acquire()` borrows a connection and the lease gives it
/// back when it goes out of scope. Safe to use from many threads at once.
///
///     auto db = cormorant::database::open("postgresql://app:secret@db/shop?pool_size=8&pool_timeout=5");
///     {
///         auto c = db.acquire();             // waits while all 8 are lent out
///         c->begin();
///         c->execute("UPDATE stock SET n = n - 1 WHERE id = :p1", {cormorant::value{std::int64_t{7}}});
///         c->commit();
///     }                                      // back in the pool
///
/// URL options (every backend):
///
/// | Option | Meaning | Default |
/// |---|---|---|
/// | `pool_size` | most connections open at once, 1 to 1000 | `4`; `1` for `sqlite://:memory:` |
/// | `pool_timeout` | seconds `acquire` waits for a free connection (`0.5`, `30`; `0`: no wait) | `30` |
///
/// `sqlite://:memory:` always has a pool of exactly one connection: every
/// connection to `:memory:` opens a new, empty database of its own, so a
/// second one would not see the first one's tables. Any other `pool_size`
/// for it is a config_error. With one connection, a thread that holds the
/// lease and asks for another gets a connection_error at once (waiting could
/// never end), not after `pool_timeout`.
///
/// Connections are opened when needed, up to `pool_size`, and kept open.
/// A connection given back inside a transaction is rolled back first, so a
/// lease dropped by an exception never hands an open transaction to the next
/// borrower. A connection on which a statement failed with connection_error
/// (the server went away, the session was killed) is closed instead of being
/// kept; so is one that has sat idle for a second or more and no longer
/// answers a ping when it is next lent out. The next `acquire` opens a new one.

#include <chrono>
#include <cstddef>
#include <memory>

#include "cormorant/config.hpp"
#include "cormorant/connection.hpp"

namespace cormorant {

/// The pool options of a URL (`pool_size`, `pool_timeout`).
struct pool_settings {
    static constexpr std::size_t default_size = 4;
    static constexpr std::size_t max_size = 1000;
    static constexpr std::chrono::milliseconds default_timeout{30000};

    /// Most connections open at once.
    std::size_t size = default_size;
    /// How long `acquire` waits for a connection to be given back.
    std::chrono::milliseconds timeout = default_timeout;

    /// Reads the options of `cfg`; config_error for a malformed value, or a
    /// `pool_size` other than 1 for `sqlite://:memory:`.
    static pool_settings from(const config& cfg);
    /// `cfg` without the pool options: what the connection itself is opened with.
    static config without_pool_options(config cfg);
};

class connection_pool;

/// A connection borrowed from a pool: `->` and `*` reach the connection; the
/// destructor (or `release()`) gives it back. Move-only. A connection given
/// back with a transaction open is rolled back first.
class pooled_connection {
public:
    /// An empty lease, holding no connection.
    pooled_connection() noexcept = default;
    pooled_connection(pooled_connection&& other) noexcept = default;
    pooled_connection& operator=(pooled_connection&& other) noexcept;
    pooled_connection(const pooled_connection&) = delete;
    pooled_connection& operator=(const pooled_connection&) = delete;
    ~pooled_connection();

    /// The connection; the lease must not be empty.
    connection* operator->() const noexcept { return conn_.get(); }
    connection& operator*() const noexcept { return *conn_; }
    /// True while the lease holds a connection.
    explicit operator bool() const noexcept { return conn_ != nullptr; }

    /// Gives the connection back now; the lease is empty afterwards.
    void release() noexcept;

private:
    friend class connection_pool;
    pooled_connection(std::shared_ptr<connection_pool> pool, std::unique_ptr<connection> conn) noexcept
        : pool_(std::move(pool)), conn_(std::move(conn)) {}

    std::shared_ptr<connection_pool> pool_;
    std::unique_ptr<connection> conn_;
};

/// Up to `pool_settings::size` connections to one database, lent out by
/// `acquire`. `database` owns one; programs rarely use it directly. The pool
/// stays alive while any of its leases does.
class connection_pool : public std::enable_shared_from_this<connection_pool> {
public:
    /// Reads the pool options of `cfg` and opens the first connection at once,
    /// so that a wrong URL or password fails here. Throws config_error or
    /// connection_error.
    static std::shared_ptr<connection_pool> open(const config& cfg);
    ~connection_pool();
    connection_pool(const connection_pool&) = delete;
    connection_pool& operator=(const connection_pool&) = delete;

    /// Lends a connection: an idle one, else a new one while fewer than
    /// `size` are open, else waits until one is given back. Throws
    /// connection_error when none is free after `timeout` ("no connection
    /// free in the pool of N after T s"), at once when every connection is
    /// held by the calling thread, or when a new connection cannot be opened.
    pooled_connection acquire();

    const pool_settings& settings() const noexcept;
    /// The dialect of the first connection (all connections share it).
    const cormorant::dialect& dialect() const noexcept;
    /// The most parameters one statement may bind (connection::max_parameters
    /// of the first connection).
    std::size_t max_parameters() const noexcept;

    /// Connections open: idle, lent out, or being opened or checked.
    std::size_t size() const;
    /// Connections open and not lent out.
    std::size_t idle() const;
    /// Threads waiting in `acquire` for a connection to be given back.
    std::size_t waiting() const;

    struct impl;

private:
    struct token {};

public:
    connection_pool(token, std::unique_ptr<impl> p);

private:
    friend class pooled_connection;
    void give_back(std::unique_ptr<connection> conn) noexcept;

    std::unique_ptr<impl> p_;
};

}  // namespace cormorant
