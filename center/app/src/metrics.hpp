#pragma once
// GET /api/metrics: the shell's, the core's and the live state's counters in one reply.
// Strand only (it reads the core and the writer store).
#include <cstdint>

#include "lw/center/center_clock.hpp"
#include "effects_sink.hpp"
#include "lw/center/api/types.hpp"

namespace lw::center {

api::metrics_reply metrics_of(const shell_counters& sc, const center_core& core, const store& db,
                              std::uint64_t reads_in_progress, std::uint64_t reads_done, const center_clock& clock,
                              std::uint64_t instance);

}  // namespace lw::center
