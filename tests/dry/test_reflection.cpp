// Reflection: field names, type names and field indexes, all at compile time.

#include <catch2/catch.hpp>
#include <string_view>
#include <type_traits>

#include "support/models.hpp"

namespace reflection_outer::inner {
struct Deep {
    int id = 0;
};
}  // namespace reflection_outer::inner

struct GlobalModel {
    int id = 0;
    int value = 0;
};

namespace {
struct Hidden {
    int id = 0;
};
}  // namespace

using namespace testmodels;
using cormorant::detail::field_count;
using cormorant::detail::field_index_of;
using cormorant::detail::field_name;
using cormorant::detail::npos;
using cormorant::detail::type_name;
using cormorant::detail::unqualified_type_name;

TEST_CASE("field_name reads member names of plain models", "[dry][reflection]") {
    STATIC_REQUIRE(field_count<Author> == 6);
    CHECK(field_name<Author, 0>() == "id");
    CHECK(field_name<Author, 1>() == "name");
    CHECK(field_name<Author, 2>() == "email");
    CHECK(field_name<Author, 3>() == "born");
    CHECK(field_name<Author, 4>() == "rating");
    CHECK(field_name<Author, 5>() == "active");

    STATIC_REQUIRE(field_count<Book> == 5);
    CHECK(field_name<Book, 1>() == "author");
    CHECK(field_name<Book, 4>() == "isbn");

    CHECK(field_name<City, 0>() == "city_no");
    CHECK(field_name<Country, 3>() == "cached_label");
    CHECK(field_name<Employee, 2>() == "manager");
}

TEST_CASE("field_name covers every field of EveryType", "[dry][reflection]") {
    STATIC_REQUIRE(field_count<EveryType> == 24);
    CHECK(field_name<EveryType, 0>() == "id");
    CHECK(field_name<EveryType, 1>() == "i8");
    CHECK(field_name<EveryType, 8>() == "u64");
    CHECK(field_name<EveryType, 13>() == "bytes");
    CHECK(field_name<EveryType, 14>() == "at");
    CHECK(field_name<EveryType, 15>() == "day");
    CHECK(field_name<EveryType, 17>() == "price");
    CHECK(field_name<EveryType, 23>() == "maybe_flag");
}

TEST_CASE("field_name works for non-default-constructible fields and const members", "[dry][reflection]") {
    STATIC_REQUIRE_FALSE(std::is_default_constructible_v<Label>);
    STATIC_REQUIRE(field_count<Tagged> == 4);
    CHECK(field_name<Tagged, 0>() == "id");
    CHECK(field_name<Tagged, 1>() == "label");
    CHECK(field_name<Tagged, 2>() == "revision");
    CHECK(field_name<Tagged, 3>() == "note");
    STATIC_REQUIRE(std::is_same_v<cormorant::detail::field_type<Tagged, 2>, const std::int32_t>);
}

TEST_CASE("field names are usable in constant expressions", "[dry][reflection]") {
    constexpr std::string_view name = field_name<Book, 2>();
    STATIC_REQUIRE(name == "title");
    STATIC_REQUIRE(field_name<Tagged, 1>() == "label");
}

TEST_CASE("type_name and unqualified_type_name", "[dry][reflection]") {
    CHECK(type_name<Author>() == "testmodels::Author");
    CHECK(unqualified_type_name<Author>() == "Author");
    CHECK(type_name<EveryType>() == "testmodels::EveryType");
    CHECK(unqualified_type_name<EveryType>() == "EveryType");

    CHECK(type_name<reflection_outer::inner::Deep>() == "reflection_outer::inner::Deep");
    CHECK(unqualified_type_name<reflection_outer::inner::Deep>() == "Deep");

    CHECK(type_name<GlobalModel>() == "GlobalModel");
    CHECK(unqualified_type_name<GlobalModel>() == "GlobalModel");

    CHECK(unqualified_type_name<Hidden>() == "Hidden");
    STATIC_REQUIRE(unqualified_type_name<CycleA>() == "CycleA");
}

TEST_CASE("declared_in_function tells local classes apart", "[dry][reflection]") {
    struct Local {
        int id = 0;
    };
    STATIC_REQUIRE(cormorant::detail::declared_in_function<Local>());
    STATIC_REQUIRE_FALSE(cormorant::detail::declared_in_function<Author>());
    STATIC_REQUIRE_FALSE(cormorant::detail::declared_in_function<reflection_outer::inner::Deep>());
    STATIC_REQUIRE_FALSE(cormorant::detail::declared_in_function<Hidden>());
}

TEST_CASE("field_index_of by member pointer", "[dry][reflection]") {
    // Fields of the same type are told apart by address, not by type.
    constexpr std::size_t name = field_index_of<Author>(&Author::name);
    constexpr std::size_t email = field_index_of<Author>(&Author::email);
    constexpr std::size_t id = field_index_of<Author>(&Author::id);
    constexpr std::size_t active = field_index_of<Author>(&Author::active);
    CHECK(id == 0);
    CHECK(name == 1);
    CHECK(email == 2);
    CHECK(active == 5);

    constexpr std::size_t author = field_index_of<Book>(&Book::author);
    constexpr std::size_t isbn = field_index_of<Book>(&Book::isbn);
    CHECK(author == 1);
    CHECK(isbn == 4);

    constexpr std::size_t maybe_at = field_index_of<EveryType>(&EveryType::maybe_at);
    constexpr std::size_t i64 = field_index_of<EveryType>(&EveryType::i64);
    constexpr std::size_t u64 = field_index_of<EveryType>(&EveryType::u64);
    CHECK(maybe_at == 22);
    CHECK(i64 == 7);
    CHECK(u64 == 8);

    // A const member and a field whose type has no default constructor.
    constexpr std::size_t revision = field_index_of<Tagged>(&Tagged::revision);
    constexpr std::size_t label = field_index_of<Tagged>(&Tagged::label);
    CHECK(revision == 2);
    CHECK(label == 1);
}

TEST_CASE("field_index_of by name", "[dry][reflection]") {
    constexpr std::size_t email = field_index_of<Author>(std::string_view{"email"});
    constexpr std::size_t title = field_index_of<Book>(std::string_view{"title"});
    constexpr std::size_t code = field_index_of<Country>(std::string_view{"code"});
    constexpr std::size_t revision = field_index_of<Tagged>(std::string_view{"revision"});
    constexpr std::size_t missing = field_index_of<Author>(std::string_view{"mail"});
    constexpr std::size_t prefix = field_index_of<EveryType>(std::string_view{"maybe"});
    constexpr std::size_t empty = field_index_of<Author>(std::string_view{});
    CHECK(email == 2);
    CHECK(title == 2);
    CHECK(code == 0);
    CHECK(revision == 2);
    CHECK(missing == npos);
    CHECK(prefix == npos);
    CHECK(empty == npos);
    // Names are matched exactly, including case.
    STATIC_REQUIRE(field_index_of<Author>(std::string_view{"Email"}) == npos);
    STATIC_REQUIRE(field_index_of<EveryType>(std::string_view{"maybe_flag"}) == 23);
}
