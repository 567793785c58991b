/// \file pool.cpp
/// The connection pool behind `database` (see pool.hpp).

#include "cormorant/pool.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cormorant/errors.hpp"

namespace cormorant {

namespace {

using steady = std::chrono::steady_clock;

constexpr std::string_view size_option = "pool_size";
constexpr std::string_view timeout_option = "pool_timeout";
constexpr std::string_view memory_database = ":memory:";
/// The longest `pool_timeout` accepted: a day.
constexpr std::chrono::milliseconds max_timeout{24LL * 3600 * 1000};
/// A connection idle at least this long is pinged before it is lent out: a
/// server restart or an idle timeout on the server may have closed it.
constexpr steady::duration check_after = std::chrono::seconds(1);

[[noreturn]] void bad_option(const config& cfg, std::string_view reason) {
    throw config_error("invalid database URL '" + cfg.masked_url() + "': " + std::string(reason));
}

std::size_t parse_size(const config& cfg, const std::string& text) {
    const std::string reason = "bad pool_size '" + text + "' (expected a whole number from 1 to " +
                               std::to_string(pool_settings::max_size) + ")";
    if (text.empty() || text.size() > 4) bad_option(cfg, reason);
    std::size_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') bad_option(cfg, reason);
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n < 1 || n > pool_settings::max_size) bad_option(cfg, reason);
    return n;
}

/// Seconds, as digits with at most one '.' ("30", "0.5", "2.25"), to milliseconds (rounded up).
std::chrono::milliseconds parse_timeout(const config& cfg, const std::string& text) {
    const std::string reason =
        "bad pool_timeout '" + text +
        "' (expected seconds to wait for a free connection, such as 30 or 0.5, at most 86400)";
    const std::size_t dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    const std::string frac = dot == std::string::npos ? std::string() : text.substr(dot + 1);
    if (text.empty() || (whole.empty() && frac.empty()) || whole.size() > 5) bad_option(cfg, reason);
    if (dot != std::string::npos && frac.empty()) bad_option(cfg, reason);
    long long ms = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') bad_option(cfg, reason);
        ms = ms * 10 + (c - '0');
    }
    ms *= 1000;
    long long scale = 100;
    bool rest = false;
    for (char c : frac) {
        if (c < '0' || c > '9') bad_option(cfg, reason);
        if (scale > 0)
            ms += (c - '0') * scale;
        else if (c != '0')
            rest = true;
        scale /= 10;
    }
    if (rest) ++ms;
    if (std::chrono::milliseconds(ms) > max_timeout) bad_option(cfg, reason);
    return std::chrono::milliseconds(ms);
}

/// "30", "0.5", "1.25": the timeout as the message shows it.
std::string seconds_text(std::chrono::milliseconds t) {
    std::string out = std::to_string(t.count() / 1000);
    if (const long long ms = t.count() % 1000; ms != 0) {
        std::string frac = std::to_string(ms + 1000).substr(1);
        while (frac.back() == '0') frac.pop_back();
        out += '.' + frac;
    }
    return out;
}

}  // namespace

pool_settings pool_settings::from(const config& cfg) {
    pool_settings s;
    const bool memory = cfg.backend == backend_kind::sqlite && cfg.database == memory_database;
    if (memory) s.size = 1;
    if (const auto v = cfg.option(size_option)) {
        s.size = parse_size(cfg, *v);
        if (memory && s.size != 1)
            bad_option(cfg,
                       "pool_size must be 1 for sqlite://:memory: (every connection to :memory: opens a new, "
                       "empty database of its own)");
    }
    if (const auto v = cfg.option(timeout_option)) s.timeout = parse_timeout(cfg, *v);
    return s;
}

config pool_settings::without_pool_options(config cfg) {
    std::erase_if(cfg.options,
                  [](const auto& kv) { return kv.first == size_option || kv.first == timeout_option; });
    return cfg;
}

struct connection_pool::impl {
    struct idle_connection {
        std::unique_ptr<connection> conn;
        steady::time_point since;
    };
    /// A connection lent out and the thread that borrowed it.
    struct loan {
        const connection* conn;
        std::thread::id holder;
    };

    config connect_cfg;
    pool_settings settings;
    const cormorant::dialect* sql = nullptr;
    std::size_t max_parameters = 0;

    mutable std::mutex mutex;
    std::condition_variable returned;
    /// Most recently given back last: lent first, so that the rest stay idle.
    std::vector<idle_connection> idle;
    std::vector<loan> loans;
    /// Idle, lent, and being opened or checked outside the lock.
    std::size_t open = 0;
    std::size_t waiting = 0;
};

// ---- pooled_connection ----

pooled_connection& pooled_connection::operator=(pooled_connection&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = std::move(other.pool_);
        conn_ = std::move(other.conn_);
    }
    return *this;
}

pooled_connection::~pooled_connection() {
    release();
}

void pooled_connection::release() noexcept {
    if (conn_) pool_->give_back(std::move(conn_));
    pool_.reset();
}

// ---- connection_pool ----

connection_pool::connection_pool(token, std::unique_ptr<impl> p) : p_(std::move(p)) {}
connection_pool::~connection_pool() = default;

std::shared_ptr<connection_pool> connection_pool::open(const config& cfg) {
    auto p = std::make_unique<impl>();
    p->settings = pool_settings::from(cfg);
    p->connect_cfg = pool_settings::without_pool_options(cfg);
    std::unique_ptr<connection> first = connection::open(p->connect_cfg);
    p->sql = &first->dialect();
    p->max_parameters = first->max_parameters();
    p->idle.push_back({std::move(first), steady::now()});
    p->open = 1;
    return std::make_shared<connection_pool>(token{}, std::move(p));
}

const pool_settings& connection_pool::settings() const noexcept {
    return p_->settings;
}
const dialect& connection_pool::dialect() const noexcept {
    return *p_->sql;
}
std::size_t connection_pool::max_parameters() const noexcept {
    return p_->max_parameters;
}

std::size_t connection_pool::size() const {
    std::lock_guard lock(p_->mutex);
    return p_->open;
}

std::size_t connection_pool::idle() const {
    std::lock_guard lock(p_->mutex);
    return p_->idle.size();
}

std::size_t connection_pool::waiting() const {
    std::lock_guard lock(p_->mutex);
    return p_->waiting;
}

pooled_connection connection_pool::acquire() {
    impl& p = *p_;
    const steady::time_point deadline = steady::now() + p.settings.timeout;
    const std::thread::id me = std::this_thread::get_id();
    std::unique_lock lock(p.mutex);
    auto lend = [&](std::unique_ptr<connection> c) {
        p.loans.push_back({c.get(), me});
        return pooled_connection(shared_from_this(), std::move(c));
    };
    while (true) {
        while (!p.idle.empty()) {
            impl::idle_connection entry = std::move(p.idle.back());
            p.idle.pop_back();
            if (steady::now() - entry.since < check_after) return lend(std::move(entry.conn));
            // Idle for a while: check it outside the lock (a round trip on a server).
            lock.unlock();
            const bool alive = entry.conn->alive();
            if (!alive) entry.conn.reset();
            lock.lock();
            if (alive) return lend(std::move(entry.conn));
            --p.open;
            p.returned.notify_one();
        }
        if (p.open < p.settings.size) {
            ++p.open;
            lock.unlock();
            std::unique_ptr<connection> c;
            try {
                c = connection::open(p.connect_cfg);
            } catch (...) {
                lock.lock();
                --p.open;
                p.returned.notify_one();
                throw;
            }
            lock.lock();
            return lend(std::move(c));
        }
        // Every connection is lent out. When this thread holds all of them,
        // none can come back while it waits.
        if (p.loans.size() == p.open &&
            std::all_of(p.loans.begin(), p.loans.end(), [&](const impl::loan& l) { return l.holder == me; }))
            throw connection_error(
                "no connection free in the pool of " + std::to_string(p.settings.size) +
                    ": this thread holds all of them, so waiting would never end (give one "
                    "back first, or raise pool_size)",
                {}, "acquire");
        ++p.waiting;
        const bool woken = p.returned.wait_until(lock, deadline,
                                                 [&] { return !p.idle.empty() || p.open < p.settings.size; });
        --p.waiting;
        if (!woken)
            throw connection_error("no connection free in the pool of " + std::to_string(p.settings.size) +
                                       " after " + seconds_text(p.settings.timeout) +
                                       " s (every connection is lent out; raise "
                                       "pool_size or pool_timeout, or give connections back sooner)",
                                   {}, "acquire");
    }
}

void connection_pool::give_back(std::unique_ptr<connection> conn) noexcept {
    impl& p = *p_;
    bool keep = !conn->lost();
    if (keep && conn->in_transaction()) {
        try {
            conn->rollback();
        } catch (...) {
            keep = false;
        }
    }
    {
        std::lock_guard lock(p.mutex);
        const auto loan = std::find_if(p.loans.begin(), p.loans.end(),
                                       [&](const impl::loan& l) { return l.conn == conn.get(); });
        if (loan != p.loans.end()) p.loans.erase(loan);
        if (keep)
            p.idle.push_back({std::move(conn), steady::now()});
        else
            --p.open;
    }
    p.returned.notify_one();
    // A connection not kept closes here, outside the lock.
}

}  // namespace cormorant
