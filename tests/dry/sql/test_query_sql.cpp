// The SQL of queries and bulk statements on all three dialects, as text,
// with the values bound to it; and the `?` translation of raw SQL.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/query_models.hpp"

using namespace querymodels;
namespace orm = cormorant;
using orm::backend_kind;
using orm::col;
using orm::dialect_for;

namespace {

using values = std::vector<orm::value>;

orm::sql_text representative(backend_kind k) {
    return orm::query<QBook>()
        .where(col(&QBook::pages) > 300 && (col(&QBook::title).like("The %") || col(&QBook::isbn).is_null()))
        .order_by(&QBook::isbn, orm::desc)
        .order_by(&QBook::title)
        .limit(10)
        .offset(20)
        .to_sql(dialect_for(k));
}

}  // namespace

TEST_CASE("query SQL: a representative SELECT per dialect", "[dry][query]") {
    const values params{orm::value{std::int64_t{300}}, orm::value{std::string("The %")},
                        orm::value{std::string("\\")}, orm::value{std::int64_t{10}},
                        orm::value{std::int64_t{20}}};
    const std::string where =
        " WHERE (\"pages\" > :p1 AND (\"title\" LIKE :p2 ESCAPE :p3 OR \"isbn\" IS NULL))"
        " ORDER BY \"isbn\" IS NULL ASC, \"isbn\" DESC, \"title\" ASC, \"id\" ASC LIMIT :p4 OFFSET :p5";
    for (backend_kind k : {backend_kind::sqlite, backend_kind::postgresql}) {
        const auto st = representative(k);
        CHECK(st.sql ==
              "SELECT \"id\", \"author_id\", \"title\", \"pages\", \"isbn\" FROM \"q_books\"" + where);
        CHECK(st.params == params);
    }
    const auto my = representative(backend_kind::mysql);
    CHECK(my.sql ==
          "SELECT `id`, `author_id`, `title`, `pages`, `isbn` FROM `q_books`"
          " WHERE (`pages` > :p1 AND (`title` LIKE :p2 ESCAPE :p3 OR `isbn` IS NULL))"
          " ORDER BY `isbn` IS NULL ASC, `isbn` DESC, `title` ASC, `id` ASC LIMIT :p4 OFFSET :p5");
    CHECK(my.params == params);
}

TEST_CASE("query SQL: NULL order terms only for nullable columns, key last unless given", "[dry][query]") {
    const auto& d = dialect_for(backend_kind::postgresql);
    CHECK(orm::query<QAuthor>().order_by(&QAuthor::born).to_sql(d).sql ==
          "SELECT \"id\", \"name\", \"born\", \"rating\", \"active\" FROM \"q_authors\""
          " ORDER BY \"born\" IS NULL DESC, \"born\" ASC, \"id\" ASC");
    CHECK(
        orm::query<QAuthor>().order_by(&QAuthor::id, orm::desc).to_sql(d).sql ==
        "SELECT \"id\", \"name\", \"born\", \"rating\", \"active\" FROM \"q_authors\" ORDER BY \"id\" DESC");
    // An offset alone gets the largest limit (SQLite and MySQL need a LIMIT before OFFSET).
    const auto paged = orm::query<QAuthor>().offset(5).to_sql(d);
    CHECK(paged.sql.ends_with(" ORDER BY \"id\" ASC LIMIT :p1 OFFSET :p2"));
    CHECK(paged.params == values{orm::value{std::int64_t{9223372036854775807}}, orm::value{std::int64_t{5}}});
}

TEST_CASE("query SQL: operators, NULL comparisons and empty IN", "[dry][query]") {
    const auto& d = dialect_for(backend_kind::sqlite);
    auto where = [&](orm::expr<QBook> e) {
        const auto st = orm::query<QBook>().where(e).to_sql(d);
        const auto from = st.sql.find(" WHERE ");
        return st.sql.substr(from + 7, st.sql.find(" ORDER BY") - from - 7);
    };
    CHECK(where(col(&QBook::pages) != 1) == "\"pages\" <> :p1");
    CHECK(where(col(&QBook::pages) <= 1) == "\"pages\" <= :p1");
    CHECK(where(col(&QBook::pages) >= 1) == "\"pages\" >= :p1");
    CHECK(where(col(&QBook::pages) < 1) == "\"pages\" < :p1");
    CHECK(where(col(&QBook::pages).in({1, 2, 3})) == "\"pages\" IN (:p1, :p2, :p3)");
    CHECK(where(col(&QBook::pages).in(std::vector<int>{})) == "1 = 0");
    CHECK(where(col(&QBook::pages).between(1, 2)) == "\"pages\" BETWEEN :p1 AND :p2");
    CHECK(where(!(col(&QBook::pages) == 1)) == "NOT (\"pages\" = :p1)");
    CHECK(where(col(&QBook::isbn) == std::nullopt) == "\"isbn\" IS NULL");
    CHECK(where(col(&QBook::isbn) != std::optional<std::string>{}) == "\"isbn\" IS NOT NULL");
    CHECK(where(col(&QBook::isbn).is_not_null()) == "\"isbn\" IS NOT NULL");
    CHECK(where(col(&QBook::author) == 7) == "\"author_id\" = :p1");
}

TEST_CASE("query SQL: bulk UPDATE and DELETE", "[dry][query]") {
    const auto& d = dialect_for(backend_kind::mysql);
    orm::detail::query_spec q;
    q.table = &orm::table_of<QCounter>();
    q.add_where((col(&QCounter::name) == "a").node());
    q.add_where((col(&QCounter::hits) > 3).node());
    const std::vector<orm::detail::assignment> set{
        {orm::detail::column_of_field(*q.table, 2),
         orm::detail::make_operand<std::int64_t>(std::int64_t{9})}};
    const auto up = orm::sql::bulk_update(d, q, set);
    CHECK(up.sql ==
          "UPDATE `q_counters` SET `hits` = :p1, `version` = `version` + 1 WHERE (`name` = :p2 AND `hits` > "
          ":p3)");
    CHECK(up.params ==
          values{orm::value{std::int64_t{9}}, orm::value{std::string("a")}, orm::value{std::int64_t{3}}});
    const auto del = orm::sql::bulk_delete(d, q);
    CHECK(del.sql == "DELETE FROM `q_counters` WHERE (`name` = :p1 AND `hits` > :p2)");
    CHECK(orm::sql::query_keys(d, q).sql ==
          "SELECT `id` FROM `q_counters` WHERE (`name` = :p1 AND `hits` > :p2)");
    CHECK(orm::sql::query_count(dialect_for(backend_kind::sqlite), q).sql ==
          "SELECT COUNT(*) FROM \"q_counters\" WHERE (\"name\" = :p1 AND \"hits\" > :p2)");
}

TEST_CASE("raw SQL: ? inside quotes and comments is left alone", "[dry][query]") {
    using orm::sql::raw_placeholders;
    CHECK(raw_placeholders("a = ? AND b = '?' AND c = ?") == "a = :p1 AND b = '?' AND c = :p2");
    CHECK(raw_placeholders("x = 'it''s ?' OR y = ?") == "x = 'it''s ?' OR y = :p1");
    CHECK(raw_placeholders("\"we?ird\" = ? -- why?\nAND z = ?") == "\"we?ird\" = :p1 -- why?\nAND z = :p2");
    CHECK(raw_placeholders("/* ? */ `a?` = ?") == "/* ? */ `a?` = :p1");
    CHECK(raw_placeholders("no params") == "no params");
    CHECK(raw_placeholders("unterminated '?") == "unterminated '?");
}
