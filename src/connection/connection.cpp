// One open connection: statements with bound values, rows read in storage
// form, transactions opened and ended, driver errors turned into cormorant's.
#include "cormorant/connection.hpp"

#include <vector>

#include "connection/driver.hpp"
#include "connection/statement_cache.hpp"
#include "connection/transaction_state.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/sql.hpp"

namespace cormorant {

struct connection::impl {
    const detail::driver& drv;
    const cormorant::dialect* sql;
    config cfg;
    soci::session session;
    bool in_tx = false;
    /// A statement failed with connection_error: the connection is gone.
    bool lost = false;
    std::uint64_t statements = 0;
    /// Most parameters one statement may bind (read at connect).
    std::size_t max_parameters = 0;
    std::function<void(std::string_view)> trace;
    detail::transaction_state atomic;
    /// SQLite's prepared statements (nullptr on the servers); declared after
    /// the session so that its statements are finalized before it closes.
    std::unique_ptr<detail::statement_cache> cache;

    void sent(std::string_view sql) {
        ++statements;
        if (trace) trace(sql);
    }

    impl(const detail::driver& d, config c) : drv(d), sql(&d.sql()), cfg(std::move(c)) {
        if (d.caches_statements()) cache = std::make_unique<detail::statement_cache>(cache_size);
    }

    // Enough for the statements a session repeats (a get, one INSERT per
    // table and NULL pattern, BEGIN, COMMIT, ...) while bounding the memory.
    static constexpr std::size_t cache_size = 64;
};

namespace {

// execute() and query() run each statement once. As a repeatable query SOCI's
// PostgreSQL backend would name it on the server and deallocate it afterwards:
// three round trips where one will do.
constexpr auto one_shot = soci::details::st_one_time_query;

std::string encode_blob(const blob& b, bool hex) {
    if (!hex) return std::string(reinterpret_cast<const char*>(b.data()), b.size());
    return detail::hex_digits(b);
}

// Binds slot i of `in` to a use() element of the kind of `params[i]`: an
// integer, a double, or text (also blobs and NULL).
void bind_params(soci::statement& st, detail::bound_slots& in, std::span<const value> params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& v = params[i].get();
        if (std::holds_alternative<std::int64_t>(v))
            st.exchange(soci::use(in.ints[i], in.inds[i]));
        else if (std::holds_alternative<double>(v))
            st.exchange(soci::use(in.reals[i], in.inds[i]));
        else
            st.exchange(soci::use(in.texts[i], in.inds[i]));
    }
}

// Puts `params` in the slots bind_params bound to values of the same kinds.
void fill_params(detail::bound_slots& in, std::span<const value> params, bool blob_as_hex) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& v = params[i].get();
        in.inds[i] = soci::i_ok;
        if (auto* n = std::get_if<std::int64_t>(&v))
            in.ints[i] = *n;
        else if (auto* d = std::get_if<double>(&v))
            in.reals[i] = *d;
        else if (auto* t = std::get_if<std::string>(&v))
            in.texts[i] = *t;
        else if (auto* b = std::get_if<blob>(&v))
            in.texts[i] = encode_blob(*b, blob_as_hex);
        else
            in.inds[i] = soci::i_null;
    }
}

// Binds slot i of `out` to an into() element for a column read as types[i].
void bind_columns(soci::statement& st, detail::bound_slots& out, std::span<const sql_type> types) {
    for (std::size_t i = 0; i < types.size(); ++i) {
        switch (types[i]) {
            case sql_type::int16:
            case sql_type::int32:
            case sql_type::int64:
                st.exchange(soci::into(out.ints[i], out.inds[i]));
                break;
            case sql_type::float32:
            case sql_type::float64:
                st.exchange(soci::into(out.reals[i], out.inds[i]));
                break;
            default:
                st.exchange(soci::into(out.texts[i], out.inds[i]));
                break;
        }
    }
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw value_error("the database returned a BLOB that is not hex text");
}

blob decode_blob(const std::string& s, bool hex) {
    blob out;
    if (!hex) {
        out.resize(s.size());
        if (!s.empty()) std::memcpy(out.data(), s.data(), s.size());
        return out;
    }
    if (s.size() % 2) throw value_error("the database returned a BLOB that is not hex text");
    out.reserve(s.size() / 2);
    for (std::size_t i = 0; i < s.size(); i += 2)
        out.push_back(static_cast<std::byte>(hex_digit(s[i]) * 16 + hex_digit(s[i + 1])));
    return out;
}

std::int64_t parse_bool(const std::string& s) {
    if (s == "1" || s == "t" || s == "true" || s == "TRUE") return 1;
    if (s == "0" || s == "f" || s == "false" || s == "FALSE") return 0;
    throw value_error("the database returned '" + s + "' for a boolean column");
}

// The row the into() elements of bind_columns hold, as values.
void read_row(detail::bound_slots& out, std::span<const sql_type> types, bool blob_as_hex,
              std::span<value> row) {
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (out.inds[i] == soci::i_null) {
            row[i] = value{};
            continue;
        }
        switch (types[i]) {
            case sql_type::int16:
            case sql_type::int32:
            case sql_type::int64:
                row[i] = value{static_cast<std::int64_t>(out.ints[i])};
                break;
            case sql_type::float32:
            case sql_type::float64:
                row[i] = value{out.reals[i]};
                break;
            case sql_type::boolean:
                row[i] = value{parse_bool(out.texts[i])};
                break;
            case sql_type::blob:
                row[i] = value{decode_blob(out.texts[i], blob_as_hex)};
                break;
            default:
                row[i] = value{std::move(out.texts[i])};
                break;
        }
    }
}

// `msg` with every occurrence of `password`, as given and as quoted in a
// connection string (backslash before quotes and backslashes), replaced by ***.
std::string without_password(std::string msg, const std::string& password) {
    if (password.empty()) return msg;
    std::string escaped;
    for (char c : password) {
        if (c == '\\' || c == '\'') escaped += '\\';
        escaped += c;
    }
    const std::string* forms[] = {&escaped, &password};
    for (const std::string* form : forms)
        for (std::size_t at = 0; (at = msg.find(*form, at)) != std::string::npos; at += 3)
            msg.replace(at, form->size(), "***");
    return msg;
}

// A text value with a NUL where the database cannot store one: refused here,
// before the driver would silently cut it short.
void refuse_nul(const cormorant::dialect& d, const std::string& text, statement_context ctx) {
    if (d.text_allows_nul() || text.find('\0') == std::string::npos) return;
    throw data_error(
        detail::describe(ctx, std::string("a text value contains a NUL character, which ") +
                                  to_string(d.kind()) + " text cannot hold (store it as a BLOB)"),
        std::string(ctx.table), std::string(ctx.operation));
}

void refuse_nul(const cormorant::dialect& d, std::span<const value> params, statement_context ctx) {
    for (const value& v : params)
        if (auto* t = std::get_if<std::string>(&v.get())) refuse_nul(d, *t, ctx);
}

// More parameters than the database takes: refused before sending, with a
// message that says only that (the driver's would be long or misleading:
// libpq's wraps the count to 16 bits).
void refuse_too_many(std::size_t count, std::size_t limit, statement_context ctx) {
    if (count <= limit) return;
    throw database_error(
        "too many parameters: " + std::to_string(count) + ", this database allows " + std::to_string(limit),
        std::string(ctx.table), std::string(ctx.operation));
}

// A statement from the connection's cache (SQLite), prepared on its first
// run, with `params` in its slots; while the lease lives nothing else runs
// it. Whatever happens, the statement ends reset, holding no read
// transaction, and a statement that failed leaves the cache.
class cached_statement {
public:
    cached_statement(connection::impl& p, std::string_view sql, std::span<const value> params,
                     std::span<const sql_type> types, bool query)
        : drv_(p.drv), cache_(*p.cache), key_(detail::statement_cache::key(sql, params, types, query)) {
        s_ = cache_.find(key_);
        // Busy: a row callback runs the statement it is reading rows of.
        if (!s_ || s_->busy) {
            const bool keep = !s_;
            s_ = std::make_shared<detail::prepared_statement>(p.session, params.size(), types.size());
            bind_columns(s_->st, s_->out, types);
            bind_params(s_->st, s_->in, params);
            s_->st.alloc();
            s_->st.prepare(p.drv.native_sql(sql));
            s_->st.define_and_bind();
            if (keep) cache_.put(key_, s_);
        }
        fill_params(s_->in, params, p.sql->blob_as_hex());
        s_->busy = true;
    }
    cached_statement(const cached_statement&) = delete;
    cached_statement& operator=(const cached_statement&) = delete;

    ~cached_statement() {
        drv_.reset_statement(s_->st);
        s_->busy = false;
        if (std::uncaught_exceptions() > exceptions_) {
            auto cached = cache_.find(key_);
            if (cached == s_) cache_.erase(key_);
        }
    }

    detail::prepared_statement& get() noexcept { return *s_; }

private:
    const detail::driver& drv_;
    detail::statement_cache& cache_;
    std::string key_;
    std::shared_ptr<detail::prepared_statement> s_;
    int exceptions_ = std::uncaught_exceptions();
};

}  // namespace

// Turns a driver error into cormorant's exception (the driver always throws).
// A connection_error marks the connection lost, so that a pool closes it.
[[noreturn]] void raise_driver_error(connection::impl& p, const soci::soci_error& e, statement_context ctx) {
    try {
        p.drv.raise(e, ctx);
    } catch (const connection_error&) {
        p.lost = true;
        throw;
    }
    throw;
}

connection::connection(std::unique_ptr<impl> p) : p_(std::move(p)) {}
connection::~connection() = default;

std::unique_ptr<connection> connection::open(const config& cfg) {
    const detail::driver& drv = detail::driver_for(cfg.backend);
    auto p = std::make_unique<impl>(drv, cfg);
    const std::string connect = drv.connect_string(cfg);
    try {
        p->session.open(drv.factory(), connect);
        p->sql = &drv.on_connect(p->session, cfg);
        p->max_parameters = drv.max_parameters(p->session, *p->sql);
    } catch (const soci::soci_error& e) {
        const std::string where = drv.location(cfg);
        const std::string why = detail::one_line(without_password(e.what(), cfg.password));
        throw connection_error("cannot connect to " + where + ": " + why, {}, "connect");
    }
    return std::unique_ptr<connection>(new connection(std::move(p)));
}

const dialect& connection::dialect() const noexcept {
    return *p_->sql;
}
std::size_t connection::max_parameters() const noexcept {
    return p_->max_parameters;
}
backend_kind connection::backend() const noexcept {
    return p_->cfg.backend;
}
bool connection::in_transaction() const noexcept {
    return p_->in_tx;
}
bool connection::lost() const noexcept {
    return p_->lost;
}
bool connection::alive() const noexcept {
    return !p_->lost && p_->session.is_connected();
}
std::uint64_t connection::statements_sent() const noexcept {
    return p_->statements;
}
void connection::set_trace(std::function<void(std::string_view)> trace) {
    p_->trace = std::move(trace);
}

std::uint64_t connection::execute(std::string_view sql, std::span<const value> params,
                                  statement_context ctx) {
    refuse_too_many(params.size(), p_->max_parameters, ctx);
    refuse_nul(dialect(), params, ctx);
    try {
        if (p_->cache) {
            cached_statement cached(*p_, sql, params, {}, false);
            p_->sent(sql);
            cached.get().st.execute(true);
            return static_cast<std::uint64_t>(cached.get().st.get_affected_rows());
        }
        soci::statement st(p_->session);
        detail::bound_slots in(params.size());
        bind_params(st, in, params);
        fill_params(in, params, dialect().blob_as_hex());
        st.alloc();
        st.prepare(p_->drv.native_sql(sql), one_shot);
        st.define_and_bind();
        p_->sent(sql);
        st.execute(true);
        return static_cast<std::uint64_t>(st.get_affected_rows());
    } catch (const soci::soci_error& e) {
        raise_driver_error(*p_, e, ctx);
    }
}

void connection::query(std::string_view sql, std::span<const value> params, std::span<const sql_type> types,
                       const std::function<void(std::span<value>)>& on_row, statement_context ctx) {
    const bool hex = dialect().blob_as_hex();
    refuse_too_many(params.size(), p_->max_parameters, ctx);
    refuse_nul(dialect(), params, ctx);
    const auto read_all = [&](soci::statement& st, detail::bound_slots& out, std::span<value> row) {
        p_->sent(sql);
        for (bool fetched = st.execute(true); fetched; fetched = st.fetch()) {
            read_row(out, types, hex, row);
            on_row(row);
        }
    };
    try {
        if (p_->cache) {
            cached_statement cached(*p_, sql, params, types, true);
            detail::prepared_statement& s = cached.get();
            read_all(s.st, s.out, s.row);
            return;
        }
        soci::statement st(p_->session);
        detail::bound_slots in(params.size()), out(types.size());
        std::vector<value> row(types.size());
        bind_columns(st, out, types);
        bind_params(st, in, params);
        fill_params(in, params, hex);
        st.alloc();
        st.prepare(p_->drv.native_sql(sql), one_shot);
        st.define_and_bind();
        read_all(st, out, row);
    } catch (const soci::soci_error& e) {
        raise_driver_error(*p_, e, ctx);
    }
}

std::vector<std::string> connection::result_columns(std::string_view sql, statement_context ctx) {
    try {
        return p_->drv.result_columns(p_->session, sql);
    } catch (const soci::soci_error& e) {
        raise_driver_error(*p_, e, ctx);
    }
}

std::vector<std::uint64_t> connection::execute_many(std::string_view sql, std::span<const sql_type> types,
                                                    std::span<const std::vector<value>> rows,
                                                    statement_context ctx) {
    std::vector<std::uint64_t> affected;
    affected.reserve(rows.size());
    if (rows.empty()) return affected;
    const std::size_t n = types.size();
    refuse_too_many(n, p_->max_parameters, ctx);
    // Single-value binds re-executed with new values are safe on every backend
    // (vector binds are not: see the platform notes).
    std::vector<long long> ints(n);
    std::vector<double> reals(n);
    std::vector<std::string> texts(n);
    std::vector<soci::indicator> inds(n, soci::i_ok);
    const bool hex = dialect().blob_as_hex();
    try {
        soci::statement st(p_->session);
        for (std::size_t i = 0; i < n; ++i) {
            switch (types[i]) {
                case sql_type::boolean:
                case sql_type::int16:
                case sql_type::int32:
                case sql_type::int64:
                    st.exchange(soci::use(ints[i], inds[i]));
                    break;
                case sql_type::float32:
                case sql_type::float64:
                    st.exchange(soci::use(reals[i], inds[i]));
                    break;
                default:
                    st.exchange(soci::use(texts[i], inds[i]));
                    break;
            }
        }
        st.alloc();
        st.prepare(p_->drv.native_sql(sql));
        st.define_and_bind();
        for (const std::vector<value>& row : rows) {
            for (std::size_t i = 0; i < n; ++i) {
                const value& v = row[i];
                if (v.is_null()) {
                    inds[i] = soci::i_null;
                    continue;
                }
                inds[i] = soci::i_ok;
                switch (types[i]) {
                    case sql_type::boolean:
                    case sql_type::int16:
                    case sql_type::int32:
                    case sql_type::int64:
                        ints[i] = v.as_int();
                        break;
                    case sql_type::float32:
                    case sql_type::float64:
                        reals[i] = v.as_double();
                        break;
                    case sql_type::blob:
                        texts[i] = encode_blob(v.as_blob(), hex);
                        break;
                    default:
                        texts[i] = v.as_text();
                        refuse_nul(dialect(), texts[i], ctx);
                        break;
                }
            }
            p_->sent(sql);
            st.execute(true);
            affected.push_back(static_cast<std::uint64_t>(st.get_affected_rows()));
        }
    } catch (const soci::soci_error& e) {
        raise_driver_error(*p_, e, ctx);
    }
    return affected;
}

void connection::begin(std::optional<isolation_level> isolation) {
    if (p_->in_tx) throw transaction_error("a transaction is already open on this connection");
    for (const std::string& sql : sql::begin(dialect(), isolation)) execute(sql, {}, {"", "begin"});
    p_->in_tx = true;
}

detail::transaction_state& connection::atomic_state() noexcept {
    return p_->atomic;
}

void connection::commit() {
    if (!p_->in_tx) throw transaction_error("no transaction is open on this connection");
    p_->in_tx = false;
    try {
        execute(sql::commit(dialect()), {}, {"", "commit"});
    } catch (...) {
        // A failed COMMIT ends the transaction on PostgreSQL and MySQL; SQLite
        // keeps it open (a deferred foreign key, busy), so end it here too.
        if (!p_->drv.failed_commit_ends_transaction() && !p_->lost) {
            try {
                execute(sql::rollback(dialect()), {}, {"", "rollback"});
            } catch (...) {
                // Nothing was open after all.
            }
        }
        throw;
    }
}

void connection::rollback() {
    if (!p_->in_tx) throw transaction_error("no transaction is open on this connection");
    p_->in_tx = false;
    execute(sql::rollback(dialect()), {}, {"", "rollback"});
}

}  // namespace cormorant
