// Column defaults and automatic timestamps on every backend: the DEFAULTs
// create_all declares apply to rows written by hand-written SQL that leaves
// the columns out; created_at and updated_at are set by the flush, sent in
// the same (batched) statements, read back unchanged and put back by an
// atomic block that rolls back.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/live.hpp"
#include "support/sql_log.hpp"

namespace orm = cormorant;
using std::chrono::system_clock;
using testlive::sql_log;

namespace dfmodels {

struct DfPost {
    std::int64_t id = 0;
    std::string title;
    int views = 7;
    bool published = true;
    bool hidden = false;
    std::string status = "it's a \\ draft";
    double score = 2.5;
    float ratio = 0.1f;
    orm::blob bytes{std::byte{0x0a}, std::byte{0xff}};
    std::optional<int> rating = 3;
    std::optional<std::string> note;
};

struct DfStamped {
    std::int64_t id = 0;
    std::string name;
    system_clock::time_point created_at{};
    system_clock::time_point updated_at{};
};

}  // namespace dfmodels

template <>
struct cormorant::model_traits<dfmodels::DfPost> {
    static constexpr std::string_view table = "df_posts";
};
template <>
struct cormorant::model_traits<dfmodels::DfStamped> {
    static constexpr std::string_view table = "df_stamped";
    static constexpr auto created_at = &dfmodels::DfStamped::created_at;
    static constexpr auto updated_at = &dfmodels::DfStamped::updated_at;
};

using namespace dfmodels;

namespace {

orm::database stamped_db() {
    auto db = testlive::open_db();
    db.drop_all<DfStamped>();
    db.create_all<DfStamped>();
    return db;
}

bool whole_microseconds(system_clock::time_point t) {
    return std::chrono::floor<std::chrono::microseconds>(t) == t;
}

}  // namespace

TEST_CASE("defaults: a row written by raw SQL without the columns gets the model's defaults",
          "[live][defaults]") {
    auto db = testlive::open_db();
    db.drop_all<DfPost>();
    db.create_all<DfPost>();
    orm::session s{db};
    CHECK(s.execute("INSERT INTO df_posts (title) VALUES (?)", "x") == 1);
    const auto rows = db.select_all<DfPost>();
    REQUIRE(rows.size() == 1);
    const DfPost& p = rows[0];
    CHECK(p.title == "x");
    CHECK(p.views == 7);
    CHECK(p.published);
    CHECK_FALSE(p.hidden);
    CHECK(p.status == "it's a \\ draft");
    CHECK(p.score == 2.5);
    CHECK(p.ratio == 0.1f);
    CHECK(p.bytes == orm::blob{std::byte{0x0a}, std::byte{0xff}});
    CHECK(p.rating == 3);
    CHECK_FALSE(p.note.has_value());
    // The empty optional column has no DEFAULT: it is NULL.
    s.use_connection([&](orm::connection& c) {
        CHECK(testlive::query_text(c, "SELECT COUNT(*) FROM df_posts WHERE note IS NULL") == "1");
    });
    db.drop_all<DfPost>();
}

TEST_CASE("timestamps: an insert sets created_at and updated_at to the flush's time", "[live][defaults]") {
    auto db = stamped_db();
    orm::session s{db};
    sql_log log;
    log.attach(s);
    const auto before = system_clock::now();
    auto a = s.add(DfStamped{.name = "a"});
    s.commit();
    const auto after = system_clock::now();
    CHECK(a->created_at == a->updated_at);
    CHECK(a->created_at >= std::chrono::floor<std::chrono::microseconds>(before));
    CHECK(a->created_at <= after);
    CHECK(after - a->created_at < std::chrono::seconds(5));
    CHECK(whole_microseconds(a->created_at));
    // Sent in the INSERT itself, nothing afterwards.
    CHECK(log.writes().size() == 1);
    CHECK(log.count_starting("INSERT") == 1);
    const auto rows = db.select_all<DfStamped>();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].created_at == a->created_at);
    CHECK(rows[0].updated_at == a->updated_at);
    db.drop_all<DfStamped>();
}

TEST_CASE("timestamps: an update moves updated_at only, an unchanged object sends nothing",
          "[live][defaults]") {
    auto db = stamped_db();
    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto a = s.add(DfStamped{.name = "a"});
    s.commit();
    const auto created = a->created_at;

    log.statements.clear();
    s.commit();
    CHECK(log.writes().empty());
    CHECK(a->updated_at == created);

    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    a->name = "b";
    log.statements.clear();
    s.commit();
    const auto q = [&](const char* name) { return db.dialect().quote(name); };
    CHECK(log.writes() ==
          std::vector<std::string>{"UPDATE " + q("df_stamped") + " SET " + q("name") + " = :p1, " +
                                   q("updated_at") + " = :p2 WHERE " + q("id") + " = :p3"});
    CHECK(a->created_at == created);
    CHECK(a->updated_at > created);
    CHECK(whole_microseconds(a->updated_at));
    const auto rows = db.select_all<DfStamped>();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].name == "b");
    CHECK(rows[0].created_at == created);
    CHECK(rows[0].updated_at == a->updated_at);
    db.drop_all<DfStamped>();
}

TEST_CASE("timestamps: 100 new objects share one INSERT and one instant", "[live][defaults]") {
    auto db = stamped_db();
    orm::session s{db};
    sql_log log;
    log.attach(s);
    std::vector<orm::handle<DfStamped>> added;
    for (int i = 0; i < 100; ++i) added.push_back(s.add(DfStamped{.name = "n" + std::to_string(i)}));
    s.commit();
    CHECK(log.count_starting("INSERT") == 1);
    for (const auto& o : added) {
        CHECK(o->created_at == added.front()->created_at);
        CHECK(o->updated_at == added.front()->created_at);
    }
    const auto rows = db.select_all<DfStamped>();
    REQUIRE(rows.size() == 100);
    for (const auto& r : rows) CHECK(r.created_at == added.front()->created_at);

    // Changed rows are batched as well: one timestamp, grouped as one step.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (auto& o : added) o->name += "!";
    log.statements.clear();
    s.commit();
    for (const auto& o : added) CHECK(o->updated_at == added.front()->updated_at);
    CHECK(added.front()->updated_at > added.front()->created_at);
    if (db.dialect().batch_updates() != orm::update_batching::per_row)
        CHECK(log.count_starting("UPDATE") == 1);
    db.drop_all<DfStamped>();
}

TEST_CASE("timestamps: an atomic block that rolls back puts them back", "[live][defaults]") {
    auto db = stamped_db();
    orm::session s{db};
    auto a = s.add(DfStamped{.name = "a"});
    s.commit();
    const auto stamped = a->created_at;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));

    orm::handle<DfStamped> b;
    CHECK_THROWS_AS(s.atomic([&] {
        a->name = "changed";
        b = s.add(DfStamped{.name = "b"});
        s.flush();
        CHECK(a->updated_at > stamped);
        CHECK(b->created_at == a->updated_at);
        throw std::runtime_error("undo");
    }),
                    std::runtime_error);
    CHECK(a->name == "a");
    CHECK(a->created_at == stamped);
    CHECK(a->updated_at == stamped);
    // The new object is as it was before the block: no key, no timestamps.
    CHECK(s.state_of(b) == orm::object_state::detached);
    CHECK(b->id == 0);
    CHECK(b->created_at == system_clock::time_point{});
    CHECK(b->updated_at == system_clock::time_point{});
    const auto rows = db.select_all<DfStamped>();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].updated_at == stamped);
    db.drop_all<DfStamped>();
}
