// What is particular to MySQL and MariaDB: the session cormorant sets up
// (strict mode, UTC), RETURNING chosen by server version, keys read back with
// LAST_INSERT_ID() and @@auto_increment_increment where RETURNING is missing
// (forced here with returning=off), and bounded text for unique columns.
// Skipped on other backends.

#include <catch2/catch.hpp>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/live.hpp"

namespace mysql_specific_models {

struct MyTag {
    std::int64_t id = 0;
    std::string label;
    std::string notes;
};

struct MyRow {
    std::int64_t id = 0;
    std::int64_t seq = 0;
    std::string name;
};

}  // namespace mysql_specific_models

template <>
struct cormorant::model_traits<mysql_specific_models::MyTag> {
    static constexpr std::string_view table = "my_tags";
    static constexpr auto unique = cormorant::columns(&mysql_specific_models::MyTag::label);
};

template <>
struct cormorant::model_traits<mysql_specific_models::MyRow> {
    static constexpr std::string_view table = "my_rows";
};

namespace {

namespace orm = cormorant;
using mysql_specific_models::MyRow;
using mysql_specific_models::MyTag;
using testlive::query_text;

constexpr const char* skip_reason =
    "MySQL/MariaDB only: this checks MySQL session settings and key read-back";

bool on_mysql() {
    return testlive::backend() == orm::backend_kind::mysql;
}

/// The test database with extra URL options.
orm::database open_with(std::initializer_list<std::pair<const char*, const char*>> options) {
    orm::config cfg = testlive::test_config();
    for (const auto& [k, v] : options) {
        std::erase_if(cfg.options, [&](const auto& kv) { return kv.first == k; });
        cfg.options.emplace_back(k, v);
    }
    return orm::database::open(cfg);
}

/// Inserts `n` rows in one call (several statements for n > 500) and checks
/// that every key came back, strided by `step`, and belongs to its row.
void check_strided_keys(orm::database& db, std::size_t n, std::int64_t step) {
    db.drop_all<MyRow>();
    db.create_all<MyRow>();
    {
        auto c = db.acquire();
        c->execute("SET SESSION auto_increment_increment = " + std::to_string(step), {});
    }
    std::vector<MyRow> rows;
    for (std::size_t i = 0; i < n; ++i)
        rows.push_back(MyRow{.seq = static_cast<std::int64_t>(i), .name = "row " + std::to_string(i)});
    db.insert(std::span<MyRow>(rows));
    for (std::size_t i = 1; i < n; ++i) {
        INFO("row " << i);
        REQUIRE(rows[i].id > rows[i - 1].id);
        if (i % 500 != 0) REQUIRE(rows[i].id - rows[i - 1].id == step);  // one statement: one run of keys
    }
    const std::vector<MyRow> back = db.select_all<MyRow>();
    REQUIRE(back.size() == n);
    for (std::size_t i = 0; i < n; ++i) {
        INFO("row " << i);
        REQUIRE(back[i].id == rows[i].id);
        REQUIRE(back[i].seq == rows[i].seq);
        REQUIRE(back[i].name == rows[i].name);
    }
}

}  // namespace

TEST_CASE("MySQL: the session is strict and in UTC", "[live][mysql]") {
    if (!on_mysql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::database db = testlive::open_db();
    auto c = db.acquire();
    CHECK(query_text(*c, "SELECT @@SESSION.sql_mode").find("STRICT_TRANS_TABLES") != std::string::npos);
    CHECK(query_text(*c, "SELECT @@SESSION.time_zone") == "+00:00");
    CHECK(query_text(*c, "SELECT @@character_set_connection") == "utf8mb4");
}

TEST_CASE("MySQL: RETURNING is used where the server version has it", "[live][mysql]") {
    if (!on_mysql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::database db = testlive::open_db();
    const std::string version = query_text(*db.acquire(), "SELECT VERSION()");
    int major = 0, minor = 0;
    const char* end = version.data() + version.size();
    const auto dot = std::from_chars(version.data(), end, major).ptr;
    if (dot != end) std::from_chars(dot + 1, end, minor);
    const bool mariadb_10_5 =
        version.find("MariaDB") != std::string::npos && (major > 10 || (major == 10 && minor >= 5));
    INFO("server version " << version);
    CHECK(db.dialect().returning() == mariadb_10_5);
    CHECK_FALSE(open_with({{"returning", "off"}}).dialect().returning());
}

TEST_CASE("MySQL: without RETURNING, keys are LAST_INSERT_ID() plus k times the increment", "[live][mysql]") {
    if (!on_mysql()) {
        SUCCEED(skip_reason);
        return;
    }
    // One connection, so that the session setting reaches the inserts.
    orm::database db = open_with({{"returning", "off"}, {"pool_size", "1"}});
    REQUIRE_FALSE(db.dialect().returning());
    SECTION("strided by 3, as a three-node Galera cluster sets it") {
        check_strided_keys(db, 1201, 3);
    }
    SECTION("consecutive") {
        check_strided_keys(db, 7, 1);
    }
    SECTION("a single row") {
        check_strided_keys(db, 1, 3);
    }
}

TEST_CASE("MySQL: with RETURNING, strided keys are exact too", "[live][mysql]") {
    if (!on_mysql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::database db = open_with({{"pool_size", "1"}});
    if (!db.dialect().returning()) {
        SUCCEED("MariaDB 10.5 and later only: the server must support INSERT ... RETURNING");
        return;
    }
    check_strided_keys(db, 600, 3);
}

TEST_CASE("MySQL: unique text columns are VARCHAR(255); longer values are refused, not truncated",
          "[live][mysql]") {
    if (!on_mysql()) {
        SUCCEED(skip_reason);
        return;
    }
    orm::database db = testlive::open_db();
    db.drop_all<MyTag>();
    db.create_all<MyTag>();
    auto c = db.acquire();
    CHECK(query_text(
              *c,
              "SELECT CONCAT(DATA_TYPE, '(', CHARACTER_MAXIMUM_LENGTH, ')') FROM information_schema.COLUMNS "
              "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'my_tags' AND COLUMN_NAME = 'label'") ==
          "varchar(255)");
    CHECK(
        query_text(*c,
                   "SELECT DATA_TYPE FROM information_schema.COLUMNS "
                   "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'my_tags' AND COLUMN_NAME = 'notes'") ==
        "text");
    c.release();

    std::string accented;  // 255 characters of two bytes each: the bound is in characters
    for (int i = 0; i < 255; ++i) accented += "\xC3\xA9";
    MyTag at_bound{.label = std::string(255, 'x'), .notes = std::string(5000, 'n')};
    MyTag multibyte{.label = accented};
    db.insert(at_bound);
    db.insert(multibyte);

    MyTag too_long{.label = std::string(256, 'y')};
    try {
        db.insert(too_long);
        FAIL("a 256-character value was accepted");
    } catch (const orm::data_error& e) {
        CHECK(e.table() == "my_tags");
        CHECK(e.operation() == "insert");
    }
    CHECK(too_long.id == 0);
    const std::vector<MyTag> back = db.select_all<MyTag>();
    REQUIRE(back.size() == 2);
    CHECK(back[0].label == at_bound.label);
    CHECK(back[0].notes == at_bound.notes);
    CHECK(back[1].label == accented);
    // The bound is exact, so uniqueness is judged on the whole value.
    MyTag twin{.label = std::string(255, 'x')};
    CHECK_THROWS_AS(db.insert(twin), orm::integrity_error);
}
