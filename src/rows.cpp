// Row operations over type-erased objects: batched INSERT with generated keys
// written back, and SELECT into objects. Compiled once, used by every model.
#include <algorithm>

#include "cormorant/database.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/sql.hpp"

namespace cormorant::detail {

namespace {

// Rows per statement: large enough to amortise a round trip, small enough to
// keep statements short; also capped by the dialect's parameter limit.
constexpr std::size_t max_rows_per_insert = 500;

bool key_unassigned(const table_info& t, const void* object) {
    const column_info& key = t.key_column();
    if (!key.generated) return false;
    const value v = key.get(object);
    return !v.is_null() && v.as_int() == 0;
}

void insert_batch(connection& c, const table_info& t, std::span<void* const> objects, bool generate_key) {
    std::vector<std::size_t> cols;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (!(generate_key && i == t.key)) cols.push_back(i);
    const dialect& d = c.dialect();
    const std::size_t per_stmt =
        std::max<std::size_t>(1, std::min(max_rows_per_insert, d.max_parameters() / std::max<std::size_t>(1, cols.size())));
    const statement_context ctx{t.name, "insert"};
    std::vector<value> params;
    for (std::size_t start = 0; start < objects.size(); start += per_stmt) {
        const std::size_t n = std::min(per_stmt, objects.size() - start);
        params.clear();
        params.reserve(n * cols.size());
        for (std::size_t r = 0; r < n; ++r)
            for (std::size_t col : cols) params.push_back(t.get(objects[start + r], col));
        const bool returning = generate_key && d.returning();
        const std::string sql = sql::insert(d, t, cols, n, returning);
        if (returning) {
            std::size_t next = start;
            const sql_type key_type = t.key_column().type;
            c.query(sql, params, std::span<const sql_type>(&key_type, 1),
                    [&](std::span<value> row) {
                        if (next >= start + n) throw database_error("INSERT returned more keys than rows", t.name, "insert");
                        t.set(objects[next++], t.key, row[0]);
                    },
                    ctx);
            if (next != start + n) throw database_error("INSERT returned fewer keys than rows", t.name, "insert");
        } else {
            c.execute(sql, params, ctx);
        }
    }
}

}  // namespace

void insert_objects(connection& c, const table_info& t, std::span<void* const> objects) {
    std::vector<void*> generated, assigned;
    for (void* o : objects) (key_unassigned(t, o) ? generated : assigned).push_back(o);
    if (!assigned.empty()) insert_batch(c, t, assigned, false);
    if (!generated.empty()) insert_batch(c, t, generated, true);
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

}  // namespace cormorant::detail
