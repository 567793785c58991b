#pragma once
/// \file ref.hpp
/// A reference from one model to another: a field `ref<Author> author` is the
/// column `author_id`, a foreign key to Author's key. It holds either a key
/// or a handle to an object (pending or persistent); a handle's key is read
/// when needed, so a ref to an object not yet flushed gets its generated key.
///
///     struct Book { std::int64_t id = 0; cormorant::ref<Author> author; std::string title; };
///     Book a{.author = cormorant::ref<Author>{42}, .title = "Dune"};   // by key
///     auto ursula = s.add(Author{.name = "Ursula"});
///     Book b{.author = ursula, .title = "The Dispossessed"};           // by object
///
/// A default-constructed ref is empty (NULL); only `std::optional<ref<T>>`
/// columns accept NULL.

#include <memory>
#include <utility>

#include "cormorant/types.hpp"
#include "cormorant/value.hpp"

namespace cormorant {

template <class T>
class ref;

namespace detail {
// Defined in model.hpp, once T is complete: the key of the referenced object.
template <class T>
value ref_key(const ref<T>& r);
}  // namespace detail

template <class T>
class ref {
public:
    using model_type = T;

    /// An empty reference.
    ref() = default;

    /// A reference to the row with key `key` (any type the key column accepts).
    /// (Refs are excluded first: checking column_value<ref<U>> needs U's key
    /// type, which is circular while U's own fields are being counted.)
    template <class Key>
    requires(!detail::is_ref<Key>::value) && column_value<Key> explicit ref(const Key& key)
        : key_(column_type<Key>::to_value(key)) {}

    /// A reference to an object, usually a session handle; its key is read
    /// at flush time, after the object has been inserted.
    ref(std::shared_ptr<T> object) : target_(std::move(object)) {}

    /// True when the reference names a row or an object.
    bool has_value() const noexcept { return target_ || !key_.is_null(); }
    explicit operator bool() const noexcept { return has_value(); }

    /// The referenced object, when the ref holds one (set by assignment or
    /// by loading through a session); empty otherwise.
    const std::shared_ptr<T>& target() const noexcept { return target_; }

    /// The key, converted to `Key` (default: a 64-bit integer).
    template <class Key = std::int64_t>
    Key key() const {
        Key out{};
        column_type<Key>::from_value(raw_key(), out);
        return out;
    }

    /// The key in storage form (NULL when empty).
    value raw_key() const { return target_ ? detail::ref_key(*this) : key_; }

    static ref from_raw_key(value key) {
        ref r;
        r.key_ = std::move(key);
        return r;
    }

    /// Same target object, or else the same key.
    friend bool operator==(const ref& a, const ref& b) {
        if (a.target_ && a.target_ == b.target_) return true;
        return a.raw_key() == b.raw_key();
    }

private:
    value key_;
    std::shared_ptr<T> target_;
};

}  // namespace cormorant
