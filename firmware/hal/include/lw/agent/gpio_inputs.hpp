#pragma once
// The pure half of the board's GPIO backend: which line carries which signal, debouncing, the
// floor counter, and turning logical input levels into a car_sample. No GPIO headers here; the
// libgpiod adapter (gpiod_sensor.hpp) reads the lines and feeds this. Thread-compatible (one
// owner); time is a parameter, so tests run on a fake clock.
//
// Config (keys of lw-agent's config file, see deploy/lw-agent.conf):
//   gpio.<signal> = <chip>:<line> [active_low] [debounce_ms=<n>]
//   gpio.floor_initial = <floor>     floor at start-up (default: unknown until the reference)
//   gpio.reference_floor = <floor>   floor where the floor_reference switch is (default 1)
//   gpio.nominal_speed_mps = <m/s>   speed reported while moving (GPIO has no speed sensor)
// Floor from the controller's serial feed is not implemented (left for later); with no floor
// input at all the floor is reported as gpio.floor_initial (default 1).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "lw/agent/car_sample.hpp"
#include "lw/time.hpp"

namespace lw::agent {

// Each signal is optional; an absent one keeps car_sample's default (documented per field).
enum class gpio_signal : std::uint8_t {
    door_closed,       // door closed limit switch
    door_open,         // door fully open limit switch (optional: tells opening from closing)
    door_zone,         // car within the door (levelling) zone
    alarm_button,      // passenger alarm button
    presence,          // someone in the car (PIR / load cell contact)
    mains_ok,          // mains supply present
    battery_low,       // backup battery low (UPS contact): battery_pct reported 0, else 100
    safety_circuit,    // safety chain closed
    door_lock,         // door-lock circuit closed
    moving,            // car running (if absent: moving = up or down)
    direction_up,
    direction_down,
    inspection,        // inspection / maintenance switch
    out_of_service,
    fire_return,
    overload,
    brake_ok,          // brake feedback contact: brake released when commanded
    floor_pulse,       // one pulse per floor passed (counted on edges, see floor_counter)
    floor_reference,   // reference switch at gpio.reference_floor (re-synchronises the count)
    count_
};
inline constexpr std::size_t gpio_signal_count = static_cast<std::size_t>(gpio_signal::count_);

std::string_view to_string(gpio_signal s);
std::optional<gpio_signal> gpio_signal_from_string(std::string_view name);

struct gpio_line_spec {
    std::string chip;       // "gpiochip0", "/dev/gpiochip0", a chip label or number
    unsigned line = 0;      // line offset on the chip
    bool active_low = false;  // electrical low = signal asserted (typical for opto-isolated inputs)
    // Level must be stable this long to count. Sampling is at sample_hz, so a debounce shorter
    // than one period means "one sample".
    duration debounce = std::chrono::milliseconds{50};
};

// Upper bound for a debounce: longer is a configuration mistake (it would hide real alarms).
inline constexpr duration max_debounce = std::chrono::seconds{2};

struct gpio_config {
    std::array<std::optional<gpio_line_spec>, gpio_signal_count> inputs{};
    std::optional<int> floor_initial;
    int floor_reference = 1;   // gpio.reference_floor
    double nominal_speed_mps = 1.0;

    const std::optional<gpio_line_spec>& input(gpio_signal s) const { return inputs[static_cast<std::size_t>(s)]; }
};

// "<chip>:<line> [active_low|active_high] [debounce_ms=<n>]". Returns an error text or "".
std::string parse_line_spec(std::string_view text, gpio_line_spec& out);
// Reads every "gpio.*" key of `kv` (other keys are ignored). Unknown gpio keys, bad specs and
// one line used for two signals are errors. Returns an error text or "".
std::string parse_gpio_config(const std::map<std::string, std::string>& kv, gpio_config& out);

// A level that counts only once it has been stable for `hold`. The first sample is taken as is.
class debouncer {
public:
    explicit debouncer(duration hold = {}) : hold_(hold) {}
    bool update(bool raw, timestamp now);
    bool value() const { return value_; }

private:
    duration hold_;
    bool started_ = false;
    bool value_ = false;
    bool candidate_ = false;
    timestamp candidate_since_{};
};

// Floor from a pulse per floor passed plus the travel direction, re-synchronised by a
// reference switch. A pulse with no direction makes the floor unknown (we cannot tell which
// way it went); the reference switch makes it known again.
class floor_counter {
public:
    floor_counter(std::optional<int> initial, int reference_floor, duration min_pulse_gap)
        : floor_(initial), reference_floor_(reference_floor), min_pulse_gap_(min_pulse_gap) {}
    // One floor passed at `at` (an edge of the pulse input). Edges closer than min_pulse_gap to
    // the last counted one are contact bounce and ignored.
    void pulse(timestamp at, travel_direction dir);
    // The reference switch's debounced level; asserted = the car is at the reference floor.
    void reference(bool at_reference);
    std::optional<int> floor() const { return floor_; }

private:
    std::optional<int> floor_;
    int reference_floor_;
    duration min_pulse_gap_;
    std::optional<timestamp> last_pulse_;
};

// Logical levels (true = asserted, after active_low) of the configured inputs -> car_sample.
class gpio_sampler {
public:
    explicit gpio_sampler(const gpio_config& cfg);
    // `levels[i]` is read only for configured inputs; `floor_pulses` are the pulse edges seen
    // since the last call (the adapter reads them as edge events so none is missed between
    // samples). Returns the sample for `now`.
    car_sample update(const std::array<bool, gpio_signal_count>& levels, const timestamp* floor_pulses,
                      std::size_t floor_pulse_count, timestamp now);

private:
    bool has(gpio_signal s) const { return cfg_.input(s).has_value(); }
    gpio_config cfg_;
    std::array<debouncer, gpio_signal_count> debounced_;
    floor_counter floor_;
    door_state last_door_ = door_state::closed;
};

}  // namespace lw::agent
