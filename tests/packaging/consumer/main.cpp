// Built against cormorant by tests/packaging/check.cmake, once from an
// installed package and once through add_subdirectory: declares two models,
// writes a row of each into an in-memory SQLite database and reads them back.
// Exits non-zero on the first thing that is not as written.
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace orm = cormorant;

struct Shelf {
    std::int64_t id = 0;
    std::string label;
};

struct Volume {
    std::int64_t id = 0;
    orm::ref<Shelf> shelf;
    std::string title;
    std::optional<int> year;
    double weight = 0;
    bool lent = false;
};

template <>
struct orm::model_traits<Volume> {
    static constexpr std::string_view table = "volumes";
};

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
    if (!ok) {
        std::cerr << "consumer: FAILED: " << what << "\n";
        ++failures;
    }
}

}  // namespace

int main() try {
    auto db = orm::database::open("sqlite://:memory:");
    check(db.backend() == orm::backend_kind::sqlite, "an sqlite:// URL opens the SQLite backend");
    db.create_all<Shelf, Volume>();

    Shelf shelf{.label = "north wall"};
    db.insert(shelf);
    check(shelf.id != 0, "insert writes the generated key back into the shelf");

    Volume volume{
        .shelf = orm::ref<Shelf>{shelf.id}, .title = "Moby-Dick", .year = 1851, .weight = 0.75, .lent = true};
    db.insert(volume);
    check(volume.id != 0, "insert writes the generated key back into the volume");

    const std::vector<Volume> all = db.select_all<Volume>();
    check(all.size() == 1, "select_all returns the one volume, got " + std::to_string(all.size()));
    if (all.size() == 1) {
        const Volume& v = all.front();
        check(v.id == volume.id, "the key reads back");
        check(v.shelf.key() == shelf.id, "the shelf reference reads back");
        check(v.title == "Moby-Dick", "the title reads back, got \"" + v.title + "\"");
        check(v.year == 1851, "the optional year reads back");
        check(v.weight == 0.75, "the weight reads back, got " + std::to_string(v.weight));
        check(v.lent, "the flag reads back");
    }

    const std::optional<Shelf> found = db.find<Shelf>(shelf.id);
    check(found.has_value() && found->label == "north wall", "find<Shelf> returns the shelf by key");
    check(!db.find<Shelf>(shelf.id + 1000).has_value(), "find<Shelf> of a missing key returns nothing");

    if (failures != 0) return 1;
    std::cout << "consumer: cormorant " << shelf.id << "/" << volume.id << " round trip ok\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "consumer: FAILED with an exception: " << e.what() << "\n";
    return 1;
}
