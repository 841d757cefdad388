#pragma once
// The center's core at start: its configuration from the service's, and what it takes back
// from the store before the first input (open incidents, commands awaiting an answer, the
// boards heard from in earlier runs). Strand only (it reads the writer store).
#include <cstddef>
#include <memory>

#include "lw/center/center_core.hpp"
#include "lw/center/service.hpp"
#include "lw/center/store.hpp"

namespace lw::center {

core_config core_config_of(const center_config& cfg);

// What restore_from_store() took back, for the start-up log.
struct restored {
    std::size_t open_incidents = 0, commands_awaiting = 0, boards = 0;
};
restored restore_from_store(center_core& core, store& db);

}  // namespace lw::center
