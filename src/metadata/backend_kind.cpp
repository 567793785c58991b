#include "cormorant/backend_kind.hpp"

namespace cormorant {

const char* to_string(backend_kind b) noexcept {
    switch (b) {
        case backend_kind::sqlite:
            return "sqlite";
        case backend_kind::postgresql:
            return "postgresql";
        case backend_kind::mysql:
            return "mysql";
    }
    return "unknown";
}

}  // namespace cormorant
