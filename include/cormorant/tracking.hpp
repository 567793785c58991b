#pragma once
/// \file tracking.hpp
/// What a session reports about the objects it tracks: where each object
/// stands, and what the session has sent.
///
///     if (s.state_of(book) == cormorant::object_state::pending) s.commit();
///     std::cout << s.stats().statements << " statements\n";

#include <cstdint>

namespace cormorant {

/// Where an object stands with a session.
enum class object_state {
    transient,   ///< never seen by this session
    pending,     ///< added, not yet inserted
    persistent,  ///< has a row (inserted or loaded), tracked for changes
    deleted,     ///< removed; its DELETE was flushed inside a transaction still open
    detached,    ///< was in this session, no longer tracked (expunged, deleted, or rolled back)
};

const char* to_string(object_state s) noexcept;

/// What the session has sent: statements and rows written or read.
struct session_stats {
    std::uint64_t statements = 0;
    std::uint64_t rows_written = 0;
    std::uint64_t rows_read = 0;
};

}  // namespace cormorant
