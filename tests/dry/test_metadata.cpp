// Metadata: what table_of<T>() makes of a model (names, key, columns,
// foreign keys, unique constraints, indexes, types).

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/models.hpp"

using namespace testmodels;
using cormorant::column_info;
using cormorant::sql_type;
using cormorant::table_info;
using cormorant::table_of;

namespace {

std::vector<std::string> column_names(const table_info& t) {
    std::vector<std::string> out;
    for (const column_info& c : t.columns) out.push_back(c.name);
    return out;
}

/// The message of the E that f throws; fails the test when f throws nothing.
template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    FAIL_CHECK("no exception was thrown");
    return {};
}

/// The table a column references, or nullptr.
const table_info* target_of(const column_info& c) {
    return c.references ? &c.references() : nullptr;
}

const column_info& column(const table_info& t, std::string_view name) {
    const column_info* c = t.find_column(name);
    REQUIRE(c != nullptr);
    return *c;
}

}  // namespace

TEST_CASE("snake_case turns type names into table names", "[dry][metadata]") {
    using cormorant::snake_case;
    CHECK(snake_case("Author") == "author");
    CHECK(snake_case("BookAuthor") == "book_author");
    CHECK(snake_case("HTTPServerLog") == "http_server_log");
    CHECK(snake_case("A1B") == "a1_b");
    CHECK(snake_case("EveryType") == "every_type");
    CHECK(snake_case("already_snake") == "already_snake");
    CHECK(snake_case("Order2Line") == "order2_line");
    CHECK(snake_case("URL") == "url");
    CHECK(snake_case("lowerCamel") == "lower_camel");
    CHECK(snake_case("With_Underscore") == "with_underscore");
    CHECK(snake_case("") == "");
}

TEST_CASE("default table name: snake_case of the type name without namespaces", "[dry][metadata]") {
    CHECK(table_of<EveryType>().name == "every_type");
    CHECK(table_of<City>().name == "city");
    CHECK(table_of<Employee>().name == "employee");
    CHECK(table_of<CycleA>().name == "cycle_a");
    CHECK(table_of<TriC>().name == "tri_c");
    CHECK(table_of<EveryType>().type_name == "testmodels::EveryType");
}

TEST_CASE("model_traits table name", "[dry][metadata]") {
    CHECK(table_of<Author>().name == "authors");
    CHECK(table_of<Book>().name == "books");
    CHECK(table_of<Country>().name == "countries");
    CHECK(table_of<QuotedNames>().name == "odd\"table`name");
}

TEST_CASE("default key is the field id, generated for integers", "[dry][metadata]") {
    const table_info& t = table_of<Author>();
    REQUIRE(t.key == 0);
    const column_info& key = t.key_column();
    CHECK(key.name == "id");
    CHECK(key.key);
    CHECK(key.generated);
    CHECK_FALSE(key.nullable);
    CHECK(key.type == sql_type::int64);
    for (std::size_t i = 1; i < t.columns.size(); ++i) {
        CHECK_FALSE(t.columns[i].key);
        CHECK_FALSE(t.columns[i].generated);
    }
    STATIC_REQUIRE(std::is_same_v<cormorant::key_type_of<Author>, std::int64_t>);
}

TEST_CASE("key named in traits by name: a text key is not generated", "[dry][metadata]") {
    const table_info& t = table_of<Country>();
    CHECK(t.key == 0);
    CHECK(t.key_column().name == "code");
    CHECK(t.key_column().key);
    CHECK_FALSE(t.key_column().generated);
    CHECK(t.key_column().type == sql_type::text);
    STATIC_REQUIRE(std::is_same_v<cormorant::key_type_of<Country>, std::string>);
}

TEST_CASE("key named in traits by member pointer: an integer key is generated", "[dry][metadata]") {
    const table_info& t = table_of<City>();
    CHECK(t.key == 0);
    CHECK(t.key_column().name == "city_no");
    CHECK(t.key_column().generated);
    CHECK(t.key_column().type == sql_type::int32);
    STATIC_REQUIRE(std::is_same_v<cormorant::key_type_of<City>, std::int32_t>);
}

TEST_CASE("a ref field x is the column x_id referencing the target table", "[dry][metadata]") {
    const table_info& t = table_of<Book>();
    CHECK(column_names(t) == std::vector<std::string>{"id", "author_id", "title", "pages", "isbn"});
    const column_info& author = column(t, "author_id");
    CHECK(author.field == "author");
    CHECK(author.field_index == 1);
    REQUIRE(target_of(author) == &table_of<Author>());
    CHECK(author.references().name == "authors");
    // The column takes the type of the referenced key.
    CHECK(author.type == sql_type::int64);
    CHECK_FALSE(author.nullable);
    CHECK_FALSE(author.cascade_delete);
    for (const column_info& c : t.columns)
        if (c.name != "author_id") CHECK(target_of(c) == nullptr);
}

TEST_CASE("a ref to a text key is a text column", "[dry][metadata]") {
    const table_info& t = table_of<Embassy>();
    CHECK(column_names(t) == std::vector<std::string>{"id", "country_id", "accredited_to_id", "address"});
    const column_info& country = column(t, "country_id");
    CHECK(country.type == sql_type::text);
    CHECK_FALSE(country.nullable);
    CHECK(target_of(country) == &table_of<Country>());
    const column_info& accredited = column(t, "accredited_to_id");
    CHECK(accredited.type == sql_type::text);
    CHECK(accredited.nullable);
    CHECK(target_of(accredited) == &table_of<Country>());
}

TEST_CASE("renamed columns, including a renamed ref", "[dry][metadata]") {
    const table_info& country = table_of<Country>();
    CHECK(column_names(country) == std::vector<std::string>{"code", "country_name", "population"});
    CHECK(column(country, "country_name").field == "name");
    CHECK(country.find_column("name") == nullptr);

    const table_info& city = table_of<City>();
    CHECK(column_names(city) ==
          std::vector<std::string>{"city_no", "country_code", "name", "postcode", "lat"});
    const column_info& ref = column(city, "country_code");
    CHECK(ref.field == "country");
    CHECK(target_of(ref) == &table_of<Country>());
    CHECK(ref.type == sql_type::text);
    CHECK(city.find_column("country_id") == nullptr);
}

TEST_CASE("optional fields are nullable, others are not", "[dry][metadata]") {
    const table_info& a = table_of<Author>();
    CHECK(column(a, "born").nullable);
    CHECK(column(a, "born").type == sql_type::int32);
    CHECK_FALSE(column(a, "name").nullable);
    CHECK_FALSE(column(a, "rating").nullable);

    const table_info& e = table_of<EveryType>();
    for (const column_info& c : e.columns) {
        INFO(c.name);
        CHECK(c.nullable == (c.name.rfind("maybe_", 0) == 0));
    }
}

TEST_CASE("not_columns are left out", "[dry][metadata]") {
    const table_info& t = table_of<Country>();
    CHECK(t.columns.size() == 3);
    CHECK(t.find_column("cached_label") == nullptr);
    for (const column_info& c : t.columns) CHECK(c.field != "cached_label");
    // field_index keeps pointing at the struct's fields.
    CHECK(column(t, "population").field_index == 2);
}

TEST_CASE("unique constraints, single and multi-column, with their names", "[dry][metadata]") {
    const table_info& author = table_of<Author>();
    REQUIRE(author.uniques.size() == 1);
    CHECK(author.uniques[0].name == "uq_authors_email");
    CHECK(author.uniques[0].unique);
    CHECK(author.uniques[0].columns == std::vector<std::size_t>{2});
    CHECK(author.indexes.empty());

    const table_info& country = table_of<Country>();
    REQUIRE(country.uniques.size() == 1);
    // Named after the column, not the field.
    CHECK(country.uniques[0].name == "uq_countries_country_name");
    CHECK(country.uniques[0].columns == std::vector<std::size_t>{1});

    const table_info& city = table_of<City>();
    REQUIRE(city.uniques.size() == 2);
    CHECK(city.uniques[0].name == "uq_city_country_code_name");
    CHECK(city.uniques[0].columns == std::vector<std::size_t>{1, 2});
    CHECK(city.uniques[0].unique);
    CHECK(city.uniques[1].name == "uq_city_postcode");
    CHECK(city.uniques[1].columns == std::vector<std::size_t>{3});

    CHECK(table_of<Book>().uniques.empty());
    CHECK(table_of<EveryType>().uniques.empty());
}

TEST_CASE("indexes with their names", "[dry][metadata]") {
    const table_info& book = table_of<Book>();
    REQUIRE(book.indexes.size() == 1);
    CHECK(book.indexes[0].name == "ix_books_title");
    CHECK_FALSE(book.indexes[0].unique);
    CHECK(book.indexes[0].columns == std::vector<std::size_t>{2});

    const table_info& city = table_of<City>();
    REQUIRE(city.indexes.size() == 2);
    CHECK(city.indexes[0].name == "ix_city_name");
    CHECK(city.indexes[0].columns == std::vector<std::size_t>{2});
    CHECK(city.indexes[1].name == "ix_city_lat_name");
    CHECK(city.indexes[1].columns == std::vector<std::size_t>{4, 2});
    CHECK_FALSE(city.indexes[1].unique);
}

TEST_CASE("is_indexed: columns in a unique constraint or an index", "[dry][metadata]") {
    const table_info& city = table_of<City>();
    CHECK_FALSE(city.is_indexed(0));  // the key: neither
    CHECK(city.is_indexed(1));        // unique (country_code, name)
    CHECK(city.is_indexed(2));        // unique and index
    CHECK(city.is_indexed(3));        // unique (postcode)
    CHECK(city.is_indexed(4));        // index (lat, name)

    const table_info& book = table_of<Book>();
    CHECK_FALSE(book.is_indexed(1));
    CHECK(book.is_indexed(2));
    CHECK_FALSE(book.is_indexed(4));
}

TEST_CASE("sql_type of every built-in type", "[dry][metadata]") {
    const table_info& t = table_of<EveryType>();
    const std::vector<std::pair<std::string, sql_type>> expected{
        {"id", sql_type::int64},         {"i8", sql_type::int16},           {"u8", sql_type::int16},
        {"i16", sql_type::int16},        {"u16", sql_type::int32},          {"i32", sql_type::int32},
        {"u32", sql_type::int64},        {"i64", sql_type::int64},          {"u64", sql_type::int64},
        {"flag", sql_type::boolean},     {"f32", sql_type::float32},        {"f64", sql_type::float64},
        {"text", sql_type::text},        {"bytes", sql_type::blob},         {"at", sql_type::timestamp},
        {"day", sql_type::date},         {"colour", sql_type::int16},       {"price", sql_type::int64},
        {"maybe_int", sql_type::int64},  {"maybe_real", sql_type::float64}, {"maybe_text", sql_type::text},
        {"maybe_bytes", sql_type::blob}, {"maybe_at", sql_type::timestamp}, {"maybe_flag", sql_type::boolean},
    };
    REQUIRE(t.columns.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO(expected[i].first);
        CHECK(t.columns[i].name == expected[i].first);
        CHECK(t.columns[i].field == expected[i].first);
        CHECK(t.columns[i].field_index == i);
        CHECK(cormorant::to_string(t.columns[i].type) ==
              std::string(cormorant::to_string(expected[i].second)));
    }
    CHECK(cormorant::sql::column_types(t).size() == t.columns.size());
    CHECK(cormorant::sql::column_types(t)[13] == sql_type::blob);
}

TEST_CASE("sql_type of integers, enums and converted types", "[dry][metadata]") {
    using cormorant::column_type;
    STATIC_REQUIRE(column_type<std::int8_t>::type == sql_type::int16);
    STATIC_REQUIRE(column_type<std::uint8_t>::type == sql_type::int16);
    STATIC_REQUIRE(column_type<std::int16_t>::type == sql_type::int16);
    STATIC_REQUIRE(column_type<std::uint16_t>::type == sql_type::int32);
    STATIC_REQUIRE(column_type<std::int32_t>::type == sql_type::int32);
    STATIC_REQUIRE(column_type<std::uint32_t>::type == sql_type::int64);
    STATIC_REQUIRE(column_type<std::int64_t>::type == sql_type::int64);
    STATIC_REQUIRE(column_type<std::uint64_t>::type == sql_type::int64);
    STATIC_REQUIRE(column_type<long long>::type == sql_type::int64);
    STATIC_REQUIRE(column_type<char>::type == sql_type::int16);
    STATIC_REQUIRE(column_type<bool>::type == sql_type::boolean);
    // Enums by their underlying type.
    enum class small_enum : std::uint8_t { a };
    enum class wide_enum : std::uint32_t { a };
    enum class plain_enum { a };
    STATIC_REQUIRE(column_type<Colour>::type == sql_type::int16);
    STATIC_REQUIRE(column_type<small_enum>::type == sql_type::int16);
    STATIC_REQUIRE(column_type<wide_enum>::type == sql_type::int64);
    STATIC_REQUIRE(column_type<plain_enum>::type == sql_type::int32);
    // User types through type_conversion take their base type's column type.
    STATIC_REQUIRE(column_type<Money>::type == sql_type::int64);
    STATIC_REQUIRE_FALSE(column_type<Money>::nullable);
    STATIC_REQUIRE(column_type<std::optional<Money>>::nullable);
    STATIC_REQUIRE(column_type<Label>::type == sql_type::text);
    // A ref takes the type of the referenced key.
    STATIC_REQUIRE(column_type<cormorant::ref<City>>::type == sql_type::int32);
    STATIC_REQUIRE(column_type<cormorant::ref<Country>>::type == sql_type::text);
    STATIC_REQUIRE(column_type<std::optional<cormorant::ref<Country>>>::nullable);
    STATIC_REQUIRE_FALSE(cormorant::column_value<long double*>);
    STATIC_REQUIRE_FALSE(cormorant::column_value<Author>);
}

TEST_CASE("self-reference: a nullable ref to the same table", "[dry][metadata]") {
    const table_info& t = table_of<Employee>();
    CHECK(column_names(t) == std::vector<std::string>{"id", "name", "manager_id"});
    const column_info& manager = column(t, "manager_id");
    CHECK(manager.field == "manager");
    CHECK(manager.nullable);
    CHECK(manager.type == sql_type::int64);
    CHECK(target_of(manager) == &t);
}

TEST_CASE("refs to incomplete types at the point of declaration", "[dry][metadata]") {
    const table_info& a = table_of<CycleA>();
    const table_info& b = table_of<CycleB>();
    CHECK(column_names(a) == std::vector<std::string>{"id", "b_id"});
    CHECK(column_names(b) == std::vector<std::string>{"id", "a_id"});
    CHECK(&a.columns[1].references() == &b);
    CHECK(&b.columns[1].references() == &a);
    CHECK(&table_of<TriA>().columns[1].references() == &table_of<TriB>());
    CHECK(&table_of<TriC>().columns[1].references() == &table_of<TriA>());
}

TEST_CASE("version column and cascade delete", "[dry][metadata]") {
    const table_info& t = table_of<Chapter>();
    CHECK(column_names(t) == std::vector<std::string>{"id", "book_id", "heading", "version"});
    REQUIRE(t.version.has_value());
    CHECK(*t.version == 3);
    CHECK(t.columns[3].version);
    CHECK(t.columns[3].type == sql_type::int32);
    CHECK(t.columns[1].cascade_delete);
    CHECK(target_of(t.columns[1]) == &table_of<Book>());
    CHECK_FALSE(t.columns[2].cascade_delete);
    CHECK_FALSE(table_of<Book>().version.has_value());
    for (const column_info& c : table_of<Book>().columns) CHECK_FALSE(c.version);
}

TEST_CASE("column accessors move values between objects and storage form", "[dry][metadata]") {
    const table_info& t = table_of<Book>();
    Book book{.id = 7, .author = cormorant::ref<Author>{std::int64_t{3}}, .title = "Dune", .pages = 412};
    CHECK(t.get(&book, 0) == cormorant::value{std::int64_t{7}});
    CHECK(t.get(&book, 1) == cormorant::value{std::int64_t{3}});
    CHECK(t.get(&book, 2) == cormorant::value{std::string{"Dune"}});
    CHECK(t.get(&book, 4).is_null());

    Book copy;
    for (std::size_t i = 0; i < t.columns.size(); ++i) t.set(&copy, i, t.get(&book, i));
    CHECK(copy.id == 7);
    CHECK(copy.author.key() == 3);
    CHECK(copy.title == "Dune");
    CHECK(copy.pages == 412);
    CHECK_FALSE(copy.isbn.has_value());
    for (std::size_t i = 0; i < t.columns.size(); ++i) CHECK(t.columns[i].equal(&book, &copy));

    copy.pages = 413;
    CHECK_FALSE(t.columns[3].equal(&book, &copy));
    t.columns[3].copy(&copy, &book);
    CHECK(copy.pages == 412);

    // make/clone produce objects of the model.
    auto made = t.make();
    REQUIRE(made != nullptr);
    CHECK(static_cast<Book*>(made.get())->pages == 0);
    auto cloned = t.clone(&book);
    CHECK(static_cast<Book*>(cloned.get())->title == "Dune");
}

TEST_CASE("an out-of-range value names its table and column", "[dry][metadata]") {
    const table_info& t = table_of<EveryType>();
    EveryType row;
    row.u64 = std::numeric_limits<std::uint64_t>::max();
    const std::size_t u64 = column(t, "u64").field_index;
    CHECK_THAT(
        message_of<cormorant::value_error>([&] { (void)t.get(&row, u64); }),
        Catch::Matchers::StartsWith("every_type.u64: ") && Catch::Matchers::Contains("18446744073709551615"));

    const std::size_t i8 = column(t, "i8").field_index;
    CHECK_THAT(
        message_of<cormorant::value_error>([&] { t.set(&row, i8, cormorant::value{std::int64_t{300}}); }),
        Catch::Matchers::StartsWith("every_type.i8: ") && Catch::Matchers::Contains("300"));
    CHECK(row.i8 == 0);
}

TEST_CASE("a model with a const member and a non-default-constructible field", "[dry][metadata]") {
    const table_info& t = table_of<Tagged>();
    CHECK(t.name == "tagged");
    CHECK(column_names(t) == std::vector<std::string>{"id", "label", "revision", "note"});
    CHECK(t.columns[1].type == sql_type::text);
    CHECK(t.columns[2].type == sql_type::int32);
    // No default constructor: the table cannot make objects.
    CHECK(t.make() == nullptr);

    Tagged tagged{.id = 4, .label = Label{"red"}, .revision = 9, .note = "n"};
    CHECK(t.get(&tagged, 1) == cormorant::value{std::string{"red"}});
    CHECK(t.get(&tagged, 2) == cormorant::value{std::int64_t{9}});
    auto cloned = t.clone(&tagged);
    REQUIRE(cloned != nullptr);
    CHECK(static_cast<Tagged*>(cloned.get())->revision == 9);

    t.set(&tagged, 1, cormorant::value{std::string{"blue"}});
    CHECK(tagged.label.text == "blue");
    // The const member cannot be written.
    CHECK_FALSE(t.columns[2].set);
    CHECK_FALSE(t.columns[2].copy);
    CHECK_THAT(
        message_of<cormorant::schema_error>([&] { t.set(&tagged, 2, cormorant::value{std::int64_t{1}}); }),
        Catch::Matchers::Contains("testmodels::Tagged::revision") && Catch::Matchers::Contains("const"));
    CHECK(tagged.revision == 9);
}
