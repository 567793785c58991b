// The exact text, per dialect, of the statements a flush, a transaction, an
// atomic block and exists() send: the per-row UPDATE and versioned DELETE,
// the DELETE of a list of keys, the read-back of generated keys, BEGIN,
// COMMIT, ROLLBACK, the savepoint statements and the key query of exists().
#include <catch2/catch.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/sql.hpp"
#include "support/column_index.hpp"
#include "support/models.hpp"
#include "support/query_models.hpp"
#include "support/session_models.hpp"

namespace orm = cormorant;
using orm::backend_kind;
using orm::dialect_for;
using orm::isolation_level;
using orm::sql_type;
using orm::table_of;

namespace {

using lines = std::vector<std::string>;
using types = std::vector<sql_type>;
using values = std::vector<orm::value>;

using testsupport::column;

}  // namespace

TEST_CASE("statement SQL: UPDATE of one row by key, no version column", "[dry][sql]") {
    const auto& t = table_of<testmodels::EveryType>();
    const std::vector<std::size_t> cols{column(t, "text"), column(t, "bytes")};
    REQUIRE(t.columns[cols[1]].type == sql_type::blob);
    REQUIRE_FALSE(t.version);

    struct expected {
        backend_kind backend;
        std::string sql;
    };
    // The BLOB value goes through the dialect's conversion; the key comes last.
    for (const auto& [backend, sql] : std::vector<expected>{
             {backend_kind::sqlite,
              R"(UPDATE "every_type" SET "text" = :p1, "bytes" = CAST(:p2 AS BLOB) WHERE "id" = :p3)"},
             {backend_kind::postgresql,
              R"(UPDATE "every_type" SET "text" = :p1, "bytes" = decode(:p2, 'hex') WHERE "id" = :p3)"},
             {backend_kind::mysql,
              "UPDATE `every_type` SET `text` = :p1, `bytes` = UNHEX(:p2) WHERE `id` = :p3"},
         }) {
        INFO(orm::to_string(backend));
        const orm::sql::row_statement st = orm::sql::update_row(dialect_for(backend), t, cols);
        CHECK(st.sql == sql);
        CHECK(st.types == types{sql_type::text, sql_type::blob, sql_type::int64});
    }

    // Quote characters inside names are doubled.
    const auto& odd = table_of<testmodels::QuotedNames>();
    const std::vector<std::size_t> plain{column(odd, "we\"ird`col")};
    for (const auto& [backend, sql] : std::vector<expected>{
             {backend_kind::sqlite, R"(UPDATE "odd""table`name" SET "we""ird`col" = :p1 WHERE "id" = :p2)"},
             {backend_kind::postgresql,
              R"(UPDATE "odd""table`name" SET "we""ird`col" = :p1 WHERE "id" = :p2)"},
             {backend_kind::mysql, "UPDATE `odd\"table``name` SET `we\"ird``col` = :p1 WHERE `id` = :p2"},
         }) {
        INFO(orm::to_string(backend));
        const orm::sql::row_statement st = orm::sql::update_row(dialect_for(backend), odd, plain);
        CHECK(st.sql == sql);
        CHECK(st.types == types{sql_type::text, sql_type::int64});
    }
}

TEST_CASE("statement SQL: UPDATE of ref columns alone, version untouched (links of a cycle)", "[dry][sql]") {
    // Account has a version column: a link neither checks nor raises it.
    const auto& t = table_of<sessionmodels::Account>();
    REQUIRE(t.version);
    const std::vector<std::size_t> cols{column(t, "owner"), column(t, "balance")};
    struct expected {
        backend_kind backend;
        std::string sql;
    };
    for (const auto& [backend, sql] : std::vector<expected>{
             {backend_kind::sqlite,
              R"(UPDATE "account" SET "owner" = :p1, "balance" = :p2 WHERE "id" = :p3)"},
             {backend_kind::postgresql,
              R"(UPDATE "account" SET "owner" = :p1, "balance" = :p2 WHERE "id" = :p3)"},
             {backend_kind::mysql, "UPDATE `account` SET `owner` = :p1, `balance` = :p2 WHERE `id` = :p3"},
         }) {
        INFO(orm::to_string(backend));
        const orm::sql::row_statement st = orm::sql::update_columns(dialect_for(backend), t, cols);
        CHECK(st.sql == sql);
        CHECK(st.types == types{sql_type::text, sql_type::int64, sql_type::int64});
    }
}

TEST_CASE("statement SQL: UPDATE of one row by key and loaded version", "[dry][sql]") {
    const auto& t = table_of<sessionmodels::Account>();
    const std::vector<std::size_t> cols{column(t, "owner"), column(t, "balance")};
    REQUIRE(t.version);

    struct expected {
        backend_kind backend;
        std::string sql;
    };
    // Bound in order: new values, new version, key, version as loaded.
    for (const auto& [backend, sql] : std::vector<expected>{
             {backend_kind::sqlite, R"(UPDATE "account" SET "owner" = :p1, "balance" = :p2, "version" = :p3)"
                                    R"( WHERE "id" = :p4 AND "version" = :p5)"},
             {backend_kind::postgresql,
              R"(UPDATE "account" SET "owner" = :p1, "balance" = :p2, "version" = :p3)"
              R"( WHERE "id" = :p4 AND "version" = :p5)"},
             {backend_kind::mysql,
              "UPDATE `account` SET `owner` = :p1, `balance` = :p2, `version` = :p3"
              " WHERE `id` = :p4 AND `version` = :p5"},
         }) {
        INFO(orm::to_string(backend));
        const orm::sql::row_statement st = orm::sql::update_row(dialect_for(backend), t, cols);
        CHECK(st.sql == sql);
        CHECK(st.types ==
              types{sql_type::text, sql_type::int64, sql_type::int32, sql_type::int64, sql_type::int32});
    }
}

TEST_CASE("statement SQL: DELETE of one row by key and loaded version", "[dry][sql]") {
    const auto& t = table_of<sessionmodels::Account>();
    REQUIRE(t.version);

    struct expected {
        backend_kind backend;
        std::string sql;
    };
    for (const auto& [backend, sql] : std::vector<expected>{
             {backend_kind::sqlite, R"(DELETE FROM "account" WHERE "id" = :p1 AND "version" = :p2)"},
             {backend_kind::postgresql, R"(DELETE FROM "account" WHERE "id" = :p1 AND "version" = :p2)"},
             {backend_kind::mysql, "DELETE FROM `account` WHERE `id` = :p1 AND `version` = :p2"},
         }) {
        INFO(orm::to_string(backend));
        const orm::sql::row_statement st = orm::sql::delete_versioned_row(dialect_for(backend), t);
        CHECK(st.sql == sql);
        CHECK(st.types == types{sql_type::int64, sql_type::int32});
    }
}

TEST_CASE("statement SQL: DELETE of the rows with a list of keys", "[dry][sql]") {
    // A text key that is not named "id".
    const auto& t = table_of<testmodels::Country>();

    struct expected {
        backend_kind backend;
        std::size_t keys;
        std::string sql;
    };
    for (const auto& [backend, keys, sql] : std::vector<expected>{
             {backend_kind::sqlite, 1, R"(DELETE FROM "countries" WHERE "code" IN (:p1))"},
             {backend_kind::sqlite, 3, R"(DELETE FROM "countries" WHERE "code" IN (:p1, :p2, :p3))"},
             {backend_kind::postgresql, 1, R"(DELETE FROM "countries" WHERE "code" IN (:p1))"},
             {backend_kind::postgresql, 3, R"(DELETE FROM "countries" WHERE "code" IN (:p1, :p2, :p3))"},
             {backend_kind::mysql, 1, "DELETE FROM `countries` WHERE `code` IN (:p1)"},
             {backend_kind::mysql, 3, "DELETE FROM `countries` WHERE `code` IN (:p1, :p2, :p3)"},
         }) {
        INFO(orm::to_string(backend) << ", " << keys << " keys");
        CHECK(orm::sql::delete_keys(dialect_for(backend), t, keys) == sql);
    }
}

TEST_CASE("statement SQL: reading back generated keys", "[dry][sql]") {
    struct expected {
        backend_kind backend;
        std::string sql;
    };
    // Only MySQL has the query; the other two return keys with RETURNING.
    for (const auto& [backend, sql] : std::vector<expected>{
             {backend_kind::sqlite, ""},
             {backend_kind::postgresql, ""},
             {backend_kind::mysql, "SELECT LAST_INSERT_ID(), @@auto_increment_increment"},
         }) {
        INFO(orm::to_string(backend));
        CHECK(orm::sql::generated_keys(dialect_for(backend)) == sql);
    }
}

TEST_CASE("statement SQL: BEGIN without and with an isolation level", "[dry][sql]") {
    struct expected {
        backend_kind backend;
        std::optional<isolation_level> isolation;
        lines sql;
    };
    for (const auto& [backend, isolation, sql] : std::vector<expected>{
             {backend_kind::sqlite, std::nullopt, {"BEGIN"}},
             {backend_kind::sqlite, isolation_level::serializable, {"BEGIN"}},
             {backend_kind::postgresql, std::nullopt, {"BEGIN"}},
             {backend_kind::postgresql,
              isolation_level::read_committed,
              {"BEGIN ISOLATION LEVEL READ COMMITTED"}},
             {backend_kind::postgresql,
              isolation_level::repeatable_read,
              {"BEGIN ISOLATION LEVEL REPEATABLE READ"}},
             {backend_kind::postgresql,
              isolation_level::serializable,
              {"BEGIN ISOLATION LEVEL SERIALIZABLE"}},
             {backend_kind::mysql, std::nullopt, {"BEGIN"}},
             {backend_kind::mysql,
              isolation_level::read_committed,
              {"SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "START TRANSACTION"}},
             {backend_kind::mysql,
              isolation_level::repeatable_read,
              {"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "START TRANSACTION"}},
             {backend_kind::mysql,
              isolation_level::serializable,
              {"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION"}},
         }) {
        INFO(orm::to_string(backend) << ", isolation " << (isolation ? orm::to_sql(*isolation) : "none"));
        CHECK(orm::sql::begin(dialect_for(backend), isolation) == sql);
    }

    // Every SQLite transaction is serializable: a weaker level is refused.
    const auto& sqlite = dialect_for(backend_kind::sqlite);
    CHECK_THROWS_AS(orm::sql::begin(sqlite, isolation_level::read_committed), orm::transaction_error);
    CHECK_THROWS_AS(orm::sql::begin(sqlite, isolation_level::repeatable_read), orm::transaction_error);
}

TEST_CASE("statement SQL: the SQLite dialect of dialect_for opens transactions with plain BEGIN",
          "[dry][sql]") {
    // BEGIN IMMEDIATE and BEGIN EXCLUSIVE come from the URL's transaction_mode.
    const auto& d = dialect_for(backend_kind::sqlite);
    CHECK(d.kind() == backend_kind::sqlite);
    CHECK(d.begin_statements(std::nullopt) == lines{"BEGIN"});
    CHECK(d.begin_statements(isolation_level::serializable) == lines{"BEGIN"});
    CHECK(orm::sql::begin(d) == lines{"BEGIN"});
}

TEST_CASE("statement SQL: COMMIT and ROLLBACK", "[dry][sql]") {
    struct expected {
        backend_kind backend;
        std::string commit;
        std::string rollback;
    };
    for (const auto& [backend, commit, rollback] : std::vector<expected>{
             {backend_kind::sqlite, "COMMIT", "ROLLBACK"},
             {backend_kind::postgresql, "COMMIT", "ROLLBACK"},
             {backend_kind::mysql, "COMMIT", "ROLLBACK"},
         }) {
        INFO(orm::to_string(backend));
        CHECK(orm::sql::commit(dialect_for(backend)) == commit);
        CHECK(orm::sql::rollback(dialect_for(backend)) == rollback);
    }
}

TEST_CASE("statement SQL: SAVEPOINT, RELEASE SAVEPOINT and ROLLBACK TO SAVEPOINT", "[dry][sql]") {
    struct expected {
        backend_kind backend;
        std::string_view name;
        std::string savepoint;
        std::string release;
        std::string rollback_to;
    };
    // The names the library uses: atomic blocks (cormorant_sp<n>), the scope
    // of a flush and of a bulk statement, and MySQL's stale-row check.
    for (const auto& [backend, name, savepoint, release, rollback_to] : std::vector<expected>{
             {backend_kind::sqlite, "cormorant_sp1", "SAVEPOINT cormorant_sp1",
              "RELEASE SAVEPOINT cormorant_sp1", "ROLLBACK TO SAVEPOINT cormorant_sp1"},
             {backend_kind::sqlite, "cormorant_flush", "SAVEPOINT cormorant_flush",
              "RELEASE SAVEPOINT cormorant_flush", "ROLLBACK TO SAVEPOINT cormorant_flush"},
             {backend_kind::sqlite, "cormorant_bulk", "SAVEPOINT cormorant_bulk",
              "RELEASE SAVEPOINT cormorant_bulk", "ROLLBACK TO SAVEPOINT cormorant_bulk"},
             {backend_kind::sqlite, "cormorant_update", "SAVEPOINT cormorant_update",
              "RELEASE SAVEPOINT cormorant_update", "ROLLBACK TO SAVEPOINT cormorant_update"},
             {backend_kind::postgresql, "cormorant_sp1", "SAVEPOINT cormorant_sp1",
              "RELEASE SAVEPOINT cormorant_sp1", "ROLLBACK TO SAVEPOINT cormorant_sp1"},
             {backend_kind::postgresql, "cormorant_flush", "SAVEPOINT cormorant_flush",
              "RELEASE SAVEPOINT cormorant_flush", "ROLLBACK TO SAVEPOINT cormorant_flush"},
             {backend_kind::postgresql, "cormorant_bulk", "SAVEPOINT cormorant_bulk",
              "RELEASE SAVEPOINT cormorant_bulk", "ROLLBACK TO SAVEPOINT cormorant_bulk"},
             {backend_kind::postgresql, "cormorant_update", "SAVEPOINT cormorant_update",
              "RELEASE SAVEPOINT cormorant_update", "ROLLBACK TO SAVEPOINT cormorant_update"},
             {backend_kind::mysql, "cormorant_sp1", "SAVEPOINT cormorant_sp1",
              "RELEASE SAVEPOINT cormorant_sp1", "ROLLBACK TO SAVEPOINT cormorant_sp1"},
             {backend_kind::mysql, "cormorant_flush", "SAVEPOINT cormorant_flush",
              "RELEASE SAVEPOINT cormorant_flush", "ROLLBACK TO SAVEPOINT cormorant_flush"},
             {backend_kind::mysql, "cormorant_bulk", "SAVEPOINT cormorant_bulk",
              "RELEASE SAVEPOINT cormorant_bulk", "ROLLBACK TO SAVEPOINT cormorant_bulk"},
             {backend_kind::mysql, "cormorant_update", "SAVEPOINT cormorant_update",
              "RELEASE SAVEPOINT cormorant_update", "ROLLBACK TO SAVEPOINT cormorant_update"},
         }) {
        INFO(orm::to_string(backend) << ", " << name);
        const auto& d = dialect_for(backend);
        CHECK(orm::sql::savepoint(d, name) == savepoint);
        CHECK(orm::sql::release_savepoint(d, name) == release);
        CHECK(orm::sql::rollback_to_savepoint(d, name) == rollback_to);
    }
}

TEST_CASE("statement SQL: a savepoint name other than letters, digits and underscores is a logic error",
          "[dry][sql]") {
    for (backend_kind backend : {backend_kind::sqlite, backend_kind::postgresql, backend_kind::mysql}) {
        const auto& d = dialect_for(backend);
        for (std::string_view name : {"x; DROP TABLE t", "", "a-b", "a b", "\"sp\"", "sp1;"}) {
            INFO(orm::to_string(backend) << ", name \"" << name << "\"");
            CHECK_THROWS_AS(orm::sql::savepoint(d, name), std::logic_error);
            CHECK_THROWS_AS(orm::sql::release_savepoint(d, name), std::logic_error);
            CHECK_THROWS_AS(orm::sql::rollback_to_savepoint(d, name), std::logic_error);
        }
    }
}

TEST_CASE("statement SQL: the key query of exists()", "[dry][sql]") {
    using namespace querymodels;
    using orm::col;

    // A condition of two terms, as the bulk statements build it.
    orm::detail::query_spec both;
    both.table = &table_of<QCounter>();
    both.add_where((col(&QCounter::name) == "a").node());
    both.add_where((col(&QCounter::hits) > 3).node());
    // One term from the query builder; its order does not reach the key query.
    const auto pages = orm::query<QBook>().where(col(&QBook::pages) > 300).order_by(&QBook::title);
    // No condition at all.
    const auto all = orm::query<QBook>();

    struct expected {
        backend_kind backend;
        std::string both;
        std::string pages;
        std::string all;
    };
    for (const auto& [backend, both_sql, pages_sql, all_sql] : std::vector<expected>{
             {backend_kind::sqlite,
              R"(SELECT "id" FROM "q_counters" WHERE ("name" = :p1 AND "hits" > :p2) LIMIT 1)",
              R"(SELECT "id" FROM "q_books" WHERE "pages" > :p1 LIMIT 1)",
              R"(SELECT "id" FROM "q_books" LIMIT 1)"},
             {backend_kind::postgresql,
              R"(SELECT "id" FROM "q_counters" WHERE ("name" = :p1 AND "hits" > :p2) LIMIT 1)",
              R"(SELECT "id" FROM "q_books" WHERE "pages" > :p1 LIMIT 1)",
              R"(SELECT "id" FROM "q_books" LIMIT 1)"},
             {backend_kind::mysql,
              "SELECT `id` FROM `q_counters` WHERE (`name` = :p1 AND `hits` > :p2) LIMIT 1",
              "SELECT `id` FROM `q_books` WHERE `pages` > :p1 LIMIT 1", "SELECT `id` FROM `q_books` LIMIT 1"},
         }) {
        INFO(orm::to_string(backend));
        const auto& d = dialect_for(backend);
        const orm::sql_text b = orm::sql::query_exists(d, both);
        CHECK(b.sql == both_sql);
        CHECK(b.params == values{orm::value{std::string("a")}, orm::value{std::int64_t{3}}});
        const orm::sql_text p = orm::sql::query_exists(d, pages.spec());
        CHECK(p.sql == pages_sql);
        CHECK(p.params == values{orm::value{std::int64_t{300}}});
        const orm::sql_text a = orm::sql::query_exists(d, all.spec());
        CHECK(a.sql == all_sql);
        CHECK(a.params.empty());
    }
}
