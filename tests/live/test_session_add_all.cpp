// session::add_all on every backend: handles in the order of the range, all
// pending, and one flush that inserts them with one multi-row INSERT.
#include <catch2/catch.hpp>
#include <ranges>
#include <string>
#include <vector>

#include "support/live.hpp"
#include "support/session_models.hpp"

using namespace sessionmodels;
namespace orm = cormorant;

namespace {

orm::database fresh_db() {
    auto db = testlive::open_db();
    db.drop_all<Novel, Writer, Publisher>();
    db.create_all<Novel, Writer, Publisher>();
    return db;
}

std::vector<Writer> writers(const orm::handle<Publisher>& pub, int n) {
    std::vector<Writer> out;
    for (int i = 0; i < n; ++i)
        out.push_back(
            Writer{.publisher = pub, .name = "w" + std::to_string(i), .email = std::to_string(i) + "@x"});
    return out;
}

}  // namespace

TEST_CASE("add_all returns pending handles in order and one flush inserts them in one statement",
          "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    s.commit();

    const std::vector<Writer> input = writers(pub, 5);
    const std::vector<orm::handle<Writer>> handles = s.add_all(input);
    REQUIRE(handles.size() == input.size());
    for (std::size_t i = 0; i < handles.size(); ++i) {
        CHECK(handles[i]->name == input[i].name);
        CHECK(handles[i]->id == 0);
        CHECK(s.state_of(handles[i]) == orm::object_state::pending);
    }

    std::vector<std::string> sent;
    s.trace([&](std::string_view sql) { sent.emplace_back(sql); });
    const orm::session_stats before = s.stats();
    s.commit();

    // BEGIN, one INSERT carrying the five rows, COMMIT.
    CHECK(s.stats().statements - before.statements == 3);
    CHECK(s.stats().rows_written - before.rows_written == 5);
    REQUIRE(sent.size() == 3);
    const std::string& insert = sent[1];
    CHECK(insert.rfind("INSERT INTO " + db.dialect().quote("writer"), 0) == 0);
    std::size_t rows = 0;
    for (std::size_t at = insert.find(" VALUES ("); at != std::string::npos; at = insert.find("), (", at + 1))
        ++rows;
    CHECK(rows == 5);

    // Each handle got the key of its own row.
    for (std::size_t i = 0; i < handles.size(); ++i) {
        CHECK(s.state_of(handles[i]) == orm::object_state::persistent);
        auto row = db.find<Writer>(handles[i]->id);
        REQUIRE(row);
        CHECK(row->name == input[i].name);
        CHECK(row->publisher.key() == pub->id);
    }
}

TEST_CASE("add_all takes any input range and copies its elements", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    std::vector<Writer> input = writers(pub, 6);
    // A filtered view is not a sized range.
    auto odd = input | std::views::filter([](const Writer& w) { return (w.name.back() - '0') % 2 == 1; });
    auto handles = s.add_all(odd);
    REQUIRE(handles.size() == 3);
    CHECK(handles[0]->name == "w1");
    CHECK(handles[2]->name == "w5");
    CHECK(handles[0].get() != &input[1]);  // the session holds copies
    s.commit();
    CHECK(input[1].id == 0);
    CHECK(handles[0]->id != 0);
    CHECK(db.select_all<Writer>().size() == 3);

    // An empty range adds nothing and the flush has nothing to send.
    const auto sent = s.stats().statements;
    CHECK(s.add_all(std::vector<Writer>{}).empty());
    s.commit();
    CHECK(s.stats().statements == sent);
}
