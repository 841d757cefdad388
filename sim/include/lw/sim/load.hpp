#pragma once
// Load mode (lw-sim load): many virtual elevators multiplexed over a few MQTT connections, each
// publishing a birth, then Status messages at a realistic rate — on change (ordinary traffic:
// doors, trips; at most every status_min_gap) and every status_every — for the center's
// benchmarks. No agent core here (no outbox, no detector): load is about the wire. The city file
// is streamed: the first births go out while the rest of the file is still being read. At the
// end every elevator says goodbye (a clean NodeDeath, QoS 1) and load waits, bounded, until the
// broker has acknowledged every goodbye before it disconnects, so the center sees them offline.
//
// Threading: run_load blocks the calling thread for `duration`; MQTT runs on its own threads.
#include <cstdint>
#include <iosfwd>
#include <string>

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

// What load did, counted from what the broker confirmed: a QoS 1 message (birth, goodbye) is
// delivered when its PUBACK came back; a QoS 0 status can only be sent (written to the socket,
// libmosquitto's publish callback), no one acknowledges it.
struct load_result {
    std::uint64_t elevators = 0;          // read from the city (its first N)
    std::uint64_t births = 0, births_delivered = 0;
    std::uint64_t statuses = 0, statuses_sent = 0;
    std::uint64_t deaths = 0, deaths_delivered = 0;
    std::uint64_t publish_failures = 0;   // refused by the client library at once
    double seconds = 0;
    double first_birth_s = -1;            // wall seconds from the start to the first birth published
    double messages_per_s() const {
        return seconds > 0 ? static_cast<double>(births_delivered + statuses_sent + deaths_delivered) / seconds : 0;
    }
    // Every birth and goodbye published was acknowledged by the broker.
    bool all_delivered() const { return births_delivered == births && deaths_delivered == deaths; }
};

// Streams the elevators of the city file at `city_path`, connects, publishes, prints progress to
// `out`; throws std::runtime_error when the file cannot be read (also midway: after the
// goodbyes of those already online), the broker cannot be reached within 10 s or the
// configuration is unusable.
load_result run_load(const std::string& city_path, const load_config& cfg, std::ostream& out);

}  // namespace lw::sim
