// 101 fields: more than the structured bindings reflection uses can name.
// expect: cormorant: a model can have at most 100 fields
#include <cormorant/cormorant.hpp>
#include <cstdint>

// clang-format off
struct Wide {
    std::int64_t id = 0; int f1 = 0; int f2 = 0; int f3 = 0; int f4 = 0; int f5 = 0; int f6 = 0; int f7 = 0;
    int f8 = 0; int f9 = 0; int f10 = 0; int f11 = 0; int f12 = 0; int f13 = 0; int f14 = 0; int f15 = 0;
    int f16 = 0; int f17 = 0; int f18 = 0; int f19 = 0; int f20 = 0; int f21 = 0; int f22 = 0; int f23 = 0;
    int f24 = 0; int f25 = 0; int f26 = 0; int f27 = 0; int f28 = 0; int f29 = 0; int f30 = 0; int f31 = 0;
    int f32 = 0; int f33 = 0; int f34 = 0; int f35 = 0; int f36 = 0; int f37 = 0; int f38 = 0; int f39 = 0;
    int f40 = 0; int f41 = 0; int f42 = 0; int f43 = 0; int f44 = 0; int f45 = 0; int f46 = 0; int f47 = 0;
    int f48 = 0; int f49 = 0; int f50 = 0; int f51 = 0; int f52 = 0; int f53 = 0; int f54 = 0; int f55 = 0;
    int f56 = 0; int f57 = 0; int f58 = 0; int f59 = 0; int f60 = 0; int f61 = 0; int f62 = 0; int f63 = 0;
    int f64 = 0; int f65 = 0; int f66 = 0; int f67 = 0; int f68 = 0; int f69 = 0; int f70 = 0; int f71 = 0;
    int f72 = 0; int f73 = 0; int f74 = 0; int f75 = 0; int f76 = 0; int f77 = 0; int f78 = 0; int f79 = 0;
    int f80 = 0; int f81 = 0; int f82 = 0; int f83 = 0; int f84 = 0; int f85 = 0; int f86 = 0; int f87 = 0;
    int f88 = 0; int f89 = 0; int f90 = 0; int f91 = 0; int f92 = 0; int f93 = 0; int f94 = 0; int f95 = 0;
    int f96 = 0; int f97 = 0; int f98 = 0; int f99 = 0; int f100 = 0;
};
// clang-format on

const cormorant::table_info& wide = cormorant::table_of<Wide>();
