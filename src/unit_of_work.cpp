#include "unit_of_work.hpp"

#include "cormorant/errors.hpp"
#include "cormorant/sql.hpp"

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
    auto e = std::make_unique<entry>();
    e->table = &t;
    e->object = std::move(object);
    e->state = object_state::pending;
    e->seq = next_seq_++;
    detached_.erase(e->object.get());
    entry& ref = *e;
    by_object_.emplace(ref.object.get(), &ref);
    by_seq_.emplace(ref.seq, std::move(e));
    return ref;
}

entry* unit_of_work::lookup(const table_info& t, const value& key) const {
    auto table = identity_.find(&t);
    if (table == identity_.end()) return nullptr;
    auto it = table->second.find(key);
    return it == table->second.end() ? nullptr : it->second;
}

std::shared_ptr<void> unit_of_work::merge_row(const table_info& t, std::span<value> row) {
    if (entry* e = lookup(t, row[t.key])) return e->object;
    std::shared_ptr<void> object = t.make();
    if (!object)
        throw schema_error("cormorant: " + t.type_name + " has no default constructor, so its rows cannot be loaded");
    for (std::size_t i = 0; i < row.size(); ++i) t.set(object.get(), i, row[i]);
    entry& e = add_pending(t, std::move(object));
    make_persistent(e);
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

void unit_of_work::with_connection(const std::function<void(connection&)>& fn) {
    auto lease = db_.acquire();
    connection& c = *lease;
    // Counts what was sent and removes the trace however fn ends.
    struct guard {
        connection& c;
        session_stats& stats;
        std::uint64_t before;
        ~guard() {
            stats.statements += c.statements_sent() - before;
            c.set_trace({});
        }
    } g{c, stats_, c.statements_sent()};
    if (trace_) c.set_trace(trace_);
    fn(c);
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
