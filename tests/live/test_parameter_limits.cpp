// Statements that bind lists stay within what the database accepts: long
// in() lists, select-in loading over many parents, the limit itself for raw
// statements, and short messages when a big batch fails.
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "support/live.hpp"
#include "support/sql_log.hpp"

namespace orm = cormorant;
using orm::col;

namespace paramlimits {

struct LpItem {
    std::int64_t id = 0;
    std::string name;
    double score = 0;
};

struct LpParent {
    std::int64_t id = 0;
    std::string name;
};

struct LpChild {
    std::int64_t id = 0;
    orm::ref<LpParent> parent;
    int rank = 0;
};

}  // namespace paramlimits

using namespace paramlimits;

template <>
struct cormorant::model_traits<LpItem> {
    static constexpr std::string_view table = "lp_items";
    static constexpr auto unique = cormorant::columns(&LpItem::name);
};
template <>
struct cormorant::model_traits<LpParent> {
    static constexpr std::string_view table = "lp_parents";
};
template <>
struct cormorant::model_traits<LpChild> {
    static constexpr std::string_view table = "lp_children";
};

namespace {

orm::database fresh_db() {
    auto db = testlive::open_db();
    db.drop_all<LpChild, LpParent, LpItem>();
    db.create_all<LpChild, LpParent, LpItem>();
    return db;
}

/// `n` items named "item <i>", scored i / 4.
std::vector<LpItem> seed_items(orm::database& db, int n) {
    std::vector<LpItem> items;
    for (int i = 0; i < n; ++i) items.push_back({.name = "item " + std::to_string(i), .score = i / 4.0});
    db.insert(std::span<LpItem>(items));
    return items;
}

std::set<std::int64_t> ids_of(const std::vector<orm::handle<LpItem>>& items) {
    std::set<std::int64_t> out;
    for (const auto& i : items) out.insert(i->id);
    return out;
}

bool is_server() {
    return testlive::backend() != orm::backend_kind::sqlite;
}

}  // namespace

TEST_CASE("parameter limit: a raw statement may bind max_parameters values and no more", "[live][limits]") {
    auto db = fresh_db();
    const auto items = seed_items(db, 10);
    const std::size_t limit = db.max_parameters();
    // SQLite's is its library's build option, read at connect (Debian builds
    // it with a higher one than SQLite's default): proved below by use.
    if (is_server()) CHECK(limit == 65535);
    REQUIRE(limit >= 999);  // SQLite's smallest build-time default

    auto in_list = [&](std::size_t n) {
        std::string sql = "SELECT COUNT(*) FROM lp_items WHERE id IN (";
        std::vector<orm::value> params;
        for (std::size_t i = 1; i <= n; ++i) {
            sql += (i > 1 ? ", " : "") + orm::sql::placeholder(i);
            params.emplace_back(static_cast<std::int64_t>(i <= items.size() ? items[i - 1].id : -1));
        }
        return std::pair{sql + ")", params};
    };
    const orm::sql_type types[] = {orm::sql_type::int64};
    auto conn = db.acquire();

    const auto [at_limit, at_limit_params] = in_list(limit);
    std::int64_t count = -1;
    conn->query(at_limit, at_limit_params, types,
                [&](std::span<orm::value> row) { count = row[0].as_int(); });
    CHECK(count == 10);

    const auto [over, over_params] = in_list(limit + 1);
    const auto before = conn->statements_sent();
    try {
        conn->query(over, over_params, types, [](std::span<orm::value>) {});
        FAIL("a statement over the limit was sent");
    } catch (const orm::database_error& e) {
        CHECK(std::string(e.what()) == "too many parameters: " + std::to_string(limit + 1) +
                                           ", this database allows " + std::to_string(limit));
    }
    CHECK(conn->statements_sent() == before);  // refused before sending
}

TEST_CASE("in(): a million keys in one query, count, negation and bulk delete", "[live][limits]") {
    auto db = fresh_db();
    const auto items = seed_items(db, 3000);
    // Every even number up to 2,000,000: the even ids among the rows, and
    // 998,500 keys that match nothing.
    std::vector<std::int64_t> keys;
    keys.reserve(1000000);
    for (std::int64_t k = 2; k <= 2000000; k += 2) keys.push_back(k);
    REQUIRE(keys.size() == 1000000);
    std::set<std::int64_t> even, odd;
    for (const auto& i : items) (i.id % 2 == 0 ? even : odd).insert(i.id);
    REQUIRE(!even.empty());
    REQUIRE(!odd.empty());

    orm::session s{db};
    testlive::sql_log log;
    log.attach(s);
    const auto matching = s.query<LpItem>().where(col(&LpItem::id).in(keys)).all();
    CHECK(ids_of(matching) == even);
    CHECK(log.statements.size() == 1);  // one statement, whatever the list's length
    CHECK(s.query<LpItem>().where(col(&LpItem::id).in(keys)).count() == even.size());
    CHECK(ids_of(s.query<LpItem>().where(!col(&LpItem::id).in(keys)).all()) == odd);
    // Combined with other conditions and ordered, as any condition is.
    const auto some = s.query<LpItem>()
                          .where(col(&LpItem::id).in(keys) && col(&LpItem::score) < 100.0)
                          .order_by(&LpItem::id, orm::desc)
                          .limit(3)
                          .all();
    std::vector<std::int64_t> expected;
    for (auto it = items.rbegin(); it != items.rend() && expected.size() < 3; ++it)
        if (it->id % 2 == 0 && it->score < 100.0) expected.push_back(it->id);
    std::vector<std::int64_t> got;
    for (const auto& i : some) got.push_back(i->id);
    CHECK(got == expected);

    CHECK(s.remove<LpItem>().where(col(&LpItem::id).in(keys)).execute() == even.size());
    orm::session fresh{db};
    CHECK(ids_of(fresh.query<LpItem>().all()) == odd);
}

TEST_CASE("in(): long lists of text and of doubles match exactly what they hold", "[live][limits]") {
    auto db = fresh_db();
    // Text that an array literal or JSON must escape, beside plain names.
    const std::vector<std::string> awkward = {
        "quote \" inside", "back\\slash", "{braces,comma}", "NULL", " spaced ",
        "caf\xc3\xa9",     "line\nbreak", "tab\there",      "",
    };
    std::vector<LpItem> rows;
    for (std::size_t i = 0; i < awkward.size(); ++i)
        rows.push_back({.name = awkward[i], .score = 0.1 * static_cast<double>(i + 1)});
    for (int i = 0; i < 50; ++i) rows.push_back({.name = "plain " + std::to_string(i), .score = 1000.0 + i});
    db.insert(std::span<LpItem>(rows));

    std::vector<std::string> names = awkward;
    for (int i = 0; i < 2000; ++i) names.push_back("absent " + std::to_string(i));
    std::vector<double> scores;
    for (std::size_t i = 0; i < awkward.size(); ++i) scores.push_back(0.1 * static_cast<double>(i + 1));
    for (int i = 0; i < 2000; ++i) scores.push_back(-0.5 - i);

    orm::session s{db};
    std::set<std::string> found;
    for (const auto& item : s.query<LpItem>().where(col(&LpItem::name).in(names)).all())
        found.insert(item->name);
    CHECK(found == std::set<std::string>(awkward.begin(), awkward.end()));
    found.clear();
    for (const auto& item : s.query<LpItem>().where(col(&LpItem::score).in(scores)).all())
        found.insert(item->name);
    CHECK(found == std::set<std::string>(awkward.begin(), awkward.end()));
}

TEST_CASE("select-in over 100,000 parents: refs and children loaded in batches", "[live][limits]") {
    auto db = fresh_db();
    constexpr int n = 100000;
    std::vector<LpParent> parents;
    parents.reserve(n);
    for (int i = 0; i < n; ++i) parents.push_back({.name = "p" + std::to_string(i)});
    db.insert(std::span<LpParent>(parents));
    std::vector<LpChild> children;
    children.reserve(n);
    for (int i = 0; i < n; ++i) children.push_back({.parent = orm::ref<LpParent>{parents[i].id}, .rank = i});
    db.insert(std::span<LpChild>(children));

    SECTION("each child's parent") {
        orm::session s{db};
        testlive::sql_log log;
        log.attach(s);
        const auto loaded = s.query<LpChild>().load(&LpChild::parent).all();
        REQUIRE(loaded.size() == n);
        // The children, then the parents in batches of 1,000 keys.
        CHECK(log.statements.size() == 1 + n / 1000);
        for (const auto& c : loaded) {
            REQUIRE(c->parent.target());
            REQUIRE(c->parent.target()->id == c->parent.key());
            REQUIRE(c->parent.target()->name == "p" + std::to_string(c->rank));
        }
    }
    SECTION("each parent's children") {
        orm::session s{db};
        const auto all_parents = s.query<LpParent>().all();
        REQUIRE(all_parents.size() == n);
        testlive::sql_log log;
        log.attach(s);
        const auto grouped = s.children(&LpChild::parent, all_parents);
        CHECK(log.statements.size() == n / 1000);
        REQUIRE(grouped.size() == n);
        for (std::size_t i = 0; i < grouped.size(); ++i) {
            REQUIRE(grouped[i].size() == 1);
            REQUIRE(grouped[i][0]->parent.key() == all_parents[i]->id);
            REQUIRE("p" + std::to_string(grouped[i][0]->rank) == all_parents[i]->name);
        }
    }
}

TEST_CASE("a failing 1,000-row batch gives a short message without its SQL", "[live][limits][errors]") {
    auto db = fresh_db();
    seed_items(db, 1);  // "item 0"
    orm::session s{db};
    for (int i = 1; i < 1000; ++i) s.add(LpItem{.name = "batch " + std::to_string(i)});
    s.add(LpItem{.name = "item 0"});  // the last row of the batch collides
    try {
        s.commit();
        FAIL("the duplicate was written");
    } catch (const orm::integrity_error& e) {
        const std::string msg = e.what();
        INFO(msg);
        CHECK(e.which() == orm::integrity_error::kind::unique);
        CHECK(msg.size() < 300);
        CHECK(msg.rfind("insert on lp_items failed: ", 0) == 0);
        CHECK(msg.find("INSERT") == std::string::npos);
        CHECK(msg.find(":p") == std::string::npos);
        CHECK(msg.find("batch 1") == std::string::npos);
        // The database's text follows the operation, without SOCI's prefixes.
        CHECK(msg.find("sqlite3_statement_backend") == std::string::npos);
        CHECK(msg.find("Cannot execute query") == std::string::npos);
    }
    orm::session fresh{db};
    CHECK(fresh.query<LpItem>().count() == 1);
}
