#pragma once
// Voice comfort for trapped passengers ("help is on the way"): a pure scheduler, fed with `now`.
//
// A session starts when an entrapment is raised (rising edge of `trapped`) or when the center
// orders it; it plays at once, then every comfort_repeat_every, until the doors open, the center
// says stop, or the entrapment clears. The shell plays whatever update()/order() return, at once.
// Played once: the center's order for an entrapment the board already comforts (it orders
// comfort when it opens the incident, ~100 ms after the board's own start) does not start the
// message again: it is answered "already playing" and the running session keeps its cadence.
// Contract: calls come with non-decreasing `now`; no I/O; thread-compatible (one owner).
#include <cstdint>
#include <optional>
#include <string_view>

#include "lw/time.hpp"

namespace lw::agent {

struct comfort_config {
    // Repeat period while the session runs. 60 s: often enough that a frightened passenger is
    // never long without news, rare enough not to drown the intercom call with the center.
    duration comfort_repeat_every = std::chrono::seconds{60};
};

// What started the session (the shell may pick the recording by it).
enum class comfort_trigger : std::uint8_t { entrapment, center_order };

std::string_view to_string(comfort_trigger t);

struct play_request {
    timestamp at{};                                         // when it was due (<= the call's `now`)
    comfort_trigger trigger = comfort_trigger::entrapment;
    std::uint32_t repetition = 0;                           // 0: first play of the session
};

class comfort_scheduler {
public:
    explicit comfort_scheduler(comfort_config cfg = {});

    // Feed every sample. trapped: an entrapment is active (detector); doors_open: the car doors
    // are opening or open. Returns the play due now, if any; a play missed during a long gap
    // is played once, not caught up, and the cadence restarts from `now`.
    std::optional<play_request> update(bool trapped, bool doors_open, timestamp now);

    // The center orders comfort: starts a session and returns its first play. Not started
    // while a session runs (already_playing: the running one goes on, nothing is played now) or
    // while the last update saw the doors open (doors_open: nobody is shut in).
    struct order_result {
        enum class answer : std::uint8_t { started, already_playing, doors_open } what = answer::started;
        std::optional<play_request> play;      // with started
    };
    order_result order(timestamp now);

    // The center says stop: ends the session; it does not restart until a new entrapment is
    // raised or the center orders again.
    void stop(timestamp now);

    bool running() const { return running_; }
    // What started the running session.
    comfort_trigger trigger() const { return trigger_; }
    // The next scheduled play, while running.
    std::optional<timestamp> next_due() const;
    // When the last session ended (doors open, stop, entrapment cleared).
    std::optional<timestamp> ended_at() const { return ended_at_; }

    const comfort_config& config() const { return cfg_; }
    void set_config(const comfort_config& cfg) { cfg_ = cfg; }

private:
    play_request start(comfort_trigger trigger, timestamp now);
    void end(timestamp now);

    comfort_config cfg_;
    bool running_ = false;
    comfort_trigger trigger_ = comfort_trigger::entrapment;
    timestamp next_due_{};
    std::uint32_t next_repetition_ = 0;
    std::optional<timestamp> ended_at_;
    bool was_trapped_ = false;
    bool doors_open_ = false;
};

}  // namespace lw::agent
