// Matching a raw query's result columns to what it is read into: by name in
// any order, by position for tuples, and the messages for what does not fit.
#include <catch2/catch.hpp>
#include <cormorant/cormorant.hpp>
#include <string>
#include <tuple>
#include <vector>

namespace orm = cormorant;
using orm::detail::match_result_columns;
using orm::detail::result_shape;

namespace rawmatch {
struct Totals {
    std::string author;
    std::int64_t books = 0;
    std::optional<double> rating;
};
}  // namespace rawmatch

namespace {

std::string message_of(const result_shape& shape, const std::vector<std::string>& result) {
    try {
        match_result_columns(shape, result);
    } catch (const orm::schema_error& e) {
        return e.what();
    }
    return "(matched)";
}

}  // namespace

TEST_CASE("raw rows: a struct's shape is its field names and column types", "[dry][raw_rows]") {
    const result_shape s = orm::detail::shape_of_result<rawmatch::Totals>();
    CHECK(s.subject == "rows<Totals>");
    CHECK(s.names == std::vector<std::string>{"author", "books", "rating"});
    CHECK(s.types ==
          std::vector<orm::sql_type>{orm::sql_type::text, orm::sql_type::int64, orm::sql_type::float64});
    CHECK(!s.positional);
    const result_shape t = orm::detail::shape_of_result<std::tuple<int, std::string>>();
    CHECK(t.positional);
    CHECK(t.types == std::vector<orm::sql_type>{orm::sql_type::int32, orm::sql_type::text});
    STATIC_REQUIRE(orm::detail::is_result_row<rawmatch::Totals>());
    STATIC_REQUIRE(orm::detail::is_result_row<std::tuple<std::int64_t, std::optional<std::string>>>());
    STATIC_REQUIRE(!orm::detail::is_result_row<std::tuple<std::int64_t, std::vector<int>>>());
    STATIC_REQUIRE(!orm::detail::is_result_row<int>());
}

TEST_CASE("raw rows: result columns match by name in any order", "[dry][raw_rows]") {
    const result_shape s = orm::detail::shape_of_result<rawmatch::Totals>();
    CHECK(match_result_columns(s, std::vector<std::string>{"author", "books", "rating"}) ==
          std::vector<std::size_t>{0, 1, 2});
    CHECK(match_result_columns(s, std::vector<std::string>{"rating", "author", "books"}) ==
          std::vector<std::size_t>{1, 2, 0});
    CHECK(message_of(s, {"author", "rating"}) == "rows<Totals>: no column \"books\" in the result");
    CHECK(message_of(s, {"author", "books", "rating", "xyz"}) ==
          "rows<Totals>: the result's column \"xyz\" is not a field of Totals");
    CHECK(message_of(s, {"author", "books", "author"}) ==
          "rows<Totals>: the result has two columns named \"author\"");
    // Names compare exactly: the database's spelling is the one that counts.
    CHECK(message_of(s, {"Author", "books", "rating"}) ==
          "rows<Totals>: the result's column \"Author\" is not a field of Totals");
}

TEST_CASE("raw rows: tuples by position, scalars from the first column", "[dry][raw_rows]") {
    const result_shape t = orm::detail::shape_of_result<std::tuple<int, std::string>>();
    CHECK(match_result_columns(t, std::vector<std::string>{"b", "a"}) == std::vector<std::size_t>{0, 1});
    CHECK(message_of(t, {"a", "b", "c"}) == "rows of a tuple: the result has 3 columns, the tuple has 2");
    result_shape scalar;
    scalar.subject = "scalar";
    scalar.positional = scalar.first_only = true;
    scalar.types = {orm::sql_type::int64};
    CHECK(match_result_columns(scalar, std::vector<std::string>{"n", "m"}) == std::vector<std::size_t>{0});
    CHECK(message_of(scalar, {}) == "scalar: the result has no column");
}

TEST_CASE("raw rows: a value that does not fit names the column and type only", "[dry][raw_rows]") {
    const result_shape s = orm::detail::shape_of_result<rawmatch::Totals>();
    rawmatch::Totals out;
    const std::vector<orm::value> row{orm::value{std::string("Le Guin")}, orm::value{std::string("secret")},
                                      orm::value{}};
    try {
        orm::detail::fill_result(s, row, out);
        FAIL("no error");
    } catch (const orm::value_error& e) {
        CHECK(std::string(e.what()) == "Totals.books: cannot read the value as int64");
    }
    const std::vector<orm::value> null_books{orm::value{std::string("x")}, orm::value{}, orm::value{}};
    CHECK_THROWS_WITH(orm::detail::fill_result(s, null_books, out),
                      "Totals.books: NULL where the field is not optional");
    const std::vector<orm::value> good{orm::value{std::string("x")}, orm::value{std::int64_t{3}},
                                       orm::value{}};
    orm::detail::fill_result(s, good, out);
    CHECK(out.author == "x");
    CHECK(out.books == 3);
    CHECK(!out.rating);
}
