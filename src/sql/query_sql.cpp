// SQL text of queries and bulk statements, from the type-erased condition
// trees the templates in expr.hpp build. Every value becomes a placeholder
// (:p1, :p2, ... in order of appearance) with the value bound to it.
#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

#include "cormorant/detail/query_spec.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/sql.hpp"
#include "sql/list_parameter.hpp"

namespace cormorant::detail {

void query_spec::add_where(std::shared_ptr<const expr_node> condition) {
    if (!where) {
        where = std::move(condition);
        return;
    }
    auto both = std::make_shared<expr_node>();
    both->op = expr_op::and_;
    both->left = std::move(where);
    both->right = std::move(condition);
    where = std::move(both);
}

namespace {

/// in() lists up to this long are written as one placeholder per value (the
/// form every database plans best); longer ones are bound as lists.
constexpr std::size_t in_list_inline_max = 1000;
/// Values per list parameter. MariaDB materializes JSON_TABLE's rows in a
/// temporary table that goes to disk past its 16 MB in-memory limit (1M keys:
/// 5.9 s in one list, 0.1 s in ten); every database does well at this size.
constexpr std::size_t in_list_chunk = 100000;

const char* comparison(expr_op op) {
    switch (op) {
        case expr_op::eq:
            return " = ";
        case expr_op::ne:
            return " <> ";
        case expr_op::lt:
            return " < ";
        case expr_op::le:
            return " <= ";
        case expr_op::gt:
            return " > ";
        case expr_op::ge:
            return " >= ";
        default:
            return nullptr;
    }
}

class renderer {
public:
    renderer(const dialect& d, const table_info& t) : d_(d), t_(t) {}

    std::string column(std::size_t i) const { return d_.quote(t_.columns[i].name); }
    std::string table() const { return d_.quote(t_.name); }

    /// A placeholder bound to `v`, as a value of column `col`'s type.
    std::string bind(value v, std::size_t col) {
        out_.params.push_back(std::move(v));
        const std::string ph = sql::placeholder(out_.params.size());
        return t_.columns[col].type == sql_type::blob ? d_.bind_blob(ph) : ph;
    }
    std::string bind_int(std::uint64_t n) {
        const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        out_.params.emplace_back(static_cast<std::int64_t>(n > max ? max : n));
        return sql::placeholder(out_.params.size());
    }

    void condition(const expr_node& n) {
        std::string& s = out_.sql;
        switch (n.op) {
            case expr_op::and_:
            case expr_op::or_:
                s += "(";
                condition(*n.left);
                s += n.op == expr_op::and_ ? " AND " : " OR ";
                condition(*n.right);
                s += ")";
                return;
            case expr_op::not_:
                s += "NOT (";
                condition(*n.left);
                s += ")";
                return;
            case expr_op::is_null:
                s += column(n.column) + " IS NULL";
                return;
            case expr_op::is_not_null:
                s += column(n.column) + " IS NOT NULL";
                return;
            case expr_op::in: {
                if (n.operands.empty()) {
                    s += "1 = 0";  // IN () is not SQL; an empty list matches nothing
                    return;
                }
                if (n.operands.size() > in_list_inline_max && in_list_parameters(n)) return;
                std::string list;
                for (const operand& o : n.operands)
                    list += (list.empty() ? "" : ", ") + bind(o.resolve(), n.column);
                s += column(n.column) + " IN (" + list + ")";
                return;
            }
            case expr_op::between: {
                const std::string low = bind(n.operands[0].resolve(), n.column);
                const std::string high = bind(n.operands[1].resolve(), n.column);
                s += column(n.column) + " BETWEEN " + low + " AND " + high;
                return;
            }
            case expr_op::like: {
                // The escape character is bound too: SQLite has no default
                // one, and MySQL would need it written differently in text.
                const std::string pattern = bind(n.operands[0].resolve(), n.column);
                out_.params.emplace_back(std::string("\\"));
                s +=
                    column(n.column) + " LIKE " + pattern + " ESCAPE " + sql::placeholder(out_.params.size());
                return;
            }
            default:
                break;
        }
        value v = n.operands[0].resolve();
        // `= NULL` is never true: comparing with an empty optional means IS NULL.
        if (v.is_null() && (n.op == expr_op::eq || n.op == expr_op::ne)) {
            s += column(n.column) + (n.op == expr_op::eq ? " IS NULL" : " IS NOT NULL");
            return;
        }
        const std::string ph = bind(std::move(v), n.column);
        s += column(n.column) + comparison(n.op) + ph;
    }

    /// A long in() as lists bound one parameter each (dialect::in_list_parameter),
    /// OR-ed when there are several: `x IN a OR x IN b` is `x IN (a, b)`, NULLs
    /// included. False, with nothing written, when a value cannot be encoded.
    bool in_list_parameters(const expr_node& n) {
        std::vector<std::string> lists;
        std::vector<value> chunk;
        for (std::size_t start = 0; start < n.operands.size(); start += in_list_chunk) {
            chunk.clear();
            for (std::size_t i = start; i < std::min(n.operands.size(), start + in_list_chunk); ++i)
                chunk.push_back(n.operands[i].resolve());
            std::optional<std::string> text = sql::list_parameter(d_.list_parameter_encoding(), chunk);
            if (!text) return false;
            lists.push_back(std::move(*text));
        }
        std::string& s = out_.sql;
        if (lists.size() > 1) s += "(";
        for (std::size_t i = 0; i < lists.size(); ++i) {
            out_.params.emplace_back(std::move(lists[i]));
            if (i) s += " OR ";
            s += d_.in_list_parameter(t_, n.column, sql::placeholder(out_.params.size()));
        }
        if (lists.size() > 1) s += ")";
        return true;
    }

    void where(const query_spec& q) {
        if (!q.where) return;
        out_.sql += " WHERE ";
        condition(*q.where);
    }

    // NULLs first in ascending order on every database: PostgreSQL puts them
    // last by default, so nullable columns get an explicit `IS NULL` term
    // (true sorts after false everywhere). The key ends the order so that
    // rows that tie come in the same order every time (stable paging).
    void order(const query_spec& q) {
        std::string terms;
        bool key_seen = false;
        for (const order_term& o : q.order) {
            const std::string c = column(o.column);
            if (!terms.empty()) terms += ", ";
            if (t_.columns[o.column].nullable)
                terms += c + " IS NULL" + (o.descending ? " ASC, " : " DESC, ");
            terms += c + (o.descending ? " DESC" : " ASC");
            key_seen = key_seen || o.column == t_.key;
        }
        if (!key_seen) terms += (terms.empty() ? "" : ", ") + column(t_.key) + " ASC";
        out_.sql += " ORDER BY " + terms;
    }

    // LIMIT and OFFSET as bound integers; an offset alone gets the largest
    // limit (SQLite and MySQL have no OFFSET without LIMIT).
    void paging(const query_spec& q) {
        if (!q.limit && !q.offset) return;
        out_.sql += " LIMIT " + bind_int(q.limit.value_or(std::numeric_limits<std::uint64_t>::max()));
        if (q.offset) out_.sql += " OFFSET " + bind_int(*q.offset);
    }

    std::string& sql() { return out_.sql; }
    sql_text take() { return std::move(out_); }

private:
    const dialect& d_;
    const table_info& t_;
    sql_text out_;
};

}  // namespace

}  // namespace cormorant::detail

namespace cormorant::sql {

using detail::assignment;
using detail::query_spec;
using detail::renderer;

sql_text query_select(const dialect& d, const query_spec& q) {
    renderer r(d, *q.table);
    r.sql() = "SELECT " + select_list(d, *q.table) + " FROM " + r.table();
    r.where(q);
    r.order(q);
    r.paging(q);
    return r.take();
}

sql_text query_count(const dialect& d, const query_spec& q) {
    renderer r(d, *q.table);
    r.sql() = "SELECT COUNT(*) FROM " + r.table();
    r.where(q);
    return r.take();
}

sql_text query_keys(const dialect& d, const query_spec& q) {
    renderer r(d, *q.table);
    r.sql() = "SELECT " + r.column(q.table->key) + " FROM " + r.table();
    r.where(q);
    return r.take();
}

sql_text query_exists(const dialect& d, const query_spec& q) {
    sql_text out = query_keys(d, q);
    out.sql += " LIMIT 1";
    return out;
}

sql_text bulk_update(const dialect& d, const query_spec& q, const std::vector<assignment>& set) {
    const table_info& t = *q.table;
    renderer r(d, t);
    r.sql() = "UPDATE " + r.table() + " SET ";
    for (std::size_t i = 0; i < set.size(); ++i) {
        const std::string ph = r.bind(set[i].v.resolve(), set[i].column);
        r.sql() += (i ? ", " : "") + r.column(set[i].column) + " = " + ph;
    }
    if (t.version) r.sql() += ", " + r.column(*t.version) + " = " + r.column(*t.version) + " + 1";
    r.where(q);
    return r.take();
}

sql_text bulk_delete(const dialect& d, const query_spec& q) {
    renderer r(d, *q.table);
    r.sql() = "DELETE FROM " + r.table();
    r.where(q);
    return r.take();
}

}  // namespace cormorant::sql
