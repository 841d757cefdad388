#include "lw/sim/traffic.hpp"

#include <cstdlib>

namespace lw::sim {

using agent::door_state;

car_traffic::car_traffic(int floors, std::uint64_t seed) : floors_(std::max(2, floors)), rng_(seed) {}

void car_traffic::step(agent::car_sample& s, timestamp now) {
    if (trapped_) return;
    if (until_ == timestamp{}) {
        // Spread the cars' first trips so they do not all move at once.
        until_ = now + std::chrono::seconds{std::uniform_int_distribution<int>(5, 120)(rng_)};
        s.floor = 1 + static_cast<int>(rng_() % floors_);
        return;
    }
    if (now < until_) return;
    switch (phase_) {
        case phase::idle:  // doors open, people board
            s.door = door_state::open;
            s.occupied = true;
            phase_ = phase::boarding;
            until_ = now + std::chrono::seconds{5};
            break;
        case phase::boarding: {  // doors close, the car leaves
            s.door = door_state::closed;
            do target_ = 1 + static_cast<int>(rng_() % floors_);
            while (target_ == s.floor.value_or(1));
            const int span = std::abs(target_ - s.floor.value_or(1));
            s.direction = target_ > s.floor.value_or(1) ? agent::travel_direction::up : agent::travel_direction::down;
            s.moving = true;
            s.speed_mps = 1.5;
            s.in_door_zone = false;
            phase_ = phase::travelling;
            until_ = now + std::chrono::seconds{2 + 2 * span};
            break;
        }
        case phase::travelling:  // arrives, doors open, people leave
            s.floor = target_;
            s.moving = false;
            s.speed_mps = 0;
            s.direction = agent::travel_direction::none;
            s.in_door_zone = true;
            s.door = door_state::open;
            phase_ = phase::alighting;
            until_ = now + std::chrono::seconds{5};
            break;
        case phase::alighting:
            s.occupied = false;
            s.door = door_state::closed;
            phase_ = phase::idle;
            until_ = now + std::chrono::seconds{std::uniform_int_distribution<int>(30, 300)(rng_)};
            break;
    }
}

void car_traffic::trap(agent::car_sample& s, bool between_floors, timestamp now) {
    trapped_ = true;
    s.moving = false;
    s.speed_mps = 0;
    s.direction = agent::travel_direction::none;
    s.door = door_state::closed;
    s.in_door_zone = !between_floors;
    s.occupied = true;
    until_ = now;
}

void car_traffic::release(agent::car_sample& s, timestamp now) {
    trapped_ = false;
    s.in_door_zone = true;
    s.moving = false;
    s.door = door_state::open;
    s.occupied = false;
    phase_ = phase::alighting;
    until_ = now + std::chrono::seconds{30};
}

}  // namespace lw::sim
