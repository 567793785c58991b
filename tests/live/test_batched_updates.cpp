// Updates of many rows that change the same columns: several rows per
// statement on PostgreSQL and MySQL (one statement per row on SQLite), each
// row written with its own values, and a stale row anywhere in a batch
// failing the whole flush.
#include <catch2/catch.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "support/live.hpp"
#include "support/sql_log.hpp"

namespace batchmodels {

namespace orm = cormorant;

struct BatchItem {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> note;
    double score = 0;
    std::int64_t count = 0;
    bool flag = false;
    orm::blob bytes;
};

struct BatchCounter {
    std::int64_t id = 0;
    std::string name;
    std::int64_t hits = 0;
    std::int32_t version = 0;
};

}  // namespace batchmodels

template <>
struct cormorant::model_traits<batchmodels::BatchItem> {
    static constexpr std::string_view table = "batch_items";
};

template <>
struct cormorant::model_traits<batchmodels::BatchCounter> {
    static constexpr std::string_view table = "batch_counters";
    static constexpr auto version = &batchmodels::BatchCounter::version;
};

using namespace batchmodels;
using testlive::sql_log;

namespace {

// More than two statements' worth of rows (500 a statement).
constexpr int rows_in_test = 1234;

orm::database fresh_db() {
    auto db = testlive::open_db();
    db.drop_all<BatchItem, BatchCounter>();
    db.create_all<BatchItem, BatchCounter>();
    return db;
}

/// The UPDATE statements a flush of `rows` changed rows (same columns) sends.
std::size_t expected_updates(std::size_t rows) {
    if (testlive::backend() == orm::backend_kind::sqlite) return rows;  // one prepared statement per row
    return (rows + 499) / 500;
}

orm::blob bytes_of(int i) {
    return {std::byte(i % 256), std::byte(0), std::byte(255), std::byte((i * 7) % 256)};
}

BatchItem changed(const BatchItem& before, int i) {
    BatchItem x = before;
    x.name = "name-" + std::to_string(i) + "-new";
    x.note = i % 3 == 0 ? std::nullopt : std::optional<std::string>("note-" + std::to_string(i));
    x.score = i * 0.5 + 0.25;
    x.count = std::int64_t{i} * 3'000'000'000LL;
    x.flag = !before.flag;
    x.bytes = bytes_of(i);
    return x;
}

}  // namespace

TEST_CASE("a batched update writes each row's own values, NULLs and BLOBs included",
          "[live][session][update]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<orm::handle<BatchItem>> items;
    for (int i = 0; i < rows_in_test; ++i)
        items.push_back(s.add(BatchItem{.name = "item-" + std::to_string(i),
                                        .note = "old",
                                        .score = 1,
                                        .count = 1,
                                        .flag = i % 2 == 0,
                                        .bytes = orm::blob{std::byte(1)}}));
    s.commit();

    sql_log log;
    log.attach(s);
    std::vector<BatchItem> expected;
    for (int i = 0; i < rows_in_test; ++i) {
        expected.push_back(changed(*items[i], i));
        *items[i] = expected.back();
    }
    const auto before = s.stats().statements;
    s.commit();
    CHECK(log.count_starting("UPDATE") == expected_updates(rows_in_test));
    CHECK(s.stats().statements - before == log.statements.size());
    CHECK(log.statements.size() == expected_updates(rows_in_test) + 2);  // BEGIN, UPDATEs, COMMIT

    const auto rows = db.select_all<BatchItem>();
    REQUIRE(rows.size() == expected.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO("row " << i);
        CHECK(rows[i].id == expected[i].id);
        CHECK(rows[i].name == expected[i].name);
        CHECK(rows[i].note == expected[i].note);
        CHECK(rows[i].score == expected[i].score);
        CHECK(rows[i].count == expected[i].count);
        CHECK(rows[i].flag == expected[i].flag);
        CHECK(rows[i].bytes == expected[i].bytes);
    }
}

TEST_CASE("a NULL set back to a value and a value set to NULL in one batch", "[live][session][update]") {
    auto db = fresh_db();
    orm::session s{db};
    auto a = s.add(BatchItem{.name = "a", .note = std::nullopt});
    auto b = s.add(BatchItem{.name = "b", .note = "there"});
    s.commit();
    a->note = "now set";
    b->note = std::nullopt;
    s.commit();
    CHECK(db.find<BatchItem>(a->id)->note == "now set");
    CHECK(db.find<BatchItem>(b->id)->note == std::nullopt);
}

TEST_CASE("a stale row in the middle of a batched update fails the whole flush", "[live][session][update]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<orm::handle<BatchCounter>> counters;
    for (int i = 0; i < rows_in_test; ++i)
        counters.push_back(s.add(BatchCounter{.name = "c" + std::to_string(i), .hits = i}));
    s.commit();

    // Another session changes one row of the second statement's rows.
    const std::size_t stale_at = 700;
    {
        orm::session other{db};
        auto c = other.get<BatchCounter>(counters[stale_at]->id);
        c->hits = -1;
        other.commit();
    }
    for (int i = 0; i < rows_in_test; ++i) counters[i]->hits = i + 10'000;
    try {
        s.flush();
        FAIL("expected a stale object error");
    } catch (const orm::stale_object_error& e) {
        CHECK(e.table() == "batch_counters");
        CHECK(e.key() == std::to_string(counters[stale_at]->id));
    }
    // Nothing written (the first statement's rows included), memory unchanged.
    for (int i = 0; i < rows_in_test; ++i) {
        INFO("row " << i);
        CHECK(counters[i]->version == 0);
        CHECK(counters[i]->hits == i + 10'000);
        CHECK(s.is_modified(counters[i]));
    }
    const auto stored = db.select_all<BatchCounter>();
    REQUIRE(stored.size() == static_cast<std::size_t>(rows_in_test));
    for (std::size_t i = 0; i < stored.size(); ++i) {
        INFO("row " << i);
        CHECK(stored[i].hits == (i == stale_at ? -1 : static_cast<std::int64_t>(i)));
        CHECK(stored[i].version == (i == stale_at ? 1 : 0));
    }

    // With the stale row reloaded the same changes go through, one statement per chunk.
    s.refresh(counters[stale_at]);
    CHECK(counters[stale_at]->version == 1);
    counters[stale_at]->hits = 5;
    sql_log log;
    log.attach(s);
    s.commit();
    CHECK(log.count_starting("UPDATE") == expected_updates(rows_in_test));
    const auto after = db.select_all<BatchCounter>();
    REQUIRE(after.size() == static_cast<std::size_t>(rows_in_test));
    for (std::size_t i = 0; i < after.size(); ++i) {
        INFO("row " << i);
        CHECK(after[i].hits == (i == stale_at ? 5 : static_cast<std::int64_t>(i) + 10'000));
        CHECK(after[i].version == (i == stale_at ? 2 : 1));
        CHECK(counters[i]->version == after[i].version);
    }
}

TEST_CASE("a row deleted by someone else is stale in a batched update", "[live][session][update]") {
    auto db = fresh_db();
    orm::session s{db};
    std::vector<orm::handle<BatchCounter>> counters;
    for (int i = 0; i < 5; ++i) counters.push_back(s.add(BatchCounter{.name = "c" + std::to_string(i)}));
    s.commit();
    {
        orm::session other{db};
        other.remove(other.get<BatchCounter>(counters[3]->id));
        other.commit();
    }
    for (auto& c : counters) c->hits = 42;
    try {
        s.commit();
        FAIL("expected a stale object error");
    } catch (const orm::stale_object_error& e) {
        CHECK(e.key() == std::to_string(counters[3]->id));
    }
    for (const auto& row : db.select_all<BatchCounter>()) {
        CHECK(row.hits == 0);
        CHECK(row.version == 0);
    }
}
