#include "cormorant/errors.hpp"

namespace cormorant {

const char* to_string(integrity_error::kind k) noexcept {
    switch (k) {
        case integrity_error::kind::unique:
            return "unique";
        case integrity_error::kind::foreign_key:
            return "foreign key";
        case integrity_error::kind::not_null:
            return "not null";
        case integrity_error::kind::check:
            return "check";
    }
    return "integrity";
}

const char* to_string(transient_error::kind k) noexcept {
    switch (k) {
        case transient_error::kind::serialization_failure:
            return "serialization failure";
        case transient_error::kind::deadlock:
            return "deadlock";
        case transient_error::kind::lock_timeout:
            return "lock timeout";
        case transient_error::kind::busy:
            return "database busy";
    }
    return "transient";
}

}  // namespace cormorant
