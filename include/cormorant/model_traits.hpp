#pragma once
/// \file model_traits.hpp
/// Optional per-model settings, declared outside the struct. Every member is
/// optional; leave out what the defaults already do right.
///
///     template <> struct cormorant::model_traits<Author> {
///         static constexpr std::string_view table = "authors";           // default: "author"
///         static constexpr auto key = &Author::id;                        // default: the field named id
///         static constexpr auto unique = cormorant::columns(&Author::email);
///         static constexpr auto indexes = std::tuple{cormorant::columns(&Author::name),
///                                                    cormorant::columns(&Author::born, &Author::name)};
///         static constexpr auto column_names = std::tuple{cormorant::rename(&Author::email,
///         "email_address")}; static constexpr auto not_columns = cormorant::columns(&Author::cache);
///     };
///
/// Automatic timestamps: `created_at` names a time-point field the flush sets
/// when the row is inserted, `updated_at` one it sets then and whenever the
/// row is updated (UTC, microseconds, one instant per flush):
///
///     struct Article { std::int64_t id = 0; std::string title;
///                      std::chrono::system_clock::time_point created_at{}, updated_at{}; };
///     template <> struct cormorant::model_traits<Article> {
///         static constexpr auto created_at = &Article::created_at;
///         static constexpr auto updated_at = &Article::updated_at;
///     };
///
/// `version` (a pointer to an integer field) turns on optimistic locking;
/// `cascade_delete` (`columns(&T::ref_field, ...)`) makes those foreign keys
/// ON DELETE CASCADE.
///
/// `unique` and `indexes` take one `columns(...)` (one constraint) or a
/// std::tuple of them (several). `key` also accepts a field name as a
/// std::string_view.

#include <string_view>
#include <tuple>

namespace cormorant {

/// Specialise for a model to override its defaults. The primary template is empty.
template <class T>
struct model_traits {};

/// A list of fields given as pointers to members: `columns(&Book::author, &Book::title)`.
template <class... Members>
struct column_list {
    std::tuple<Members...> members;
};

template <class... Members>
constexpr column_list<Members...> columns(Members... members) {
    return column_list<Members...>{std::tuple<Members...>{members...}};
}

/// A column name for one field: `rename(&Author::email, "email_address")`.
template <class Member>
struct column_rename {
    Member member;
    std::string_view name;
};

template <class Member>
constexpr column_rename<Member> rename(Member member, std::string_view name) {
    return column_rename<Member>{member, name};
}

}  // namespace cormorant
