// Row operations over type-erased objects: batched INSERT with generated keys
// written back, and SELECT into objects. Compiled once, used by every model.
#include <algorithm>
#include <charconv>
#include <optional>

#include "cormorant/database.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/sql.hpp"

namespace cormorant::detail {

namespace {

// Rows per statement: large enough to amortise a round trip, small enough to
// keep statements short; also capped by the dialect's parameter limit.
constexpr std::size_t max_rows_per_insert = 500;

// The rows of one insert_objects call with the same key handling, with every
// value already converted: a value that does not fit fails before anything
// is sent.
struct insert_group {
    std::span<void* const> objects;
    bool generate_key = false;
    std::vector<std::size_t> cols;
    std::size_t per_stmt = 1;
    std::vector<std::vector<value>> params;  // one entry per statement
};

insert_group prepare_group(std::size_t max_parameters, const table_info& t, std::span<void* const> objects,
                           bool generate_key, const null_columns* nulls) {
    insert_group g;
    g.objects = objects;
    g.generate_key = generate_key;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (!(generate_key && i == t.key)) g.cols.push_back(i);
    g.per_stmt = std::max<std::size_t>(
        1, std::min(max_rows_per_insert, max_parameters / std::max<std::size_t>(1, g.cols.size())));
    for (std::size_t start = 0; start < objects.size(); start += g.per_stmt) {
        const std::size_t n = std::min(g.per_stmt, objects.size() - start);
        std::vector<value>& params = g.params.emplace_back();
        params.reserve(n * g.cols.size());
        for (std::size_t r = 0; r < n; ++r) {
            const void* object = objects[start + r];
            const auto sent_null = nulls ? nulls->find(object) : null_columns::const_iterator{};
            for (std::size_t col : g.cols) {
                if (nulls && sent_null != nulls->end() &&
                    std::find(sent_null->second.begin(), sent_null->second.end(), col) !=
                        sent_null->second.end())
                    params.emplace_back();
                else
                    params.push_back(t.get(object, col));
            }
        }
    }
    return g;
}

void insert_batch(connection& c, const table_info& t, const insert_group& g) {
    const std::span<void* const> objects = g.objects;
    const bool generate_key = g.generate_key;
    const std::vector<std::size_t>& cols = g.cols;
    const dialect& d = c.dialect();
    const statement_context ctx{t.name, "insert"};
    for (std::size_t start = 0, stmt = 0; start < objects.size(); start += g.per_stmt, ++stmt) {
        const std::size_t n = std::min(g.per_stmt, objects.size() - start);
        const std::vector<value>& params = g.params[stmt];
        const bool returning = generate_key && d.returning();
        const std::string sql = sql::insert(d, t, cols, n, returning);
        if (returning) {
            std::size_t next = start;
            const sql_type key_type = t.key_column().type;
            c.query(
                sql, params, std::span<const sql_type>(&key_type, 1),
                [&](std::span<value> row) {
                    if (next >= start + n)
                        throw database_error("the insert returned more keys than rows", t.name, "insert");
                    t.set(objects[next++], t.key, row[0]);
                },
                ctx);
            if (next != start + n)
                throw database_error("the insert returned fewer keys than rows", t.name, "insert");
        } else if (generate_key) {
            // No RETURNING: one multi-row INSERT is given one run of keys,
            // first, first + step, ... in row order (the step is 1 except
            // where the server strides keys, as Galera clusters do).
            const std::string keys_sql = sql::generated_keys(d);
            if (keys_sql.empty())
                throw database_error("this database can return neither generated keys nor the last one",
                                     t.name, "insert");
            c.execute(sql, params, ctx);
            const sql_type types[] = {sql_type::int64, sql_type::int64};
            std::optional<std::int64_t> first, step;
            c.query(
                keys_sql, {}, types,
                [&](std::span<value> row) {
                    if (!row[0].is_null()) first = row[0].as_int();
                    if (!row[1].is_null()) step = row[1].as_int();
                },
                ctx);
            if (!first || *first <= 0 || !step || *step <= 0)
                throw database_error("the database reported no generated key after the insert", t.name,
                                     "insert");
            for (std::size_t r = 0; r < n; ++r)
                t.set(objects[start + r], t.key, value{*first + static_cast<std::int64_t>(r) * *step});
        } else {
            c.execute(sql, params, ctx);
        }
    }
}

}  // namespace

void insert_objects(connection& c, const table_info& t, std::span<void* const> objects,
                    const null_columns* nulls) {
    std::vector<void*> generated, assigned;
    for (void* o : objects) (t.key_unassigned(o) ? generated : assigned).push_back(o);
    std::vector<insert_group> groups;
    if (!assigned.empty()) groups.push_back(prepare_group(c.max_parameters(), t, assigned, false, nulls));
    if (!generated.empty()) groups.push_back(prepare_group(c.max_parameters(), t, generated, true, nulls));
    std::size_t statements = 0;
    for (const insert_group& g : groups) statements += g.params.size();

    // One call writes all its rows or none: several statements outside a
    // transaction run in one of their own.
    const bool own_transaction = statements > 1 && !c.in_transaction();
    if (own_transaction) c.begin();
    try {
        for (const insert_group& g : groups) insert_batch(c, t, g);
        if (own_transaction) c.commit();
    } catch (...) {
        if (own_transaction) {
            try {
                if (c.in_transaction()) c.rollback();
            } catch (const error&) {
                // The original failure is the one to report.
            }
            // The rows are gone: so are the keys the database generated for them.
            for (void* o : generated) t.set(o, t.key, value{std::int64_t{0}});
        }
        throw;
    }
}

void select_objects(connection& c, const table_info& t, std::string_view sql, std::span<const value> params,
                    const std::function<void*()>& emplace) {
    const std::vector<sql_type> types = sql::column_types(t);
    c.query(sql, params, types,
            [&](std::span<value> row) {
                void* object = emplace();
                for (std::size_t i = 0; i < row.size(); ++i) t.set(object, i, row[i]);
            },
            {t.name, "select"});
}

namespace {

bool reads_as_integer(sql_type t) {
    return t == sql_type::boolean || t == sql_type::int16 || t == sql_type::int32 || t == sql_type::int64;
}

// An integer (or boolean) column read as the database's text, as an integer;
// nullopt when it is not one ("4.5", "abc"). Drivers would either fail with
// a message that names neither the column nor its type or, on SQLite, read
// the text's leading digits.
std::optional<std::int64_t> integer_of(const std::string& text, sql_type t) {
    if (t == sql_type::boolean) {
        if (text == "t" || text == "true" || text == "TRUE") return 1;
        if (text == "f" || text == "false" || text == "FALSE") return 0;
    }
    std::int64_t n = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, n);
    if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
    return n;
}

}  // namespace

void read_result(connection& c, std::string_view sql, std::span<const value> params,
                 const result_shape& shape, const std::function<void(std::span<value>)>& on_row,
                 statement_context ctx) {
    const std::vector<std::string> names = c.result_columns(sql, ctx);
    const std::vector<std::size_t> from = match_result_columns(shape, names);
    // Every result column is bound (into() elements go by position), each
    // read as the column it fills wants it.
    std::vector<sql_type> types(shape.first_only ? 1 : names.size(), sql_type::text);
    for (std::size_t i = 0; i < from.size(); ++i)
        types[from[i]] = reads_as_integer(shape.types[i]) ? sql_type::text : shape.types[i];
    std::vector<value> wanted(from.size());
    c.query(
        sql, params, types,
        [&](std::span<value> row) {
            for (std::size_t i = 0; i < from.size(); ++i) {
                value& v = row[from[i]];
                if (reads_as_integer(shape.types[i]) && !v.is_null()) {
                    const auto n = integer_of(v.as_text(), shape.types[i]);
                    if (!n) throw_unreadable(shape, i, v);
                    v = value{*n};
                }
                wanted[i] = std::move(v);
            }
            on_row(wanted);
        },
        ctx);
}

}  // namespace cormorant::detail
