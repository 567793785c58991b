#include "unit_of_work/unit_of_work.hpp"

#include "cormorant/errors.hpp"

namespace cormorant {

const char* to_string(object_state s) noexcept {
    switch (s) {
        case object_state::transient:
            return "transient";
        case object_state::pending:
            return "pending";
        case object_state::persistent:
            return "persistent";
        case object_state::deleted:
            return "deleted";
        case object_state::detached:
            return "detached";
    }
    return "unknown";
}

}  // namespace cormorant

namespace cormorant::detail {

std::size_t value_hash::operator()(const value& v) const noexcept {
    struct visitor {
        std::size_t operator()(std::monostate) const { return 0; }
        std::size_t operator()(std::int64_t i) const { return std::hash<std::int64_t>{}(i); }
        std::size_t operator()(double d) const { return std::hash<double>{}(d); }
        std::size_t operator()(const std::string& s) const { return std::hash<std::string>{}(s); }
        std::size_t operator()(const blob& b) const {
            return std::hash<std::string_view>{}(
                std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
        }
    };
    return std::visit(visitor{}, v.get());
}

entry* unit_of_work::find(const void* object) const {
    auto it = by_object_.find(object);
    return it == by_object_.end() ? nullptr : it->second;
}

entry& unit_of_work::add_pending(const table_info& t, std::shared_ptr<void> object) {
    if (entry* e = find(object.get())) return *e;
    return track(t, std::move(object));
}

entry& unit_of_work::track(const table_info& t, std::shared_ptr<void> object) {
    auto e = std::make_unique<entry>();
    e->table = &t;
    e->object = std::move(object);
    e->state = object_state::pending;
    e->seq = next_seq_++;
    if (!detached_.empty()) detached_.erase(e->object.get());
    entry& ref = *e;
    by_object_.emplace(ref.object.get(), &ref);
    // Sequence numbers only grow: the new entry goes at the end.
    by_seq_.emplace_hint(by_seq_.end(), ref.seq, std::move(e));
    return ref;
}

entry* unit_of_work::lookup(const table_info& t, const value& key) const {
    auto table = identity_.find(&t);
    if (table == identity_.end()) return nullptr;
    auto it = table->second.find(key);
    return it == table->second.end() ? nullptr : it->second;
}

std::shared_ptr<void> unit_of_work::merge_row(const table_info& t, std::span<value> row) {
    // Loading many rows spends much of its time here. The key is hashed once:
    // its slot in the identity map is taken first, filled when the object is
    // built, and given back if building it fails.
    auto& ids = identity_[&t];
    auto [slot, fresh] = ids.try_emplace(row[t.key], nullptr);
    if (!fresh) return slot->second->object;
    std::shared_ptr<void> object, snapshot;
    value identity;
    try {
        object = t.make();
        if (!object)
            throw schema_error("cormorant: " + t.type_name +
                               " has no default constructor, so its rows cannot be loaded");
        for (std::size_t i = 0; i < row.size(); ++i) t.set(object.get(), i, row[i]);
        snapshot = t.clone(object.get());
        identity = t.get(object.get(), t.key);
    } catch (...) {
        ids.erase(slot);
        throw;
    }
    entry& e = track(t, std::move(object));
    e.snapshot = std::move(snapshot);
    e.state = object_state::persistent;
    // The object's key as make_persistent registers it; the row's key in any
    // other form would leave the slot unused by detach().
    if (identity == slot->first) {
        slot->second = &e;
    } else {
        ids.erase(slot);
        ids[identity] = &e;
    }
    e.identity = std::move(identity);
    if (journal_.recording())
        journal_.record({journal_record::kind::loaded, &t, e.seq, e.object, nullptr, {}});
    return e.object;
}

void unit_of_work::make_persistent(entry& e) {
    e.snapshot = e.table->clone(e.object.get());
    e.state = object_state::persistent;
    e.removing = false;
    e.identity = e.table->get(e.object.get(), e.table->key);
    identity_[e.table][e.identity] = &e;
}

void unit_of_work::detach(entry& e) {
    if (e.state == object_state::persistent || e.state == object_state::deleted) {
        auto table = identity_.find(e.table);
        if (table != identity_.end()) {
            auto it = table->second.find(e.identity);
            if (it != table->second.end() && it->second == &e) table->second.erase(it);
        }
    }
    detached_[e.object.get()] = e.object;
    by_object_.erase(e.object.get());
    by_seq_.erase(e.seq);  // frees e
}

bool unit_of_work::changed(const entry& e) {
    const auto& cols = e.table->columns;
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (!cols[i].equal(e.object.get(), e.snapshot.get())) return true;
    return false;
}

bool unit_of_work::was_detached(const void* object, const std::shared_ptr<const void>& owner) const {
    auto it = detached_.find(object);
    if (it == detached_.end() || it->second.expired()) return false;
    // Same control block: the address was not reused by another object.
    return !it->second.owner_before(owner) && !owner.owner_before(it->second);
}

namespace {

/// Counts what was sent on `c` and removes the trace however the work ends.
class statement_counter {
public:
    statement_counter(connection& c, session_stats& stats, const std::function<void(std::string_view)>& trace)
        : c_(c), stats_(stats), before_(c.statements_sent()) {
        if (trace) c.set_trace(trace);
    }
    ~statement_counter() {
        stats_.statements += c_.statements_sent() - before_;
        c_.set_trace({});
    }
    statement_counter(const statement_counter&) = delete;
    statement_counter& operator=(const statement_counter&) = delete;

private:
    connection& c_;
    session_stats& stats_;
    std::uint64_t before_;
};

}  // namespace

void unit_of_work::with_connection(const std::function<void(connection&)>& fn, bool isolated) {
    if (!block_) {
        auto lease = db_.acquire();
        statement_counter counter(*lease, stats_, trace_);
        fn(*lease);
        return;
    }
    connection& c = *block_;
    transaction_state& st = c.atomic_state();
    if (st.needs_rollback)
        throw transaction_error(
            "cormorant: an error occurred in the current transaction; no statement can run until the end "
            "of the atomic block",
            st.rollback_cause);
    statement_counter counter(c, stats_, trace_);
    try {
        fn(c);
    } catch (const database_error&) {
        if (!isolated) {
            st.needs_rollback = true;
            st.rollback_cause = std::current_exception();
        }
        throw;
    }
}

connection& unit_of_work::hold_block_connection() {
    block_ = db_.acquire();
    return *block_;
}

void unit_of_work::release_block_connection() noexcept {
    block_.release();
}

void unit_of_work::on_block_connection(const std::function<void(connection&)>& fn) {
    statement_counter counter(*block_, stats_, trace_);
    fn(*block_);
}

entry* unit_of_work::find_seq(std::uint64_t seq, const void* object) const {
    auto it = by_seq_.find(seq);
    return it != by_seq_.end() && it->second->object.get() == object ? it->second.get() : nullptr;
}

void unit_of_work::restore_to(std::size_t mark) noexcept {
    auto& records = journal_.records;
    for (std::size_t i = records.size(); i-- > mark;) {
        journal_record& r = records[i];
        entry* e = find_seq(r.seq, r.object.get());
        switch (r.what) {
            case journal_record::kind::inserted:
                if (e) {
                    // Out of the identity map first: it is registered under the generated key.
                    e->state = object_state::persistent;
                    detach(*e);
                }
                try {
                    r.table->set(r.object.get(), r.table->key, r.old_key);
                    for (const auto& [column, v] : r.old_columns) r.table->set(r.object.get(), column, v);
                } catch (...) {
                    // Setting a column back to the value read from it cannot fail.
                }
                break;
            case journal_record::kind::updated:
                if (e) e->snapshot = std::move(r.old_snapshot);
                break;
            case journal_record::kind::deleted:
                if (e) {
                    e->state = object_state::persistent;
                    e->removing = false;
                    // A row switch gave its key to another object, undone by now.
                    identity_[e->table][e->identity] = e;
                }
                break;
            case journal_record::kind::loaded:
                if (e) detach(*e);
                break;
        }
    }
    records.resize(std::min(records.size(), mark));
    // Work not flushed: pending objects were added inside the block (entering
    // it flushed everything older).
    restore_unflushed();
}

void unit_of_work::restore_unflushed() noexcept {
    std::vector<entry*> pending;
    for (const auto& [seq, e] : by_seq_) {
        if (e->state == object_state::pending) {
            pending.push_back(e.get());
        } else if (e->state == object_state::persistent) {
            e->removing = false;
            const auto& cols = e->table->columns;
            for (std::size_t c = 0; c < cols.size(); ++c)
                if (!cols[c].equal(e->object.get(), e->snapshot.get()))
                    cols[c].copy(e->object.get(), e->snapshot.get());
        }
    }
    for (entry* e : pending) detach(*e);
}

void unit_of_work::mark_deleted(entry& e) {
    e.state = object_state::deleted;
    e.removing = false;
    journal_.record({journal_record::kind::deleted, e.table, e.seq, e.object, nullptr, {}});
}

std::vector<entry*> unit_of_work::mark_cascaded(std::unordered_map<const table_info*, key_set> gone) {
    std::vector<entry*> out;
    // One pass over the session per level of cascade.
    while (!gone.empty()) {
        std::unordered_map<const table_info*, key_set> next;
        for_each([&](entry& e) {
            if (e.state != object_state::persistent) return;
            for (std::size_t i = 0; i < e.table->columns.size(); ++i) {
                const column_info& c = e.table->columns[i];
                if (!c.cascade_delete) continue;
                auto parent = gone.find(&c.references());
                if (parent == gone.end() || !parent->second.count(e.table->get(e.snapshot.get(), i)))
                    continue;
                mark_deleted(e);
                next[e.table].insert(e.identity);
                out.push_back(&e);
                break;
            }
        });
        gone = std::move(next);
    }
    return out;
}

void unit_of_work::forget_deleted() {
    std::vector<entry*> gone;
    for_each([&](entry& e) {
        if (e.state == object_state::deleted) gone.push_back(&e);
    });
    for (entry* e : gone) detach(*e);
}

void unit_of_work::clear() {
    std::vector<entry*> all;
    for_each([&](entry& e) { all.push_back(&e); });
    for (entry* e : all) detach(*e);
}

}  // namespace cormorant::detail
