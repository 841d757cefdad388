#include "lw/agent/gpio_inputs.hpp"

#include <charconv>
#include <sstream>
#include <vector>

namespace lw::agent {
namespace {

constexpr std::array<std::string_view, gpio_signal_count> signal_names = {
    "door_closed",  "door_open",      "door_zone",  "alarm_button",   "presence",        "mains_ok",
    "battery_low",  "safety_circuit", "door_lock",  "moving",         "direction_up",    "direction_down",
    "inspection",   "out_of_service", "fire_return", "overload",      "brake_ok",        "floor_pulse",
    "floor_reference"};

template <typename T>
bool parse_number(std::string_view s, T& out) {
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc{} && p == end;
}

bool parse_double(const std::string& s, double& out) {
    try {
        std::size_t used = 0;
        out = std::stod(s, &used);
        return used == s.size();
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

std::string_view to_string(gpio_signal s) {
    const auto i = static_cast<std::size_t>(s);
    return i < signal_names.size() ? signal_names[i] : "unknown";
}

std::optional<gpio_signal> gpio_signal_from_string(std::string_view name) {
    for (std::size_t i = 0; i < signal_names.size(); ++i)
        if (signal_names[i] == name) return static_cast<gpio_signal>(i);
    return std::nullopt;
}

std::string parse_line_spec(std::string_view text, gpio_line_spec& out) {
    std::istringstream in{std::string(text)};
    std::string where;
    if (!(in >> where)) return "empty line spec (expected <chip>:<line>)";
    const auto colon = where.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == where.size())
        return "'" + where + "' is not <chip>:<line>";
    gpio_line_spec spec;
    spec.chip = where.substr(0, colon);
    if (!parse_number(std::string_view(where).substr(colon + 1), spec.line))
        return "'" + where.substr(colon + 1) + "' is not a line number";
    std::string word;
    while (in >> word) {
        if (word == "active_low") {
            spec.active_low = true;
        } else if (word == "active_high") {
            spec.active_low = false;
        } else if (word.rfind("debounce_ms=", 0) == 0) {
            std::int64_t ms = 0;
            if (!parse_number(std::string_view(word).substr(12), ms) || ms < 0)
                return "'" + word + "': debounce_ms must be a non-negative integer";
            spec.debounce = duration{ms};
            if (spec.debounce > max_debounce)
                return "'" + word + "': debounce longer than " + std::to_string(max_debounce.count()) + " ms";
        } else {
            return "unknown option '" + word + "' (expected active_low, active_high or debounce_ms=<n>)";
        }
    }
    out = std::move(spec);
    return {};
}

std::string parse_gpio_config(const std::map<std::string, std::string>& kv, gpio_config& out) {
    gpio_config cfg;
    for (const auto& [key, value] : kv) {
        if (key.rfind("gpio.", 0) != 0) continue;
        const auto name = std::string_view(key).substr(5);
        if (name == "floor_initial") {
            int f = 0;
            if (!parse_number(value, f)) return key + ": '" + value + "' is not a floor number";
            cfg.floor_initial = f;
        } else if (name == "reference_floor") {
            if (!parse_number(value, cfg.floor_reference)) return key + ": '" + value + "' is not a floor number";
        } else if (name == "nominal_speed_mps") {
            if (!parse_double(value, cfg.nominal_speed_mps) || cfg.nominal_speed_mps <= 0)
                return key + ": '" + value + "' is not a positive speed";
        } else if (auto sig = gpio_signal_from_string(name)) {
            gpio_line_spec spec;
            if (auto err = parse_line_spec(value, spec); !err.empty()) return key + ": " + err;
            cfg.inputs[static_cast<std::size_t>(*sig)] = spec;
        } else {
            return "unknown key '" + key + "'";
        }
    }
    for (std::size_t i = 0; i < gpio_signal_count; ++i)
        for (std::size_t j = i + 1; j < gpio_signal_count; ++j)
            if (cfg.inputs[i] && cfg.inputs[j] && cfg.inputs[i]->chip == cfg.inputs[j]->chip &&
                cfg.inputs[i]->line == cfg.inputs[j]->line)
                return "gpio." + std::string(to_string(static_cast<gpio_signal>(i))) + " and gpio." +
                       std::string(to_string(static_cast<gpio_signal>(j))) + " use the same line " +
                       cfg.inputs[i]->chip + ":" + std::to_string(cfg.inputs[i]->line);
    out = std::move(cfg);
    return {};
}

bool debouncer::update(bool raw, timestamp now) {
    if (!started_) {
        started_ = true;
        value_ = candidate_ = raw;
        candidate_since_ = now;
        return value_;
    }
    if (raw != candidate_) {
        candidate_ = raw;
        candidate_since_ = now;
    }
    if (candidate_ != value_ && now - candidate_since_ >= hold_) value_ = candidate_;
    return value_;
}

void floor_counter::pulse(timestamp at, travel_direction dir) {
    if (last_pulse_ && at - *last_pulse_ < min_pulse_gap_) return;
    last_pulse_ = at;
    if (!floor_) return;
    if (dir == travel_direction::up) ++*floor_;
    else if (dir == travel_direction::down) --*floor_;
    else floor_.reset();  // passed a floor without knowing which way: lost until the reference
}

void floor_counter::reference(bool at_reference) {
    if (at_reference) floor_ = reference_floor_;
}

gpio_sampler::gpio_sampler(const gpio_config& cfg)
    : cfg_(cfg),
      floor_(cfg.floor_initial ? cfg.floor_initial
                               : (cfg.input(gpio_signal::floor_pulse) || cfg.input(gpio_signal::floor_reference)
                                      ? std::nullopt
                                      : std::optional<int>{1}),
             cfg.floor_reference,
             cfg.input(gpio_signal::floor_pulse) ? cfg.input(gpio_signal::floor_pulse)->debounce : duration{}) {
    for (std::size_t i = 0; i < gpio_signal_count; ++i)
        if (cfg_.inputs[i]) debounced_[i] = debouncer(cfg_.inputs[i]->debounce);
}

car_sample gpio_sampler::update(const std::array<bool, gpio_signal_count>& levels, const timestamp* floor_pulses,
                                std::size_t floor_pulse_count, timestamp now) {
    std::array<bool, gpio_signal_count> on{};
    for (std::size_t i = 0; i < gpio_signal_count; ++i)
        if (cfg_.inputs[i]) on[i] = debounced_[i].update(levels[i], now);
    auto is = [&](gpio_signal s) { return on[static_cast<std::size_t>(s)]; };

    car_sample s;
    s.at = now;
    const bool up = is(gpio_signal::direction_up), down = is(gpio_signal::direction_down);
    s.direction = up && !down ? travel_direction::up : down && !up ? travel_direction::down : travel_direction::none;
    s.moving = has(gpio_signal::moving) ? is(gpio_signal::moving) : s.direction != travel_direction::none;
    s.speed_mps = s.moving ? cfg_.nominal_speed_mps : 0.0;

    for (std::size_t i = 0; i < floor_pulse_count; ++i) floor_.pulse(floor_pulses[i], s.direction);
    if (has(gpio_signal::floor_reference)) floor_.reference(is(gpio_signal::floor_reference));
    s.floor = floor_.floor();

    // Door: closed switch, optional open switch; between the two, the way it was going.
    if (has(gpio_signal::door_closed)) {
        if (is(gpio_signal::door_closed)) s.door = door_state::closed;
        else if (!has(gpio_signal::door_open) || is(gpio_signal::door_open)) s.door = door_state::open;
        else s.door = last_door_ == door_state::closed || last_door_ == door_state::opening ? door_state::opening
                                                                                         : door_state::closing;
    }
    last_door_ = s.door;

    if (has(gpio_signal::door_zone)) s.in_door_zone = is(gpio_signal::door_zone);
    if (has(gpio_signal::alarm_button)) s.alarm_button = is(gpio_signal::alarm_button);
    if (has(gpio_signal::presence)) s.occupied = is(gpio_signal::presence);
    if (has(gpio_signal::mains_ok)) s.mains_ok = is(gpio_signal::mains_ok);
    if (has(gpio_signal::battery_low)) s.battery_pct = is(gpio_signal::battery_low) ? 0 : 100;
    if (has(gpio_signal::safety_circuit)) s.safety_circuit_ok = is(gpio_signal::safety_circuit);
    if (has(gpio_signal::door_lock)) s.door_lock_ok = is(gpio_signal::door_lock);
    if (has(gpio_signal::overload)) s.overload = is(gpio_signal::overload);
    if (has(gpio_signal::brake_ok)) s.brake_ok = is(gpio_signal::brake_ok);

    // Inspection wins over out-of-service wins over fire return: the most restrictive mode.
    if (is(gpio_signal::inspection)) s.mode = service_mode::inspection;
    else if (is(gpio_signal::out_of_service)) s.mode = service_mode::out_of_service;
    else if (is(gpio_signal::fire_return)) s.mode = service_mode::fire_return;
    return s;
}

}  // namespace lw::agent
