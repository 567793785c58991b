// A type_conversion whose base_type is not a column type either.
// expect: cormorant: the base_type of a cormorant::type_conversion must be a column type
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <vector>

struct Polygon {
    std::vector<double> points;
};

template <>
struct cormorant::type_conversion<Polygon> {
    using base_type = std::vector<double>;
    static base_type to_base(const Polygon& p) { return p.points; }
    static Polygon from_base(const base_type& v) { return Polygon{v}; }
};

struct Region {
    std::int64_t id = 0;
    Polygon shape;
};

const cormorant::table_info& regions = cormorant::table_of<Region>();
