#pragma once
// Ordinary traffic of one virtual car, and the faults a drill injects into it. Pure: it moves a
// car_sample forward in (city) time; the agent core reads that sample through the scripted HAL.
#include <cstdint>
#include <random>

#include "lw/agent/car_sample.hpp"

namespace lw::sim {

class car_traffic {
public:
    car_traffic(int floors, std::uint64_t seed);

    // Advance ordinary traffic to `now` (no-op while trapped).
    void step(agent::car_sample& s, timestamp now);
    // The car stops: between floors (outside the door zone) or at a floor, doors closed, people inside.
    void trap(agent::car_sample& s, bool between_floors, timestamp now);
    // The rescuers bring the car to a landing and open the doors; passengers step out.
    void release(agent::car_sample& s, timestamp now);
    bool trapped() const { return trapped_; }

private:
    enum class phase { idle, boarding, travelling, alighting };
    int floors_;
    std::mt19937_64 rng_;
    phase phase_ = phase::idle;
    timestamp until_{};
    int target_ = 1;
    bool trapped_ = false;
};

}  // namespace lw::sim
