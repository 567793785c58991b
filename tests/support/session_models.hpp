#pragma once
// Models of the session tests: a three-level graph, a self reference, a
// versioned model and a cascading delete.
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace sessionmodels {

namespace orm = cormorant;

struct Publisher {
    std::int64_t id = 0;
    std::string name;
};

struct Writer {
    std::int64_t id = 0;
    orm::ref<Publisher> publisher;
    std::string name;
    std::string email;
    double rating = 0;
};

struct Novel {
    std::int64_t id = 0;
    orm::ref<Writer> writer;
    std::string title;
    int pages = 0;
    std::optional<std::string> isbn;
};

struct Staff {
    std::int64_t id = 0;
    std::string name;
    std::optional<orm::ref<Staff>> manager;
};

struct Account {
    std::int64_t id = 0;
    std::string owner;
    std::int64_t balance = 0;
    std::int32_t version = 0;
};

struct Album {
    std::int64_t id = 0;
    std::string title;
};

struct Track {
    std::int64_t id = 0;
    orm::ref<Album> album;
    std::string title;
};

}  // namespace sessionmodels

template <>
struct cormorant::model_traits<sessionmodels::Writer> {
    static constexpr auto unique = cormorant::columns(&sessionmodels::Writer::email);
};

template <>
struct cormorant::model_traits<sessionmodels::Account> {
    static constexpr auto version = &sessionmodels::Account::version;
};

template <>
struct cormorant::model_traits<sessionmodels::Track> {
    static constexpr auto cascade_delete = cormorant::columns(&sessionmodels::Track::album);
};
