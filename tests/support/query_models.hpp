#pragma once
// Models of the query tests: authors and their books, a note for text
// binding, a versioned counter and a cascading child (chapters of a book) for bulk
// statements.
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace querymodels {

namespace orm = cormorant;

struct QAuthor {
    std::int64_t id = 0;
    std::string name;
    std::optional<int> born;
    double rating = 0;
    bool active = true;
};

struct QBook {
    std::int64_t id = 0;
    orm::ref<QAuthor> author;
    std::string title;
    int pages = 0;
    std::optional<std::string> isbn;
};

struct QNote {
    std::int64_t id = 0;
    std::string text;
    std::optional<std::string> extra;
};

struct QCounter {
    std::int64_t id = 0;
    std::string name;
    std::int64_t hits = 0;
    std::int32_t version = 0;
};

struct QChapter {
    std::int64_t id = 0;
    orm::ref<QBook> book;
    std::string title;
};

}  // namespace querymodels

template <>
struct cormorant::model_traits<querymodels::QAuthor> {
    static constexpr std::string_view table = "q_authors";
};
template <>
struct cormorant::model_traits<querymodels::QBook> {
    static constexpr std::string_view table = "q_books";
};
template <>
struct cormorant::model_traits<querymodels::QChapter> {
    static constexpr std::string_view table = "q_chapters";
    static constexpr auto cascade_delete = cormorant::columns(&querymodels::QChapter::book);
};
template <>
struct cormorant::model_traits<querymodels::QNote> {
    static constexpr std::string_view table = "q_notes";
};
template <>
struct cormorant::model_traits<querymodels::QCounter> {
    static constexpr std::string_view table = "q_counters";
    static constexpr auto version = &querymodels::QCounter::version;
};
