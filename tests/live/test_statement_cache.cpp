// SQLite keeps the statements a connection prepares and runs them again with
// new values. These tests run the same statement with values of changing
// kinds, stop reading rows half way, overflow the cache, and change the
// table under a kept statement. On the servers statements are prepared per
// call, and the same tests check that the behaviour is the same there.

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/live.hpp"

namespace {

namespace orm = cormorant;

using maybe_int = std::optional<std::int64_t>;

orm::value int_value(std::int64_t n) {
    return orm::value{n};
}
orm::value text_value(std::string s) {
    return orm::value{std::move(s)};
}

/// The first column of every row of `sql`, read as an integer (nullopt for NULL).
std::vector<maybe_int> ints(orm::connection& c, const std::string& sql,
                            std::span<const orm::value> params = {}) {
    const orm::sql_type type = orm::sql_type::int64;
    std::vector<maybe_int> out;
    c.query(sql, params, std::span<const orm::sql_type>(&type, 1), [&](std::span<orm::value> row) {
        out.push_back(row[0].is_null() ? std::nullopt : maybe_int(row[0].as_int()));
    });
    return out;
}

std::int64_t count_rows(orm::connection& c, const std::string& table) {
    return ints(c, "SELECT COUNT(*) FROM " + c.dialect().quote(table)).at(0).value();
}

void recreate(orm::connection& c, const std::string& table, const std::string& columns) {
    c.execute("DROP TABLE IF EXISTS " + c.dialect().quote(table), {});
    c.execute("CREATE TABLE " + c.dialect().quote(table) + " (" + columns + ")", {});
}

}  // namespace

TEST_CASE("statement cache: one statement run with an integer, NULL, an integer", "[live][statement_cache]") {
    auto db = testlive::open_db();
    auto c = db.acquire();
    recreate(*c, "cache_values", "k BIGINT NOT NULL, n BIGINT NULL, x DOUBLE PRECISION NULL");
    const std::string insert = "INSERT INTO cache_values (k, n, x) VALUES (:p1, :p2, :p3)";
    const std::vector<std::vector<orm::value>> rows = {
        {int_value(1), int_value(10), orm::value{1.5}}, {int_value(2), orm::value{}, orm::value{}},
        {int_value(3), int_value(30), orm::value{3.5}}, {int_value(4), orm::value{}, orm::value{4.5}},
        {int_value(5), int_value(-50), orm::value{}},
    };
    for (const auto& row : rows) CHECK(c->execute(insert, row) == 1);

    // The same SELECT, its parameter and its results alternating NULL and not.
    const std::string select = "SELECT n FROM cache_values WHERE k = :p1";
    const std::vector<maybe_int> expected = {10, std::nullopt, 30, std::nullopt, -50};
    for (int round = 0; round < 2; ++round)
        for (std::int64_t k = 1; k <= 5; ++k) {
            const orm::value key[] = {int_value(k)};
            CHECK(ints(*c, select, key) == std::vector<maybe_int>{expected[k - 1]});
        }
    // A NULL parameter matches nothing with `=`, and the integer after it matches again.
    const std::string nullable =
        "SELECT k FROM cache_values WHERE n = :p1 OR (:p2 = 1 AND n IS NULL) ORDER BY k";
    const orm::value ten[] = {int_value(10), int_value(0)};
    const orm::value null_nulls[] = {orm::value{}, int_value(1)};
    const orm::value null_only[] = {orm::value{}, int_value(0)};
    CHECK(ints(*c, nullable, ten) == std::vector<maybe_int>{1});
    CHECK(ints(*c, nullable, null_nulls) == std::vector<maybe_int>{2, 4});
    CHECK(ints(*c, nullable, null_only).empty());
    CHECK(ints(*c, nullable, ten) == std::vector<maybe_int>{1});

    const orm::sql_type types[] = {orm::sql_type::int64, orm::sql_type::float64};
    std::vector<std::string> seen;
    c->query("SELECT n, x FROM cache_values ORDER BY k", {}, types, [&](std::span<orm::value> row) {
        seen.push_back((row[0].is_null() ? "-" : std::to_string(row[0].as_int())) + "/" +
                       (row[1].is_null() ? "-" : std::to_string(row[1].as_double())));
    });
    CHECK(seen == std::vector<std::string>{"10/1.500000", "-/-", "30/3.500000", "-/4.500000", "-50/-"});
}

TEST_CASE("statement cache: text with quotes and NULs, long then short", "[live][statement_cache]") {
    auto db = testlive::open_db();
    auto c = db.acquire();
    recreate(*c, "cache_texts", "k BIGINT NOT NULL, t TEXT NULL");
    std::vector<std::string> texts = {std::string(1000, 'x'),          "it's", "say \"hi\"", "",
                                      "'; DROP TABLE cache_texts; --", "short"};
    // PostgreSQL text cannot hold a NUL (refused before sending, tested elsewhere).
    if (c->dialect().text_allows_nul()) texts.push_back(std::string("a\0b\0", 4));
    const std::string insert = "INSERT INTO cache_texts (k, t) VALUES (:p1, :p2)";
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const orm::value row[] = {int_value(static_cast<std::int64_t>(i)), text_value(texts[i])};
        c->execute(insert, row);
    }
    const orm::sql_type type = orm::sql_type::text;
    for (int round = 0; round < 2; ++round)
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const orm::value key[] = {int_value(static_cast<std::int64_t>(i))};
            std::vector<std::string> got;
            c->query("SELECT t FROM cache_texts WHERE k = :p1", key, std::span<const orm::sql_type>(&type, 1),
                     [&](std::span<orm::value> row) { got.push_back(row[0].as_text()); });
            CHECK(got == std::vector<std::string>{texts[i]});
        }
    // Text parameters of decreasing length bound to one statement.
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const orm::value key[] = {text_value(texts[i])};
        CHECK(ints(*c, "SELECT k FROM cache_texts WHERE t = :p1", key) ==
              std::vector<maybe_int>{static_cast<std::int64_t>(i)});
    }
}

TEST_CASE("statement cache: a query stopped by a throwing callback leaves no read transaction",
          "[live][statement_cache]") {
    auto db = testlive::open_db();
    auto reader = db.acquire();
    auto writer = db.acquire();
    recreate(*reader, "cache_rows", "n BIGINT NOT NULL");
    for (std::int64_t n = 1; n <= 20; ++n) {
        const orm::value v[] = {int_value(n)};
        reader->execute("INSERT INTO cache_rows (n) VALUES (:p1)", v);
    }
    const std::string select = "SELECT n FROM cache_rows ORDER BY n";
    const orm::sql_type type = orm::sql_type::int64;
    for (int round = 0; round < 2; ++round) {
        int seen = 0;
        CHECK_THROWS_AS(reader->query(select, {}, std::span<const orm::sql_type>(&type, 1),
                                      [&](std::span<orm::value>) {
                                          if (++seen == 2) throw std::logic_error("enough");
                                      }),
                        std::logic_error);
        CHECK(seen == 2);

        // Another connection writes and commits; the reader sees the row at once
        // (a statement left running would keep it on its old snapshot) and can
        // write and commit itself.
        writer->begin();
        const orm::value w[] = {int_value(100 + round)};
        writer->execute("INSERT INTO cache_rows (n) VALUES (:p1)", w);
        writer->commit();
        CHECK(count_rows(*reader, "cache_rows") == 21 + 2 * round);
        reader->begin();
        const orm::value r[] = {int_value(200 + round)};
        reader->execute("INSERT INTO cache_rows (n) VALUES (:p1)", r);
        CHECK_NOTHROW(reader->commit());
        CHECK(count_rows(*writer, "cache_rows") == 22 + 2 * round);
    }
    // The statement that was stopped runs from the start again.
    CHECK(ints(*reader, select).size() == 24);
}

TEST_CASE("statement cache: more statements than the cache holds, and statements run while reading",
          "[live][statement_cache]") {
    auto db = testlive::open_db();
    auto c = db.acquire();
    recreate(*c, "cache_many", "n BIGINT NOT NULL");
    for (std::int64_t n = 1; n <= 5; ++n) {
        const orm::value v[] = {int_value(n)};
        c->execute("INSERT INTO cache_many (n) VALUES (:p1)", v);
    }
    const auto distinct = [](int i) {
        return "SELECT n + " + std::to_string(i) + " FROM cache_many WHERE n = :p1";
    };
    // Three passes over 200 distinct statements: every one is evicted before it runs again.
    for (int pass = 0; pass < 3; ++pass)
        for (int i = 0; i < 200; ++i) {
            const orm::value key[] = {int_value(1 + (i + pass) % 5)};
            CHECK(ints(*c, distinct(i), key) == std::vector<maybe_int>{1 + (i + pass) % 5 + i});
        }

    // While the rows of a query are read, its callback runs the same query
    // and enough others to evict it: the outer query reads on undisturbed.
    const std::string all = "SELECT n FROM cache_many ORDER BY n";
    const orm::sql_type type = orm::sql_type::int64;
    std::vector<std::int64_t> outer;
    std::size_t inner_ok = 0;
    c->query(all, {}, std::span<const orm::sql_type>(&type, 1), [&](std::span<orm::value> row) {
        outer.push_back(row[0].as_int());
        if (ints(*c, all).size() == 5) ++inner_ok;
        for (int i = 0; i < 100; ++i) {
            const orm::value key[] = {int_value(2)};
            if (ints(*c, distinct(1000 + i), key) != std::vector<maybe_int>{1002 + i}) return;
        }
    });
    CHECK(outer == std::vector<std::int64_t>{1, 2, 3, 4, 5});
    CHECK(inner_ok == 5);
    CHECK(ints(*c, all).size() == 5);
}

TEST_CASE("statement cache: a kept INSERT and SELECT after the table is dropped and created again",
          "[live][statement_cache]") {
    auto db = testlive::open_db();
    auto c = db.acquire();
    recreate(*c, "cache_ddl", "a BIGINT NOT NULL, b TEXT NULL");
    const std::string insert = "INSERT INTO cache_ddl (a, b) VALUES (:p1, :p2)";
    const std::string select = "SELECT a FROM cache_ddl WHERE b = :p1";
    const orm::value first[] = {int_value(1), text_value("one")};
    const orm::value one[] = {text_value("one")};
    c->execute(insert, first);
    CHECK(ints(*c, select, one) == std::vector<maybe_int>{1});

    c->execute("DROP TABLE cache_ddl", {});
    CHECK_THROWS_AS(c->execute(insert, first), orm::database_error);
    // Created again with other columns first: the kept statements must
    // follow the new layout.
    c->execute("CREATE TABLE cache_ddl (z TEXT NULL, b TEXT NULL, a BIGINT NOT NULL)", {});
    const orm::value second[] = {int_value(2), text_value("two")};
    const orm::value two[] = {text_value("two")};
    CHECK(c->execute(insert, second) == 1);
    CHECK(ints(*c, select, two) == std::vector<maybe_int>{2});
    CHECK(ints(*c, select, one).empty());
    const orm::sql_type types[] = {orm::sql_type::text, orm::sql_type::text, orm::sql_type::int64};
    std::vector<std::string> seen;
    c->query("SELECT z, b, a FROM cache_ddl", {}, types, [&](std::span<orm::value> row) {
        seen.push_back((row[0].is_null() ? "-" : row[0].as_text()) + "/" + row[1].as_text() + "/" +
                       std::to_string(row[2].as_int()));
    });
    CHECK(seen == std::vector<std::string>{"-/two/2"});
}
