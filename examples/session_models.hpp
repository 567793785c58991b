#pragma once
// The models of the session examples: authors and their books, a category
// tree (a reference to the same table), a versioned wallet and posts whose
// comments go with them.
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>

//! [models]
namespace orm = cormorant;

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    double rating = 0;
};

struct Book {
    std::int64_t id = 0;
    orm::ref<Author> author;  // column author_id -> author(id)
    std::string title;
    int pages = 0;
};

struct Category {
    std::int64_t id = 0;
    std::string name;
    std::optional<orm::ref<Category>> parent;  // NULL for a root
};

struct Wallet {
    std::int64_t id = 0;
    std::string owner;
    std::int64_t balance = 0;
    std::int32_t version = 0;  // optimistic locking, see model_traits below
};

struct Post {
    std::int64_t id = 0;
    std::string title;
};

struct Comment {
    std::int64_t id = 0;
    orm::ref<Post> post;
    std::string text;
};

template <>
struct orm::model_traits<Author> {
    static constexpr auto unique = orm::columns(&Author::email);
};

template <>
struct orm::model_traits<Wallet> {
    static constexpr auto version = &Wallet::version;
};

template <>
struct orm::model_traits<Comment> {
    static constexpr auto cascade_delete = orm::columns(&Comment::post);  // ON DELETE CASCADE
};
//! [models]
