// Running queries for a session: rows through the identity map, select-in
// loading of referenced objects and of children, streaming, raw SQL.
#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "cormorant/errors.hpp"
#include "cormorant/session.hpp"
#include "cormorant/sql.hpp"
#include "unit_of_work/unit_of_work.hpp"

namespace cormorant::detail {

namespace {

/// Keys per `IN (...)` statement of select-in loading (fewer where a dialect allows fewer parameters).
constexpr std::size_t keys_per_statement = 1000;

/// An object of t read from `row`, not tracked by any session.
std::shared_ptr<void> untracked_object(const table_info& t, std::span<value> row) {
    std::shared_ptr<void> object = t.make();
    if (!object)
        throw schema_error("cormorant: " + t.type_name +
                           " has no default constructor, so its rows cannot be loaded");
    for (std::size_t i = 0; i < row.size(); ++i) t.set(object.get(), i, row[i]);
    return object;
}

/// The columns of t, as raw SQL's result is matched to them (built once per table).
const result_shape& shape_of_table(const table_info& t) {
    static std::mutex lock;
    static std::unordered_map<const table_info*, std::unique_ptr<result_shape>> shapes;
    const std::lock_guard<std::mutex> guard(lock);
    auto& shape = shapes[&t];
    if (!shape) {
        shape = std::make_unique<result_shape>();
        shape->subject = "raw query for " + t.name;
        shape->owner = t.name;
        for (const column_info& c : t.columns) {
            shape->names.push_back(c.name);
            shape->types.push_back(c.type);
        }
    }
    return *shape;
}

/// A tracked object the session no longer offers: removed, or deleted in the open transaction.
bool gone(const entry& e) {
    return e.removing || e.state == object_state::deleted;
}

/// The rows of t whose `column` holds one of `keys`, ordered by key, through
/// the identity map: one statement per batch of keys.
void select_in(unit_of_work& u, const table_info& t, std::size_t column, const std::vector<value>& keys,
               const std::function<void(std::shared_ptr<void>, std::span<value>)>& on_row) {
    if (keys.empty()) return;
    const dialect& d = u.db().dialect();
    const std::size_t batch = std::min(keys_per_statement, u.db().max_parameters());
    std::vector<sql_text> statements;
    for (std::size_t start = 0; start < keys.size(); start += batch) {
        auto in = std::make_shared<expr_node>();
        in->op = expr_op::in;
        in->column = column;
        for (std::size_t i = start; i < std::min(keys.size(), start + batch); ++i)
            in->operands.push_back({keys[i], nullptr, nullptr});
        query_spec q;
        q.table = &t;
        q.where = std::move(in);
        statements.push_back(sql::query_select(d, q));
    }
    const std::vector<sql_type> types = sql::column_types(t);
    u.with_connection([&](connection& c) {
        for (const sql_text& st : statements)
            c.query(st.sql, st.params, types,
                    [&](std::span<value> row) {
                        ++u.stats().rows_read;
                        on_row(u.merge_row(t, row), row);
                    },
                    {t.name, "select"});
    });
}

/// Makes the ref `l.column` of each object hold its target, fetching the
/// targets the session does not hold in batched statements.
void load_refs(unit_of_work& u, const table_info& t, const std::vector<std::shared_ptr<void>>& objects,
               const load_term& l) {
    const column_info& c = t.columns[l.column];
    const table_info& target = c.references();
    std::unordered_map<value, std::shared_ptr<void>, value_hash> targets;
    std::vector<std::pair<void*, value>> wanted;
    std::vector<value> missing;
    for (const auto& o : objects) {
        if (c.ref_target(o.get())) continue;  // already holds its object
        value key = t.get(o.get(), l.column);
        if (key.is_null()) continue;
        wanted.emplace_back(o.get(), key);
        if (targets.count(key)) continue;
        entry* e = u.lookup(target, key);
        if (e && !gone(*e)) {
            targets.emplace(std::move(key), e->object);
        } else {
            targets.emplace(key, nullptr);
            missing.push_back(std::move(key));
        }
    }
    select_in(u, target, target.key, missing, [&](std::shared_ptr<void> object, std::span<value> row) {
        targets[row[target.key]] = std::move(object);
    });
    for (auto& [object, key] : wanted)
        if (const auto& found = targets[key]) l.assign(object, found);
}

/// Runs a SELECT of every column of t and hands each row's object, through
/// the identity map, to on_object (objects removed in the session are left out).
void read_rows(unit_of_work& u, const table_info& t, const sql_text& st,
               const std::function<void(std::shared_ptr<void>)>& on_object) {
    const std::vector<sql_type> types = sql::column_types(t);
    u.with_connection([&](connection& c) {
        c.query(st.sql, st.params, types,
                [&](std::span<value> row) {
                    ++u.stats().rows_read;
                    const entry* held = u.lookup(t, row[t.key]);
                    if (held && gone(*held)) return;
                    on_object(u.merge_row(t, row));
                },
                {t.name, "select"});
    });
}

}  // namespace

std::vector<std::shared_ptr<void>> session_access::all(session& s, const query_spec& q) {
    if (q.autoflush) s.flush();
    unit_of_work& u = *s.uow_;
    std::vector<std::shared_ptr<void>> out;
    read_rows(u, *q.table, sql::query_select(u.db().dialect(), q),
              [&](std::shared_ptr<void> o) { out.push_back(std::move(o)); });
    for (const load_term& l : q.loads) load_refs(u, *q.table, out, l);
    return out;
}

std::uint64_t session_access::count(session& s, const query_spec& q) {
    if (q.autoflush) s.flush();
    unit_of_work& u = *s.uow_;
    const sql_text st = sql::query_count(u.db().dialect(), q);
    std::uint64_t n = 0;
    const sql_type types[] = {sql_type::int64};
    u.with_connection([&](connection& c) {
        c.query(st.sql, st.params, types,
                [&](std::span<value> row) { n = static_cast<std::uint64_t>(row[0].as_int()); },
                {q.table->name, "count"});
    });
    // Paging applied to the count: the rows all() would return.
    const std::uint64_t skipped = std::min(n, q.offset.value_or(0));
    return std::min(n - skipped, q.limit.value_or(n));
}

bool session_access::exists(session& s, const query_spec& q) {
    if (q.limit || q.offset) return count(s, q) > 0;
    if (q.autoflush) s.flush();
    unit_of_work& u = *s.uow_;
    const sql_text st = sql::query_exists(u.db().dialect(), q);
    bool found = false;
    const sql_type types[] = {q.table->key_column().type};
    u.with_connection([&](connection& c) {
        c.query(st.sql, st.params, types, [&](std::span<value>) { found = true; }, {q.table->name, "select"});
    });
    return found;
}

void session_access::each(session& s, const query_spec& q,
                          const std::function<void(std::shared_ptr<void>)>& fn) {
    if (!q.loads.empty()) throw error("cormorant: load() does not apply to for_each(); use all()");
    if (q.autoflush) s.flush();
    unit_of_work& u = *s.uow_;
    const table_info& t = *q.table;
    const sql_text st = sql::query_select(u.db().dialect(), q);
    const std::vector<sql_type> types = sql::column_types(t);
    u.with_connection([&](connection& c) {
        c.query(st.sql, st.params, types,
                [&](std::span<value> row) {
                    ++u.stats().rows_read;
                    const entry* held = u.lookup(t, row[t.key]);
                    if (!held) {
                        fn(untracked_object(t, row));
                    } else if (!gone(*held)) {
                        fn(held->object);
                    }
                },
                {t.name, "select"});
    });
}

std::vector<std::vector<std::shared_ptr<void>>> session_access::children(
    session& s, const table_info& child, const load_term& ref_column,
    const std::vector<std::shared_ptr<void>>& parents) {
    s.flush();  // pending parents get their keys, pending children their rows
    unit_of_work& u = *s.uow_;
    const table_info& parent = child.columns[ref_column.column].references();
    std::vector<std::vector<std::shared_ptr<void>>> groups(parents.size());
    std::unordered_map<value, std::vector<std::size_t>, value_hash> position;
    std::vector<value> keys;
    for (std::size_t i = 0; i < parents.size(); ++i) {
        if (!parents[i]) continue;
        value key = parent.get(parents[i].get(), parent.key);
        auto& at = position[key];
        if (at.empty()) keys.push_back(std::move(key));
        at.push_back(i);
    }
    select_in(u, child, ref_column.column, keys, [&](std::shared_ptr<void> object, std::span<value> row) {
        const entry* e = u.find(object.get());
        if (e && gone(*e)) return;
        const auto& at = position[row[ref_column.column]];
        ref_column.assign(object.get(), parents[at.front()]);
        for (std::size_t i : at) groups[i].push_back(object);
    });
    return groups;
}

std::vector<std::shared_ptr<void>> session_access::raw_query(session& s, const table_info& t,
                                                             std::string_view sql,
                                                             std::vector<value> params) {
    s.flush();
    unit_of_work& u = *s.uow_;
    const result_shape& shape = shape_of_table(t);
    // Every row is read and checked before the first enters the identity
    // map: a value that does not fit leaves the session as it was.
    std::vector<std::vector<value>> rows;
    std::shared_ptr<void> scratch = t.make();
    u.with_connection([&](connection& c) {
        read_result(c, sql::raw_placeholders(sql), params, shape,
                    [&](std::span<value> row) {
                        ++u.stats().rows_read;
                        for (std::size_t i = 0; scratch && i < row.size(); ++i)
                            if (t.columns[i].set)
                                read_column(shape, i, row[i],
                                            [&] { t.columns[i].set(scratch.get(), row[i]); });
                        rows.emplace_back(row.begin(), row.end());
                    },
                    {t.name, "select"});
    });
    std::vector<std::shared_ptr<void>> out;
    out.reserve(rows.size());
    for (std::vector<value>& row : rows) {
        const entry* held = u.lookup(t, row[t.key]);
        if (held && gone(*held)) continue;
        out.push_back(u.merge_row(t, row));
    }
    return out;
}

void session_access::raw_read(session& s, std::string_view sql, std::span<const value> params,
                              const result_shape& shape,
                              const std::function<void(std::span<value>)>& on_row) {
    s.flush();
    s.uow_->with_connection([&](connection& c) {
        read_result(c, sql::raw_placeholders(sql), params, shape,
                    [&](std::span<value> row) {
                        ++s.uow_->stats().rows_read;
                        on_row(row);
                    },
                    {"", "select"});
    });
}

std::uint64_t session_access::raw_execute(session& s, std::string_view sql, std::vector<value> params) {
    s.flush();
    std::uint64_t affected = 0;
    const std::string text = sql::raw_placeholders(sql);
    s.uow_->with_connection([&](connection& c) { affected = c.execute(text, params, {"", "execute"}); });
    return affected;
}

}  // namespace cormorant::detail
