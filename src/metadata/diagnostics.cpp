#include "cormorant/diagnostics.hpp"

#include <iostream>
#include <mutex>
#include <string>

namespace cormorant {

namespace {

std::mutex handler_mutex;
std::function<void(std::string_view)> handler;

}  // namespace

void set_diagnostic_handler(std::function<void(std::string_view)> h) {
    std::lock_guard lock(handler_mutex);
    handler = std::move(h);
}

void report_diagnostic(std::string_view message) noexcept {
    try {
        std::function<void(std::string_view)> h;
        {
            std::lock_guard lock(handler_mutex);
            h = handler;
        }
        if (h)
            h(message);
        else
            std::cerr << "cormorant: " << message << '\n';
    } catch (...) {
        // A handler that throws loses its message: nowhere else is left to report to.
    }
}

}  // namespace cormorant
