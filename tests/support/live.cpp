#include "support/live.hpp"

#include <cstdlib>
#include <stdexcept>

namespace testlive {

cormorant::config test_config() {
    const char* url = std::getenv("CORMORANT_TEST_URL");
    if (!url || !*url) throw std::runtime_error("CORMORANT_TEST_URL is not set; run the live suite through ctest");
    return cormorant::config::from_url(url);
}

cormorant::database open_db() { return cormorant::database::open(test_config()); }

cormorant::backend_kind backend() { return test_config().backend; }

}  // namespace testlive
