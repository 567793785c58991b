// The session's own calls: add, get, remove, refresh, expunge, flush,
// commit and rollback of unflushed work.
#include "cormorant/session.hpp"

#include "cormorant/sql.hpp"
#include "unit_of_work/unit_of_work.hpp"

namespace cormorant {

session::session(database db) : uow_(std::make_unique<detail::unit_of_work>(std::move(db))) {}
session::~session() = default;
session::session(session&&) noexcept = default;
session& session::operator=(session&&) noexcept = default;

const session_stats& session::stats() const noexcept {
    return uow_->stats();
}
database& session::db() noexcept {
    return uow_->db();
}
void session::trace(std::function<void(std::string_view)> fn) {
    uow_->set_trace(std::move(fn));
}

void session::add_object(const table_info& t, std::shared_ptr<void> object) {
    if (detail::entry* e = uow_->find(object.get())) {
        if (e->removing) e->removing = false;  // adding a removed object keeps it
        return;
    }
    uow_->add_pending(t, std::move(object));
}

std::shared_ptr<void> session::get_object(const table_info& t, const value& key) {
    if (detail::entry* e = uow_->lookup(t, key)) {
        if (e->state == object_state::deleted || e->removing) return nullptr;
        return e->object;
    }
    std::shared_ptr<void> found;
    const std::string sql = sql::select_by_key(uow_->db().dialect(), t);
    const std::vector<sql_type> types = sql::column_types(t);
    uow_->with_connection([&](connection& c) {
        c.query(sql, std::span<const value>(&key, 1), types,
                [&](std::span<value> row) {
                    found = uow_->merge_row(t, row);
                    ++uow_->stats().rows_read;
                },
                {t.name, "select"});
    });
    return found;
}

std::vector<std::shared_ptr<void>> session::load_all(const table_info& t) {
    flush();
    std::vector<std::shared_ptr<void>> out;
    const std::string sql = sql::select_all(uow_->db().dialect(), t);
    const std::vector<sql_type> types = sql::column_types(t);
    uow_->with_connection([&](connection& c) {
        c.query(sql, {}, types,
                [&](std::span<value> row) {
                    out.push_back(uow_->merge_row(t, row));
                    ++uow_->stats().rows_read;
                },
                {t.name, "select"});
    });
    return out;
}

void session::remove_object(const void* object) {
    detail::entry* e = uow_->find(object);
    if (!e) throw error("cormorant: remove() of an object this session does not track");
    if (e->state == object_state::pending)
        uow_->detach(*e);
    else if (e->state == object_state::persistent)
        e->removing = true;
}

void session::refresh_object(const void* object) {
    detail::entry* e = uow_->find(object);
    if (!e || e->state != object_state::persistent)
        throw error("cormorant: refresh() needs a persistent object of this session");
    const table_info& t = *e->table;
    bool found = false;
    const std::string sql = sql::select_by_key(uow_->db().dialect(), t);
    const std::vector<sql_type> types = sql::column_types(t);
    uow_->with_connection([&](connection& c) {
        c.query(sql, std::span<const value>(&e->identity, 1), types,
                [&](std::span<value> row) {
                    for (std::size_t i = 0; i < row.size(); ++i) t.set(e->object.get(), i, row[i]);
                    found = true;
                    ++uow_->stats().rows_read;
                },
                {t.name, "select"});
    });
    if (!found) throw_not_found(t, e->identity);
    uow_->journal().record(
        {detail::journal_record::kind::updated, &t, e->seq, e->object, std::move(e->snapshot), {}});
    e->snapshot = t.clone(e->object.get());
    e->removing = false;
}

void session::expunge_object(const void* object) {
    if (detail::entry* e = uow_->find(object)) uow_->detach(*e);
}

void session::expunge_all() {
    uow_->clear();
}

bool session::modified(const void* object) const {
    const detail::entry* e = uow_->find(object);
    if (!e) return false;
    if (e->state == object_state::pending || e->removing) return true;
    return e->state == object_state::persistent && detail::unit_of_work::changed(*e);
}

object_state session::state(const void* object, const std::shared_ptr<const void>& owner) const {
    if (!object) return object_state::transient;
    if (const detail::entry* e = uow_->find(object)) return e->state;
    return uow_->was_detached(object, owner) ? object_state::detached : object_state::transient;
}

void session::flush() {
    uow_->flush();
}

void session::commit() {
    if (uow_->block_connection())
        throw transaction_error(
            "cormorant: session::commit() inside an atomic block; the outermost block commits "
            "when it ends");
    uow_->flush();
}

void session::rollback() {
    if (uow_->block_connection())
        throw transaction_error(
            "cormorant: session::rollback() inside an atomic block; leave the block by an "
            "exception, or call set_rollback(true)");
    uow_->restore_unflushed();
}

void session::throw_not_found(const table_info& t, const value& key) {
    throw not_found("cormorant: no row in " + t.name + " with key " + to_display(key));
}

}  // namespace cormorant
