// The catalog side of inspect() without a database: each dialect reads the
// type names its catalog reports for the DDL types it writes back as the
// sql_type they came from (the names checked against SQLite 3.40,
// PostgreSQL 15 and MariaDB 10.11), and every catalog query binds the table
// as :p1, except the table list and SQLite's missing checks.

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cormorant/sql.hpp"

using cormorant::backend_kind;
using cormorant::dialect_for;
using cormorant::sql_type;

namespace {

using reported = std::vector<std::pair<std::string, std::optional<sql_type>>>;

void check_kinds(backend_kind b, const reported& names) {
    const cormorant::dialect& d = dialect_for(b);
    for (const auto& [name, kind] : names) {
        INFO(cormorant::to_string(b) << ": " << name);
        CHECK(d.column_kind(name, false) == kind);
    }
}

}  // namespace

TEST_CASE("each dialect reads its catalog's type names back as sql_type", "[sql][inspect]") {
    check_kinds(backend_kind::sqlite, {{"boolean", sql_type::boolean},
                                       {"smallint", sql_type::int16},
                                       {"integer", sql_type::int32},
                                       {"bigint", sql_type::int64},
                                       {"real", sql_type::float32},
                                       {"double", sql_type::float64},
                                       {"text", sql_type::text},
                                       {"blob", sql_type::blob},
                                       {"varchar(40)", std::nullopt}});
    CHECK(dialect_for(backend_kind::sqlite).column_kind("integer", true) == sql_type::int64);
    check_kinds(backend_kind::postgresql, {{"boolean", sql_type::boolean},
                                           {"smallint", sql_type::int16},
                                           {"integer", sql_type::int32},
                                           {"bigint", sql_type::int64},
                                           {"real", sql_type::float32},
                                           {"double precision", sql_type::float64},
                                           {"text", sql_type::text},
                                           {"bytea", sql_type::blob},
                                           {"timestamp(6) without time zone", sql_type::timestamp},
                                           {"date", sql_type::date},
                                           {"timestamp(6) with time zone", std::nullopt},
                                           {"character varying(40)", std::nullopt}});
    check_kinds(backend_kind::mysql, {{"tinyint(1)", sql_type::boolean},
                                      {"smallint(6)", sql_type::int16},
                                      {"int(11)", sql_type::int32},
                                      {"bigint(20)", sql_type::int64},
                                      {"bigint", sql_type::int64},
                                      {"float", sql_type::float32},
                                      {"double", sql_type::float64},
                                      {"text", sql_type::text},
                                      {"varchar(255)", sql_type::text},
                                      {"longblob", sql_type::blob},
                                      {"datetime(6)", sql_type::timestamp},
                                      {"date", sql_type::date},
                                      {"int(10) unsigned", std::nullopt},
                                      {"tinyint(4)", std::nullopt},
                                      {"varchar(40)", std::nullopt}});
}

TEST_CASE("the catalog queries bind the table's name once", "[sql][inspect]") {
    for (backend_kind b : {backend_kind::sqlite, backend_kind::postgresql, backend_kind::mysql}) {
        INFO(cormorant::to_string(b));
        const cormorant::dialect& d = dialect_for(b);
        CHECK(cormorant::sql::catalog_tables(d).find(":p") == std::string::npos);
        for (const std::string& sql :
             {cormorant::sql::catalog_columns(d), cormorant::sql::catalog_key_columns(d),
              cormorant::sql::catalog_indexes(d), cormorant::sql::catalog_checks(d)}) {
            if (sql.empty()) continue;
            const auto at = sql.find(":p1");
            CHECK(at != std::string::npos);
            CHECK(sql.find(":p", at + 1) == std::string::npos);
        }
    }
    CHECK(cormorant::sql::catalog_checks(dialect_for(backend_kind::sqlite)).empty());
    CHECK_FALSE(cormorant::sql::catalog_checks(dialect_for(backend_kind::postgresql)).empty());
}
