// The batched UPDATE of several rows per dialect, as text with its values:
// a join with a VALUES list on PostgreSQL, a CASE per column on MySQL, with
// and without a version column.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/column_index.hpp"
#include "support/session_models.hpp"

using namespace sessionmodels;
namespace orm = cormorant;
using orm::backend_kind;
using orm::dialect_for;

namespace {

using values = std::vector<orm::value>;

orm::value v(std::int64_t x) {
    return orm::value{x};
}

using testsupport::column;

}  // namespace

TEST_CASE("batched UPDATE: a versioned table checks and bumps the version per row", "[dry][update]") {
    const auto& t = orm::table_of<Account>();
    const std::vector<std::size_t> cols{column(t, "balance")};
    // Per row: key, new balance, version as loaded.
    const std::vector<values> rows{{v(1), v(100), v(0)}, {v(2), v(200), v(3)}};

    CHECK(dialect_for(backend_kind::postgresql).batch_updates() == orm::update_batching::values_join);
    const auto pg = orm::sql::update_rows(dialect_for(backend_kind::postgresql), t, cols, rows);
    CHECK(pg.sql ==
          "UPDATE \"account\" SET \"balance\" = \"v\".\"balance\", \"version\" = \"account\".\"version\" + 1"
          " FROM (VALUES (CAST(:p1 AS BIGINT), CAST(:p2 AS BIGINT), CAST(:p3 AS INTEGER)),"
          " (CAST(:p4 AS BIGINT), CAST(:p5 AS BIGINT), CAST(:p6 AS INTEGER)))"
          " AS \"v\" (\"id\", \"balance\", \"version\")"
          " WHERE \"account\".\"id\" = \"v\".\"id\" AND \"account\".\"version\" = \"v\".\"version\""
          " RETURNING \"account\".\"id\"");
    CHECK(pg.params == values{v(1), v(100), v(0), v(2), v(200), v(3)});

    CHECK(dialect_for(backend_kind::mysql).batch_updates() == orm::update_batching::case_per_column);
    const auto my = orm::sql::update_rows(dialect_for(backend_kind::mysql), t, cols, rows);
    CHECK(my.sql ==
          "UPDATE `account` SET `balance` = CASE `id` WHEN :p1 THEN :p2 WHEN :p3 THEN :p4 END,"
          " `version` = `version` + 1 WHERE (`id`, `version`) IN ((:p5, :p6), (:p7, :p8))");
    CHECK(my.params == values{v(1), v(100), v(2), v(200), v(1), v(0), v(2), v(3)});

    CHECK(orm::sql::select_versions(dialect_for(backend_kind::mysql), t, 2) ==
          "SELECT `id`, `version` FROM `account` WHERE `id` IN (:p1, :p2) FOR UPDATE");
}

TEST_CASE("batched UPDATE: several columns, no version column", "[dry][update]") {
    const auto& t = orm::table_of<Writer>();
    const std::vector<std::size_t> cols{column(t, "name"), column(t, "rating")};
    const std::vector<values> rows{{v(7), orm::value{std::string("a")}, orm::value{1.5}},
                                   {v(9), orm::value{std::string("b")}, orm::value{2.5}}};

    const auto pg = orm::sql::update_rows(dialect_for(backend_kind::postgresql), t, cols, rows);
    CHECK(pg.sql ==
          "UPDATE \"writer\" SET \"name\" = \"v\".\"name\", \"rating\" = \"v\".\"rating\""
          " FROM (VALUES (CAST(:p1 AS BIGINT), CAST(:p2 AS TEXT), CAST(:p3 AS DOUBLE PRECISION)),"
          " (CAST(:p4 AS BIGINT), CAST(:p5 AS TEXT), CAST(:p6 AS DOUBLE PRECISION)))"
          " AS \"v\" (\"id\", \"name\", \"rating\") WHERE \"writer\".\"id\" = \"v\".\"id\"");
    CHECK(pg.params == values{v(7), rows[0][1], rows[0][2], v(9), rows[1][1], rows[1][2]});

    const auto my = orm::sql::update_rows(dialect_for(backend_kind::mysql), t, cols, rows);
    CHECK(my.sql ==
          "UPDATE `writer` SET `name` = CASE `id` WHEN :p1 THEN :p2 WHEN :p3 THEN :p4 END,"
          " `rating` = CASE `id` WHEN :p5 THEN :p6 WHEN :p7 THEN :p8 END WHERE `id` IN (:p9, :p10)");
    CHECK(my.params ==
          values{v(7), rows[0][1], v(9), rows[1][1], v(7), rows[0][2], v(9), rows[1][2], v(7), v(9)});

    // SQLite keeps one prepared statement per row.
    CHECK(dialect_for(backend_kind::sqlite).batch_updates() == orm::update_batching::per_row);
}
