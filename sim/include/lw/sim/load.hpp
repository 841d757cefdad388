#pragma once
// Load mode (lw-sim load): many virtual elevators multiplexed over a few MQTT connections, each
// publishing a birth, then Status messages at a realistic rate — on change (ordinary traffic:
// doors, trips; at most every status_min_gap) and every status_every — for the center's
// benchmarks. No agent core here (no outbox, no detector): load is about the wire.
//
// Threading: run_load blocks the calling thread for `duration`; MQTT runs on its own threads.
#include <cstdint>
#include <iosfwd>
#include <string>

#include "lw/center/registry.hpp"
#include "lw/time.hpp"

namespace lw::sim {

struct load_config {
    std::string broker_host = "127.0.0.1";
    int broker_port = 1883;
    int elevators = 1000;                                   // the first N of the city
    int connections = 4;                                    // MQTT connections they share
    duration status_every = std::chrono::seconds{30};       // periodic status (the agent's default)
    duration status_min_gap = std::chrono::milliseconds{500};  // on-change rate limit (as the agent)
    duration run_for = std::chrono::seconds{60};
    duration report_every = std::chrono::seconds{5};        // progress lines
};

struct load_result {
    std::uint64_t births = 0;
    std::uint64_t statuses = 0;
    std::uint64_t deaths = 0;
    std::uint64_t publish_failures = 0;
    double seconds = 0;
    double messages_per_s() const { return seconds > 0 ? static_cast<double>(births + statuses + deaths) / seconds : 0; }
};

// Connects, publishes, prints progress to `out`; throws std::runtime_error when the broker
// cannot be reached within 10 s or the configuration is unusable.
load_result run_load(const center::city& c, const load_config& cfg, std::ostream& out);

}  // namespace lw::sim
