// The control case: the same command compiles a valid model (so a broken
// include path cannot make the cases above pass). It also keeps what
// reflection must accept: a field type that is not default-constructible,
// const members, default member initialisers, a self reference, a model in
// an anonymous namespace and every model_traits member.
// expect-compile
#include <any>
#include <chrono>
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace shop {

struct Sku {
    explicit Sku(std::string c) : code(std::move(c)) {}
    std::string code;
    friend bool operator==(const Sku&, const Sku&) = default;
};

enum class Status : std::int8_t { draft, live };

struct Product {
    std::int64_t number = 0;
    std::string sku;
    const std::string brand = "house";
    const std::int32_t revision = 1;
    std::string name;
    std::optional<double> price;
    Status status = Status::draft;
    std::chrono::system_clock::time_point added{};
    std::optional<cormorant::ref<Product>> replaces;
    std::int32_t version = 0;
    std::any cache;
};

/// A field type without a default constructor (Boost.PFR counts the fields
/// of such a model by trying every count, which is slow for large structs:
/// keep this one small).
struct Barcode {
    std::int64_t id = 0;
    Sku sku;
};

}  // namespace shop

namespace {

struct Review {
    std::int64_t id = 0;
    cormorant::ref<shop::Product> product;
    std::string text;
};

}  // namespace

template <>
struct cormorant::type_conversion<shop::Sku> {
    using base_type = std::string;
    static base_type to_base(const shop::Sku& s) { return s.code; }
    static shop::Sku from_base(const base_type& s) { return shop::Sku{s}; }
};

template <>
struct cormorant::model_traits<shop::Product> {
    static constexpr std::string_view table = "products";
    static constexpr auto key = &shop::Product::number;
    static constexpr auto unique =
        std::tuple{cormorant::columns(&shop::Product::sku),
                   cormorant::columns(&shop::Product::brand, &shop::Product::name)};
    static constexpr auto indexes = cormorant::columns(&shop::Product::name);
    static constexpr auto column_names = std::tuple{cormorant::rename(&shop::Product::name, "title")};
    static constexpr auto not_columns = cormorant::columns(&shop::Product::cache);
    static constexpr auto version = &shop::Product::version;
    static constexpr auto cascade_delete = cormorant::columns(&shop::Product::replaces);
};

const cormorant::table_info& products = cormorant::table_of<shop::Product>();
const cormorant::table_info& reviews = cormorant::table_of<Review>();
const cormorant::table_info& barcodes = cormorant::table_of<shop::Barcode>();
static_assert(std::is_same_v<cormorant::key_type_of<shop::Product>, std::int64_t>);
