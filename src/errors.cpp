#include "cormorant/errors.hpp"

namespace cormorant {

const char* to_string(integrity_error::kind k) noexcept {
    switch (k) {
        case integrity_error::kind::unique: return "unique";
        case integrity_error::kind::foreign_key: return "foreign key";
        case integrity_error::kind::not_null: return "not null";
        case integrity_error::kind::check: return "check";
    }
    return "integrity";
}

}  // namespace cormorant
