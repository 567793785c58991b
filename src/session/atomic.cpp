// Atomic blocks, following Django's Atomic.__enter__/__exit__: the outermost
// block holds one connection for its whole life and BEGINs; inner blocks push
// a savepoint (or an empty slot); leaving a block commits, releases or rolls
// back, and a rollback also puts the session's objects back (memory journal).
#include "cormorant/atomic.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "cormorant/diagnostics.hpp"
#include "cormorant/session.hpp"
#include "cormorant/sql.hpp"
#include "unit_of_work/unit_of_work.hpp"

namespace cormorant {

namespace {

using detail::transaction_state;

/// Drops the callbacks registered while savepoint `id` was active.
void drop_callbacks(transaction_state& st, std::uint64_t id) {
    std::erase_if(st.callbacks, [id](const detail::commit_callback& cb) {
        return std::find(cb.savepoints.begin(), cb.savepoints.end(), id) != cb.savepoints.end();
    });
}

void run_callback(const std::function<void()>& fn, bool robust) {
    if (!robust) {
        fn();
        return;
    }
    try {
        fn();
    } catch (const std::exception& e) {
        report_diagnostic(std::string("an on_commit callback failed (robust: the others still run): ") +
                          e.what());
    } catch (...) {
        report_diagnostic(
            "an on_commit callback failed with a non-standard exception (robust: the others still run)");
    }
}

bool is_transient(const std::exception_ptr& error) {
    if (!error) return false;
    try {
        std::rethrow_exception(error);
    } catch (const transient_error&) {
        return true;
    } catch (const transaction_error& e) {
        return is_transient(e.cause());
    } catch (...) {
        return false;
    }
}

std::chrono::milliseconds pause_before(const retry_policy& p, int attempt) {
    const double ms = static_cast<double>(p.backoff.count()) * std::pow(p.multiplier, attempt - 1);
    return std::min(p.max_backoff, std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
}

}  // namespace

atomic_block::atomic_block(detail::unit_of_work& uow, const atomic_options& options)
    : uow_(&uow), options_(options), depth_(0) {
    if (!uow.block_connection()) {
        // Work from before the block is written first, in its own transaction:
        // a rollback of this block must not take it along.
        uow.flush();
        connection& c = uow.hold_block_connection();
        transaction_state& st = c.atomic_state();
        st.reset();
        try {
            uow.on_block_connection([&](connection& conn) { conn.begin(options.isolation); });
        } catch (...) {
            uow.release_block_connection();
            throw;
        }
        st.in_atomic_block = true;
        uow.journal().marks.push_back(uow.journal().records.size());
        depth_ = 1;
        return;
    }
    transaction_state& st = uow.block_connection()->atomic_state();
    if (options.durable)
        throw transaction_error("cormorant: a durable atomic block cannot run inside another atomic block");
    if (options.isolation)
        throw transaction_error(
            "cormorant: an isolation level can be set on the outermost atomic block only");
    uow.flush();
    std::uint64_t id = 0;
    if (options.savepoint && !st.needs_rollback) {
        id = st.last_savepoint + 1;
        uow.on_block_connection([&](connection& c) {
            c.execute(sql::savepoint(c.dialect(), transaction_state::savepoint_name(id)), {},
                      {"", "savepoint"});
        });
        st.last_savepoint = id;
    }
    st.savepoints.push_back(id);
    uow.journal().marks.push_back(uow.journal().records.size());
    depth_ = st.depth();
}

atomic_block::atomic_block(atomic_block&& other) noexcept
    : uow_(other.uow_),
      options_(other.options_),
      depth_(other.depth_),
      done_(other.done_),
      committed_(other.committed_) {
    other.done_ = true;
}

atomic_block::~atomic_block() {
    if (done_) return;
    try {
        end(false, nullptr);
    } catch (const std::exception& e) {
        report_diagnostic(std::string("an atomic block's rollback at scope end failed: ") + e.what());
    } catch (...) {
        report_diagnostic("an atomic block's rollback at scope end failed");
    }
}

void atomic_block::commit() {
    end(true, nullptr);
}

void atomic_block::rollback() {
    end(false, nullptr);
}

bool atomic_block::fail(std::exception_ptr error, int attempt) {
    if (!done_) end(false, error);
    // After a successful COMMIT the error came from an on_commit callback:
    // the work is in the database and must not run twice.
    if (!outermost() || committed_ || attempt >= options_.retry.attempts || !is_transient(error))
        return false;
    std::this_thread::sleep_for(pause_before(options_.retry, attempt));
    return true;
}

void atomic_block::end(bool commit, std::exception_ptr error) {
    if (done_) throw transaction_error("cormorant: this atomic block has already ended");
    connection* c = uow_->block_connection();
    if (!c || c->atomic_state().depth() < depth_ || (commit && c->atomic_state().depth() != depth_))
        throw transaction_error("cormorant: atomic blocks must end innermost first");
    done_ = true;
    transaction_state& st = c->atomic_state();
    detail::memory_journal& journal = uow_->journal();
    if (st.depth() > depth_) {
        // Rolling back while inner blocks are still open (their guards
        // outlived this one): they roll back with it.
        report_diagnostic(
            "an atomic block rolled back while blocks inside it were still open; they roll back too");
        while (st.depth() > depth_) {
            const std::uint64_t id = st.savepoints.back();
            st.savepoints.pop_back();
            journal.marks.pop_back();
            if (id) drop_callbacks(st, id);
        }
    }

    std::exception_ptr failure;
    if (commit && !st.needs_rollback) {
        try {
            uow_->flush(/*own_savepoint=*/false);  // a failing flush rolls this block back
        } catch (...) {
            failure = std::current_exception();
            commit = false;
        }
    }
    if (failure) error = failure;
    const std::size_t mark = journal.marks.back();
    journal.marks.pop_back();

    if (!outermost()) {
        const std::uint64_t id = st.savepoints.back();
        st.savepoints.pop_back();
        if (commit && !st.needs_rollback) {
            if (!id) return;
            try {
                uow_->on_block_connection([&](connection& conn) {
                    conn.execute(
                        sql::release_savepoint(conn.dialect(), transaction_state::savepoint_name(id)), {},
                        {"", "release savepoint"});
                });
                return;  // its journal records now belong to the enclosing block
            } catch (...) {
                failure = std::current_exception();
            }
        }
        // Rolling back. The mark is set again below when no savepoint can
        // isolate this block's failure.
        const std::exception_ptr cause = st.rollback_cause ? st.rollback_cause : error;
        st.needs_rollback = false;
        if (!id) {
            st.needs_rollback = true;
            st.rollback_cause = cause;
            // Memory is restored when the enclosing savepoint or transaction rolls back.
        } else {
            try {
                uow_->on_block_connection([&](connection& conn) {
                    const std::string name = transaction_state::savepoint_name(id);
                    conn.execute(sql::rollback_to_savepoint(conn.dialect(), name), {},
                                 {"", "rollback to savepoint"});
                    conn.execute(sql::release_savepoint(conn.dialect(), name), {}, {"", "release savepoint"});
                });
                st.rollback_cause = nullptr;
            } catch (...) {
                st.needs_rollback = true;
                st.rollback_cause = std::current_exception();
            }
            drop_callbacks(st, id);
            uow_->restore_to(mark);
        }
        if (failure) std::rethrow_exception(failure);
        return;
    }

    // The outermost block: COMMIT or ROLLBACK, then give the connection back.
    if (commit && !st.needs_rollback) {
        try {
            uow_->on_block_connection([](connection& conn) { conn.commit(); });
        } catch (...) {
            failure = std::current_exception();  // the transaction has ended (connection::commit)
        }
        if (!failure) {
            committed_ = true;
            std::vector<detail::commit_callback> callbacks = std::move(st.callbacks);
            journal.records.clear();
            uow_->forget_deleted();
            st.reset();
            uow_->release_block_connection();
            for (auto& cb : callbacks) run_callback(cb.fn, cb.robust);  // a throw drops the rest
            return;
        }
    } else {
        try {
            uow_->on_block_connection([](connection& conn) { conn.rollback(); });
        } catch (const std::exception& e) {
            // The error that led here is the one to throw; this one is only told.
            // A lost connection: the server rolls back, the pool drops it.
            report_diagnostic(std::string("the rollback of an atomic block failed: ") + e.what());
        }
    }
    uow_->restore_to(mark);
    journal.records.clear();
    st.reset();
    uow_->release_block_connection();
    if (failure) std::rethrow_exception(failure);
}

atomic_block session::atomic(const atomic_options& options) {
    return atomic_block(*uow_, options);
}

void session::on_commit(std::function<void()> fn, bool robust) {
    connection* c = uow_->block_connection();
    if (!c) {
        run_callback(fn, robust);
        return;
    }
    transaction_state& st = c->atomic_state();
    detail::commit_callback cb{{}, std::move(fn), robust};
    for (std::uint64_t id : st.savepoints)
        if (id) cb.savepoints.push_back(id);
    st.callbacks.push_back(std::move(cb));
}

void session::set_rollback(bool rollback) {
    connection* c = uow_->block_connection();
    if (!c) throw transaction_error("cormorant: set_rollback() outside an atomic block");
    c->atomic_state().needs_rollback = rollback;
    if (!rollback) c->atomic_state().rollback_cause = nullptr;
}

bool session::get_rollback() const {
    connection* c = uow_->block_connection();
    if (!c) throw transaction_error("cormorant: get_rollback() outside an atomic block");
    return c->atomic_state().needs_rollback;
}

bool session::in_atomic_block() const noexcept {
    return uow_->block_connection() != nullptr;
}

void session::use_connection(const std::function<void(connection&)>& fn) {
    uow_->with_connection(fn);
}

}  // namespace cormorant
