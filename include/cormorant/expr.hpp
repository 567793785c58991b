#pragma once
/// \file expr.hpp
/// Typed conditions over a model's columns, for queries and bulk statements.
/// `col(&Book::pages)` names a column; comparing it with a value gives a
/// condition of that model, and conditions combine with `&&`, `||` and `!`.
///
///     using cormorant::col;
///     auto long_books = col(&Book::pages) > 300 && col(&Book::title).like("The %");
///     auto by_ursula = col(&Book::author) == ursula;              // a handle, a ref or a key
///     auto no_isbn = col(&Book::isbn).is_null();                  // optional members only
///     auto some = col(&Book::id).in(std::vector<std::int64_t>{1, 2, 3});
///
/// The templates here only check types and build a small tree of column
/// indexes and values; the SQL is rendered in the library, once. Values are
/// always bound, never written into the SQL text. A value of the wrong type,
/// or a member of another model, does not compile.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cormorant/model.hpp"

namespace cormorant {

template <class T>
class expr;

namespace detail {

/// A value in a condition: a storage value, or an object whose key is read
/// when the statement is rendered (so that a pending object compared with a
/// ref column has its generated key by then: queries flush first).
struct operand {
    value v;
    std::shared_ptr<void> object;
    const table_info* table = nullptr;
    /// The value to bind.
    value resolve() const;
};

enum class expr_op : std::uint8_t {
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    in,
    between,
    like,
    is_null,
    is_not_null,
    and_,
    or_,
    not_,
};

/// A node of a condition tree: a test of one column, or a combination of
/// two conditions (`and_`, `or_`) or the negation of one (`not_`, in `left`).
struct expr_node {
    expr_op op = expr_op::eq;
    std::size_t column = 0;  ///< index into table_info::columns
    std::vector<operand> operands;
    std::shared_ptr<const expr_node> left, right;
};

/// The column of field `field_index` in t; throws schema_error for a field
/// that is not a column (model_traits<T>::not_columns). Compiled in src/metadata/expr.cpp.
std::size_t column_of_field(const table_info& t, std::size_t field_index);

template <class M>
struct strip_optional {
    using type = M;
};
template <class M>
struct strip_optional<std::optional<M>> {
    using type = M;
};

template <class V>
inline constexpr bool is_plain_number = std::is_arithmetic_v<V> && !std::is_same_v<V, bool>;

/// True when a value of type V may stand for a column value of type B (B not optional, not a ref).
template <class B, class V>
consteval bool accepts_plain() {
    if constexpr (is_plain_number<B> && is_plain_number<V>) {
        // Any number compares with any number, except that a fraction never
        // stands for an integer column.
        return !(std::is_integral_v<B> && std::is_floating_point_v<V>);
    } else if constexpr (std::is_same_v<B, bool> || std::is_same_v<V, bool>) {
        return std::is_same_v<B, V>;
    } else if constexpr (std::is_same_v<B, std::string>) {
        return std::is_convertible_v<const V&, std::string_view>;
    } else {
        return std::is_convertible_v<const V&, B>;
    }
}

template <class U, class V>
consteval bool accepts_ref() {
    return std::is_same_v<V, std::shared_ptr<U>> || std::is_same_v<V, ref<U>> ||
           accepts_plain<key_type_of<U>, V>();
}

/// True when a value of type V may be compared with, or assigned to, a
/// column of member type M.
template <class M, class V>
consteval bool accepts() {
    using B = typename strip_optional<M>::type;
    if constexpr (is_optional<M>::value && (std::is_same_v<V, std::nullopt_t> || std::is_same_v<V, M>)) {
        return true;
    } else if constexpr (is_ref<B>::value) {
        return accepts_ref<typename B::model_type, V>();
    } else {
        return accepts_plain<B, V>();
    }
}

template <class B, class V>
operand plain_operand(const V& v) {
    if constexpr (is_plain_number<B> && is_plain_number<V>) {
        // The value's own form, so that a wider value is not cut to the column's type.
        return {column_type<V>::to_value(v), nullptr, nullptr};
    } else if constexpr (std::is_same_v<B, std::string>) {
        return {value{std::string(std::string_view(v))}, nullptr, nullptr};
    } else {
        return {column_type<B>::to_value(static_cast<B>(v)), nullptr, nullptr};
    }
}

/// The operand for a value V of a column of member type M (accepts<M, V>() holds).
template <class M, class V>
operand make_operand(const V& v) {
    using B = typename strip_optional<M>::type;
    if constexpr (std::is_same_v<V, std::nullopt_t>) {
        return {};
    } else if constexpr (is_optional<M>::value && std::is_same_v<V, M>) {
        return v ? make_operand<B>(*v) : operand{};
    } else if constexpr (is_ref<B>::value) {
        using U = typename B::model_type;
        if constexpr (std::is_same_v<V, std::shared_ptr<U>>) {
            return {value{}, v, &table_of<U>()};
        } else if constexpr (std::is_same_v<V, ref<U>>) {
            if (v.target()) return {value{}, v.target(), &table_of<U>()};
            return {v.raw_key(), nullptr, nullptr};
        } else {
            return plain_operand<key_type_of<U>>(v);
        }
    } else {
        return plain_operand<B>(v);
    }
}

template <class T>
std::shared_ptr<const expr_node> node_of(const expr<T>& e);

}  // namespace detail

/// A condition over the columns of model T. Build one from `col(...)`.
template <class T>
class expr {
public:
    explicit expr(std::shared_ptr<const detail::expr_node> node) : node_(std::move(node)) {}
    const std::shared_ptr<const detail::expr_node>& node() const noexcept { return node_; }

private:
    std::shared_ptr<const detail::expr_node> node_;
};

namespace detail {

template <class A, class B>
expr<A> combine(expr_op op, const expr<A>& a, const expr<B>& b) {
    static_assert(std::is_same_v<A, B>,
                  "cormorant: conditions on columns of two different models cannot be combined");
    auto n = std::make_shared<expr_node>();
    n->op = op;
    n->left = a.node();
    n->right = b.node();
    return expr<A>(std::move(n));
}

}  // namespace detail

/// Both conditions.
template <class A, class B>
expr<A> operator&&(const expr<A>& a, const expr<B>& b) {
    return detail::combine(detail::expr_op::and_, a, b);
}
/// Either condition.
template <class A, class B>
expr<A> operator||(const expr<A>& a, const expr<B>& b) {
    return detail::combine(detail::expr_op::or_, a, b);
}
/// The negation (SQL NOT: a comparison with NULL stays unknown, so it matches neither way).
template <class A>
expr<A> operator!(const expr<A>& a) {
    auto n = std::make_shared<detail::expr_node>();
    n->op = detail::expr_op::not_;
    n->left = a.node();
    return expr<A>(std::move(n));
}

/// A column of model T whose member has type M; made by col().
template <class T, class M>
class column {
public:
    explicit constexpr column(std::size_t field_index) : field_(field_index) {}

    /// The index of the member among T's fields.
    constexpr std::size_t field_index() const noexcept { return field_; }

    template <class V>
    friend expr<T> operator==(const column& c, const V& v) {
        return c.compare(detail::expr_op::eq, v);
    }
    template <class V>
    friend expr<T> operator!=(const column& c, const V& v) {
        return c.compare(detail::expr_op::ne, v);
    }
    template <class V>
    friend expr<T> operator<(const column& c, const V& v) {
        return c.compare(detail::expr_op::lt, v);
    }
    template <class V>
    friend expr<T> operator<=(const column& c, const V& v) {
        return c.compare(detail::expr_op::le, v);
    }
    template <class V>
    friend expr<T> operator>(const column& c, const V& v) {
        return c.compare(detail::expr_op::gt, v);
    }
    template <class V>
    friend expr<T> operator>=(const column& c, const V& v) {
        return c.compare(detail::expr_op::ge, v);
    }

    /// The column equals one of the values (none: matches no row).
    template <std::ranges::input_range R>
    expr<T> in(const R& values) const {
        using V = std::remove_cvref_t<std::ranges::range_value_t<R>>;
        static_assert(detail::accepts<M, V>(), "cormorant: in() needs values of the column's type");
        auto n = node(detail::expr_op::in);
        if constexpr (detail::accepts<M, V>())
            for (const auto& v : values) n->operands.push_back(detail::make_operand<M>(v));
        return expr<T>(std::move(n));
    }
    template <class V>
    expr<T> in(std::initializer_list<V> values) const {
        return in(std::vector<V>(values));
    }

    /// low <= column <= high.
    template <class V, class W>
    expr<T> between(const V& low, const W& high) const {
        static_assert(detail::accepts<M, V>() && detail::accepts<M, W>(),
                      "cormorant: between() needs bounds of the column's type");
        auto n = node(detail::expr_op::between);
        if constexpr (detail::accepts<M, V>() && detail::accepts<M, W>()) {
            n->operands.push_back(detail::make_operand<M>(low));
            n->operands.push_back(detail::make_operand<M>(high));
        }
        return expr<T>(std::move(n));
    }

    /// SQL LIKE on a text column: `%` any run of characters, `_` one
    /// character, a backslash makes the next character literal. Case
    /// sensitivity follows the database (SQLite: ASCII letters ignore case).
    expr<T> like(std::string_view pattern) const {
        static_assert(std::is_same_v<typename detail::strip_optional<M>::type, std::string>,
                      "cormorant: like() needs a text column (std::string)");
        auto n = node(detail::expr_op::like);
        n->operands.push_back({value{std::string(pattern)}, nullptr, nullptr});
        return expr<T>(std::move(n));
    }

    /// The column is NULL (std::optional members only).
    expr<T> is_null() const {
        static_assert(detail::is_optional<M>::value, "cormorant: is_null() needs a std::optional member");
        return expr<T>(node(detail::expr_op::is_null));
    }
    /// The column is not NULL (std::optional members only).
    expr<T> is_not_null() const {
        static_assert(detail::is_optional<M>::value, "cormorant: is_not_null() needs a std::optional member");
        return expr<T>(node(detail::expr_op::is_not_null));
    }

private:
    std::shared_ptr<detail::expr_node> node(detail::expr_op op) const {
        auto n = std::make_shared<detail::expr_node>();
        n->op = op;
        n->column = detail::column_of_field(table_of<T>(), field_);
        return n;
    }

    template <class V>
    expr<T> compare(detail::expr_op op, const V& v) const {
        static_assert(detail::accepts<M, V>(),
                      "cormorant: a column is compared with a value of its own type (a ref column: with a "
                      "handle, a ref or a key of the referenced model)");
        auto n = node(op);
        if constexpr (detail::accepts<M, V>()) n->operands.push_back(detail::make_operand<M>(v));
        return expr<T>(std::move(n));
    }

    std::size_t field_;
};

/// The column of a member: `col(&Book::pages)`. Evaluated at compile time.
template <class T, class M>
consteval column<T, M> col(M T::*member) {
    static_assert(!std::is_function_v<M>, "cormorant: col() takes a pointer to a data member");
    static_assert(detail::check_model<T>());
    return column<T, M>(detail::field_index_of<T>(member));
}

}  // namespace cormorant
