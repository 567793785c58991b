// How each dialect opens a transaction at an isolation level.
#include <catch2/catch.hpp>
#include <cormorant/cormorant.hpp>

namespace orm = cormorant;
using orm::backend_kind;
using orm::isolation_level;
using lines = std::vector<std::string>;

TEST_CASE("BEGIN with and without an isolation level, per dialect", "[dry][atomic]") {
    const auto& pg = orm::dialect_for(backend_kind::postgresql);
    CHECK(pg.begin_statements({}) == lines{"BEGIN"});
    CHECK(pg.begin_statements(isolation_level::serializable) == lines{"BEGIN ISOLATION LEVEL SERIALIZABLE"});
    CHECK(pg.begin_statements(isolation_level::read_committed) ==
          lines{"BEGIN ISOLATION LEVEL READ COMMITTED"});

    const auto& my = orm::dialect_for(backend_kind::mysql);
    CHECK(my.begin_statements({}) == lines{"BEGIN"});
    CHECK(my.begin_statements(isolation_level::repeatable_read) ==
          lines{"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "START TRANSACTION"});

    const auto& lite = orm::dialect_for(backend_kind::sqlite);
    CHECK(lite.begin_statements({}) == lines{"BEGIN"});
    CHECK(lite.begin_statements(isolation_level::serializable) == lines{"BEGIN"});
    CHECK_THROWS_AS(lite.begin_statements(isolation_level::read_committed), orm::transaction_error);
}
