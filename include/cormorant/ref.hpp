#pragma once
/// \file ref.hpp
/// A reference from one model to another: a field `ref<Author> author` is the
/// column `author_id`, a foreign key to Author's key.
///
///     struct Book { std::int64_t id = 0; cormorant::ref<Author> author; std::string title; };
///     Book b{.author = cormorant::ref<Author>{42}, .title = "Dune"};
///     std::int64_t k = b.author.key();      // 42
///
/// A default-constructed ref is empty (NULL); only `std::optional<ref<T>>`
/// columns accept NULL.

#include <compare>
#include <utility>

#include "cormorant/types.hpp"
#include "cormorant/value.hpp"

namespace cormorant {

template <class T>
class ref {
public:
    using model_type = T;

    /// An empty reference.
    ref() = default;

    /// A reference to the row with key `key` (any type the key column accepts).
    template <class Key>
        requires column_value<Key>
    explicit ref(const Key& key) : key_(column_type<Key>::to_value(key)) {}

    /// True when the reference names a row.
    bool has_value() const noexcept { return !key_.is_null(); }
    explicit operator bool() const noexcept { return has_value(); }

    /// The key, converted to `Key` (default: the key type of T).
    template <class Key = std::int64_t>
    Key key() const {
        Key out{};
        column_type<Key>::from_value(key_, out);
        return out;
    }

    /// The key in storage form (NULL when empty).
    const value& raw_key() const noexcept { return key_; }
    static ref from_raw_key(value key) {
        ref r;
        r.key_ = std::move(key);
        return r;
    }

    friend bool operator==(const ref& a, const ref& b) noexcept { return a.key_ == b.key_; }

private:
    value key_;
};

}  // namespace cormorant
