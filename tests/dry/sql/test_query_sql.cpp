// The SQL of queries and bulk statements on all three dialects, as text,
// with the values bound to it; and the `?` translation of raw SQL.
#include <catch2/catch.hpp>
#include <limits>
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

TEST_CASE("query SQL: an in() of more than 1,000 values binds lists of up to 100,000", "[dry][query]") {
    auto keys = [](std::int64_t n) {
        std::vector<std::int64_t> out;
        for (std::int64_t k = 1; k <= n; ++k) out.push_back(k);
        return out;
    };
    auto list_text = [](char open, char close, std::int64_t from, std::int64_t to) {
        std::string out(1, open);
        for (std::int64_t k = from; k <= to; ++k) out += (k > from ? "," : "") + std::to_string(k);
        return out + close;
    };
    auto where = [](const orm::sql_text& st) {
        const auto from = st.sql.find(" WHERE ");
        return st.sql.substr(from + 7, st.sql.find(" ORDER BY") - from - 7);
    };
    const auto by_keys = [&](backend_kind k, std::int64_t n) {
        return orm::query<QBook>().where(col(&QBook::id).in(keys(n))).to_sql(dialect_for(k));
    };

    // Up to 1,000: one placeholder per value, as before.
    const auto inline_form = by_keys(backend_kind::postgresql, 1000);
    CHECK(inline_form.params.size() == 1000);
    CHECK(where(inline_form).ends_with(", :p1000)"));

    const auto lite = by_keys(backend_kind::sqlite, 1001);
    CHECK(where(lite) == "\"id\" IN (SELECT \"value\" FROM json_each(:p1))");
    CHECK(lite.params == values{orm::value{list_text('[', ']', 1, 1001)}});
    const auto pg = by_keys(backend_kind::postgresql, 1001);
    CHECK(where(pg) == "\"id\" = ANY(CAST(:p1 AS BIGINT[]))");
    CHECK(pg.params == values{orm::value{list_text('{', '}', 1, 1001)}});
    const auto my = by_keys(backend_kind::mysql, 1001);
    CHECK(where(my) ==
          "`id` IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(:p1, '$[*]' COLUMNS (`v` BIGINT "
          "PATH '$')) AS "
          "`j`) AS `list`)");
    CHECK(my.params == values{orm::value{list_text('[', ']', 1, 1001)}});

    const auto three = by_keys(backend_kind::postgresql, 250001);
    CHECK(where(three) ==
          "(\"id\" = ANY(CAST(:p1 AS BIGINT[])) OR \"id\" = ANY(CAST(:p2 AS BIGINT[])) OR "
          "\"id\" = ANY(CAST(:p3 AS BIGINT[])))");
    CHECK(three.params == values{orm::value{list_text('{', '}', 1, 100000)},
                                 orm::value{list_text('{', '}', 100001, 200000)},
                                 orm::value{list_text('{', '}', 200001, 250001)}});
}

TEST_CASE("query SQL: list parameters escape text; values JSON cannot hold fall back", "[dry][query]") {
    std::vector<std::string> titles = {"a\"b", "c\\d", "NULL", "x,{y}", "new\nline"};
    while (titles.size() <= 1000) titles.push_back("t");
    auto first_param = [&](backend_kind k) {
        const auto st = orm::query<QBook>().where(col(&QBook::title).in(titles)).to_sql(dialect_for(k));
        REQUIRE(st.params.size() == 1);
        return st.params[0].as_text();
    };
    CHECK(first_param(backend_kind::sqlite)
              .starts_with(R"(["a\"b","c\\d","NULL","x,{y}","new\u000aline","t",)"));
    CHECK(first_param(backend_kind::postgresql)
              .starts_with("{\"a\\\"b\",\"c\\\\d\",\"NULL\",\"x,{y}\",\"new\nline\",\"t\","));
    const auto my =
        orm::query<QBook>().where(col(&QBook::title).in(titles)).to_sql(dialect_for(backend_kind::mysql));
    CHECK(my.sql.find("COLUMNS (`v` LONGTEXT PATH '$')") != std::string::npos);

    // NaN has no JSON form: SQLite and MySQL get one placeholder per value;
    // a PostgreSQL array literal spells it.
    std::vector<double> ratings(1001, 1.5);
    ratings[3] = std::numeric_limits<double>::quiet_NaN();
    const auto lite = orm::query<QAuthor>()
                          .where(col(&QAuthor::rating).in(ratings))
                          .to_sql(dialect_for(backend_kind::sqlite));
    CHECK(lite.params.size() == 1001);
    CHECK(lite.sql.find("json_each") == std::string::npos);
    const auto pg = orm::query<QAuthor>()
                        .where(col(&QAuthor::rating).in(ratings))
                        .to_sql(dialect_for(backend_kind::postgresql));
    REQUIRE(pg.params.size() == 1);
    CHECK(pg.params[0].as_text().starts_with("{1.5,1.5,1.5,NaN,1.5,"));
    CHECK(pg.sql.find("= ANY(CAST(:p1 AS DOUBLE PRECISION[]))") != std::string::npos);
}
