#include "lw/agent/fault_detector.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace lw::agent {

namespace detail {

void event_window::push(timestamp t) {
    at_[next_] = t;
    next_ = (next_ + 1) % capacity;
    size_ = std::min(size_ + 1, capacity);
}

std::size_t event_window::count_since(timestamp from) const {
    std::size_t n = 0;
    for (std::size_t k = 0; k < size_; ++k)
        if (at_[(next_ + capacity - 1 - k) % capacity] >= from) ++n;
    return n;
}

}  // namespace detail

namespace {

// Panels closed, with or without the lock reported.
bool door_closed(door_state d) { return d == door_state::closed || d == door_state::locked; }
// Passengers can get out (or are about to).
bool door_opening_or_open(door_state d) { return d == door_state::opening || d == door_state::open; }
// Trying to close and not there yet.
bool door_closing(door_state d) { return d == door_state::closing || d == door_state::not_fully_closed; }

// A count threshold from the config, within what a detail::event_window can hold.
std::size_t event_limit(int configured) {
    return static_cast<std::size_t>(std::clamp<int>(configured, 1, static_cast<int>(detail::event_window::capacity)));
}

// Rules that read another code's state come after it: sensor_inconsistent masks the door-lock
// rule, the entrapments exclude each other and keep passenger_alarm up, UCM hides
// door_open_while_running. unknown and test_alarm are never detected here.
constexpr fault_code evaluation_order[] = {
    fault_code::sensor_inconsistent,
    fault_code::entrapment_between_floors,
    fault_code::entrapment_at_floor,
    fault_code::stopped_outside_door_zone,
    fault_code::moving_with_door_open,
    fault_code::door_open_while_running,
    fault_code::overtravel_top,
    fault_code::overtravel_bottom,
    fault_code::overspeed,
    fault_code::abnormal_speed,
    fault_code::power_failure,
    fault_code::safety_circuit_open,
    fault_code::door_lock_circuit_open,
    fault_code::door_open_failure,
    fault_code::door_close_failure,
    fault_code::door_blocked_while_closing,
    fault_code::button_stuck,
    fault_code::brake_fault,
    fault_code::run_time_limiter_tripped,
    fault_code::temperature_sensor_fault,
    fault_code::floor_information_lost,
    fault_code::battery_low,
    fault_code::passenger_alarm,
};

}  // namespace

fault_detector::fault_detector(detector_config cfg) : cfg_(std::move(cfg)) {}

const std::set<fault_code>& fault_detector::active() const { return active_; }
const detector_config& fault_detector::config() const { return cfg_; }
void fault_detector::set_config(const detector_config& cfg) { cfg_ = cfg; }

std::vector<fault_change> fault_detector::update(const car_sample& s, timestamp now) {
    std::vector<fault_change> out;  // stays unallocated when nothing changes
    track_inputs(s, now);

    for (const fault_code c : evaluation_order) {
        code_state& st = slot(c);
        if (const auto why = mask_reason(c, s)) {
            reset_tracking(c);
            if (st.raised) {
                st.raised = false;
                if (st.reported) report_clear(c, now, "masked: " + std::string(*why), false, out);
            }
            continue;
        }
        const verdict v = evaluate(c, s, now);
        if (!st.raised) {
            if (v.raise) {
                st.raised = true;
                st.raised_at = v.raise_at;
                if (!suppressed(c, v.raise_at)) report_raise(c, v.raise_at, v.raise_detail, out);
            }
        } else if (v.clear) {
            st.raised = false;
            if (st.reported) report_clear(c, v.clear_at, std::string(v.clear_detail), true, out);
        } else if (!st.reported && !suppressed(c, now)) {
            // A suppressed repeat outlived the window: report it, with when it really began.
            report_raise(c, st.raised_at, "repeat, still active after the suppression window", out);
        }
    }

    prev_ = s;
    prev_now_ = now;

    // "In the order they happened": debounced changes carry their earlier `at`. Stable
    // insertion sort: a handful of elements, no allocation.
    for (std::size_t i = 1; i < out.size(); ++i)
        for (std::size_t j = i; j > 0 && out[j].at < out[j - 1].at; --j) std::swap(out[j], out[j - 1]);
    return out;
}

void fault_detector::track_inputs(const car_sample& s, timestamp now) {
    if (s.occupied) {
        seen_present_ = true;
        absent_since_.reset();
    } else if (seen_present_ && !absent_since_) {
        absent_since_ = now;
    }
}

std::optional<std::string_view> fault_detector::mask_reason(fault_code c, const car_sample& s) const {
    switch (s.mode) {
        case service_mode::inspection:
            // A raised entrapment outlives inspection (rescue operation); nothing new is raised.
            if (is_entrapment(c) && slot(c).raised) break;
            return to_string(s.mode);
        case service_mode::out_of_service:
            // Someone inside a car taken out of service is still heard.
            if (is_entrapment(c) || c == fault_code::passenger_alarm) break;
            return to_string(s.mode);
        case service_mode::emergency_power:
        case service_mode::earthquake:
            // These modes creep to the nearest landing on purpose.
            if (c == fault_code::abnormal_speed) return to_string(s.mode);
            break;
        case service_mode::normal:
        case service_mode::fire_return:
        case service_mode::firefighter:
            break;
    }
    if (c == fault_code::door_lock_circuit_open && slot(fault_code::sensor_inconsistent).raised)
        return to_string(fault_code::sensor_inconsistent);
    return std::nullopt;
}

void fault_detector::reset_tracking(fault_code c) {
    code_state& st = slot(c);
    st.raise_hold.reset();
    st.clear_hold.reset();
    if (c == fault_code::door_blocked_while_closing) door_reversals_.clear();
    if (c == fault_code::sensor_inconsistent) lock_contradictions_.clear();
}

bool fault_detector::suppressed(fault_code c, timestamp raised_at) const {
    const code_state& st = slot(c);
    return !is_entrapment(c) && st.last_reported_clear && raised_at - *st.last_reported_clear < cfg_.repeat_suppression;
}

void fault_detector::report_raise(fault_code c, timestamp at, std::string_view detail, std::vector<fault_change>& out) {
    slot(c).reported = true;
    active_.insert(c);
    out.push_back(fault_change{c, true, at, std::string(detail)});
}

void fault_detector::report_clear(fault_code c, timestamp at, std::string detail, bool starts_suppression,
                                  std::vector<fault_change>& out) {
    code_state& st = slot(c);
    st.reported = false;
    if (starts_suppression) st.last_reported_clear = at;
    active_.erase(c);
    out.push_back(fault_change{c, false, at, std::move(detail)});
}

fault_detector::verdict fault_detector::evaluate(fault_code c, const car_sample& s, timestamp now) {
    code_state& st = slot(c);
    verdict v;

    // Raised once `condition` has held for `after`: at = condition start + after.
    const auto raise_after = [&](bool condition, duration after, std::string_view why) {
        st.raise_hold.update(condition, now);
        if (st.raise_hold.held_for(after, now)) {
            v.raise = true;
            v.raise_at = *st.raise_hold.since() + after;
            v.raise_detail = why;
        }
    };
    const auto raise_now = [&](bool condition, std::string_view why) {
        if (condition) {
            v.raise = true;
            v.raise_at = now;
            v.raise_detail = why;
        }
    };
    const auto clear_when = [&](bool condition, std::string_view why) {
        if (condition && !v.clear) {
            v.clear = true;
            v.clear_at = now;
            v.clear_detail = why;
        }
    };
    const auto clear_after = [&](bool condition, duration after, std::string_view why) {
        st.clear_hold.update(condition, now);
        if (st.clear_hold.held_for(after, now)) {
            v.clear = true;
            v.clear_at = *st.clear_hold.since() + after;
            v.clear_detail = why;
        }
    };

    // Someone inside, bridging short sensor dropouts.
    const bool present =
        s.occupied || (absent_since_ && now - *absent_since_ < cfg_.presence_dropout_tolerance);
    const bool stopped_closed = !s.moving && door_closed(s.door);

    switch (c) {
        case fault_code::entrapment_between_floors:
            raise_after(stopped_closed && !s.in_door_zone && present &&
                            !slot(fault_code::entrapment_at_floor).raised,
                        cfg_.entrapment_between_floors_after, "stopped between floors, doors closed, someone inside");
            // Only the doors opening ends it: that is how a rescue ends, whether the car was moved
            // to a landing or the doors were opened in the shaft. Presence going away does not
            // (a still passenger may not be seen), nor does moving with the doors still closed.
            clear_when(door_opening_or_open(s.door), "doors opened");
            break;

        case fault_code::entrapment_at_floor:
            raise_after(stopped_closed && s.in_door_zone && present &&
                            !slot(fault_code::entrapment_between_floors).raised,
                        cfg_.entrapment_at_floor_after, "stopped at a landing, doors closed, someone inside");
            clear_when(door_opening_or_open(s.door), "doors opened");
            if (!s.occupied && absent_since_ && now - *absent_since_ >= cfg_.entrapment_at_floor_presence_lost_after &&
                !v.clear) {
                v.clear = true;
                v.clear_at = *absent_since_ + cfg_.entrapment_at_floor_presence_lost_after;
                v.clear_detail = "nobody seen inside any more";
            }
            break;

        case fault_code::stopped_outside_door_zone:
            raise_after(stopped_closed && !s.in_door_zone, cfg_.stopped_outside_door_zone_after,
                        "stopped outside the door zone, doors closed");
            clear_when(s.in_door_zone, "car at a landing");
            break;

        case fault_code::moving_with_door_open:
            // UCM (EN 81-20 5.6.7): the car leaves the unlocking zone with the door not closed.
            // Moving inside the zone with the door open (re-levelling, advance opening) is allowed.
            raise_now(prev_ && prev_->in_door_zone && !s.in_door_zone && s.moving && !door_closed(s.door),
                      "left the door zone with the door not closed");
            clear_when(!s.moving && s.in_door_zone, "car stopped at a landing");
            break;

        case fault_code::door_open_while_running:
            // A door that opens during a trip that started properly; a UCM is reported as such.
            raise_after(s.moving && !s.in_door_zone && !door_closed(s.door) &&
                            !slot(fault_code::moving_with_door_open).raised,
                        cfg_.door_open_while_running_confirm, "door not closed while running outside the door zone");
            clear_when(door_closed(s.door), "door closed");
            clear_when(!s.moving && s.in_door_zone, "car stopped at a landing");
            break;

        case fault_code::overtravel_top:
            // The floor counter past the top terminal landing: overtravelled, whatever the
            // direction now (the car usually ends stopped on the final limit).
            raise_after(cfg_.top_floor && s.floor && *s.floor > *cfg_.top_floor, cfg_.overtravel_confirm,
                        "floor above the top landing");
            clear_when(!cfg_.top_floor || (s.floor && *s.floor <= *cfg_.top_floor && s.in_door_zone),
                       "car back at a landing");
            break;

        case fault_code::overtravel_bottom:
            raise_after(cfg_.bottom_floor && s.floor && *s.floor < *cfg_.bottom_floor, cfg_.overtravel_confirm,
                        "floor below the bottom landing");
            clear_when(!cfg_.bottom_floor || (s.floor && *s.floor >= *cfg_.bottom_floor && s.in_door_zone),
                       "car back at a landing");
            break;

        case fault_code::overspeed:
            raise_after(s.speed_mps > cfg_.overspeed_ratio * cfg_.rated_speed_mps, cfg_.overspeed_confirm,
                        "speed above the overspeed limit");
            clear_when(s.speed_mps <= cfg_.rated_speed_mps, "speed back within rated");
            break;

        case fault_code::abnormal_speed: {
            const bool creeping = s.moving && s.speed_mps < cfg_.abnormal_speed_ratio * cfg_.rated_speed_mps;
            raise_after(creeping, cfg_.abnormal_speed_after, "running far below rated speed");
            clear_when(!creeping, s.moving ? "speed back to normal" : "car stopped");
            break;
        }

        case fault_code::power_failure:
            raise_after(!s.mains_ok, cfg_.power_failure_after, "mains lost");
            clear_after(s.mains_ok, cfg_.power_restored_after, "mains restored");
            break;

        case fault_code::safety_circuit_open:
            raise_after(!s.safety_circuit_ok, cfg_.safety_circuit_open_after, "safety circuit open");
            clear_when(s.safety_circuit_ok, "safety circuit closed");
            break;

        case fault_code::door_lock_circuit_open: {
            // The lock may be open only at a landing with the door not reported locked.
            const bool must_be_made = s.moving || !s.in_door_zone || s.door == door_state::locked;
            raise_after(!s.door_lock_ok && must_be_made, cfg_.door_lock_circuit_open_after,
                        "door-lock circuit open while it must be made");
            clear_when(s.door_lock_ok, "door-lock circuit closed");
            clear_when(!must_be_made, "car at a landing, door not locked");
            break;
        }

        case fault_code::door_open_failure:
            // Without the door command we only see a door that starts opening and never gets
            // there. A door that never starts is, with someone inside, entrapment_at_floor.
            raise_after(s.door == door_state::opening, cfg_.door_open_failure_after, "door did not finish opening");
            clear_when(s.door == door_state::open, "door opened");
            break;

        case fault_code::door_close_failure:
            // Cleared only by a completed close: reopening and retrying is still the same failure.
            raise_after(door_closing(s.door), cfg_.door_close_failure_after, "door did not finish closing");
            clear_when(door_closed(s.door), "door closed");
            break;

        case fault_code::door_blocked_while_closing:
            if (door_closed(s.door)) {
                door_reversals_.clear();  // a completed close ends the closing attempt
            } else if (prev_ && door_closing(prev_->door) && door_opening_or_open(s.door)) {
                door_reversals_.push(now);
                raise_now(door_reversals_.count_since(now - cfg_.door_reversal_window) >=
                              event_limit(cfg_.door_reversal_count),
                          "door reopened repeatedly while closing");
            }
            clear_when(door_closed(s.door), "door closed");
            break;

        case fault_code::button_stuck:
            raise_after(s.button_stuck_mask != 0, cfg_.button_stuck_after, "button stuck");
            clear_when(s.button_stuck_mask == 0, "buttons released");
            break;

        case fault_code::brake_fault:
            raise_after(!s.brake_ok, cfg_.brake_fault_after, "brake feedback fault");
            clear_when(s.brake_ok, "brake feedback normal");
            break;

        case fault_code::run_time_limiter_tripped:
            // The controller latches this itself: no debounce.
            raise_now(s.run_time_limiter_tripped, "motor run-time limiter tripped");
            clear_when(!s.run_time_limiter_tripped, "run-time limiter reset");
            break;

        case fault_code::temperature_sensor_fault: {
            const bool bad = !s.temperature_sensor_ok || !std::isfinite(s.temperature_c) ||
                             s.temperature_c < cfg_.temperature_plausible_min_c ||
                             s.temperature_c > cfg_.temperature_plausible_max_c;
            raise_after(bad, cfg_.temperature_sensor_fault_after,
                        s.temperature_sensor_ok ? "temperature reading implausible" : "temperature sensor fault");
            clear_when(!bad, "temperature sensor normal");
            break;
        }

        case fault_code::floor_information_lost:
            raise_after(!s.floor, cfg_.floor_information_lost_after, "floor information lost");
            clear_when(s.floor.has_value(), "floor information back");
            break;

        case fault_code::battery_low:
            raise_after(s.battery_pct < cfg_.battery_low_pct, cfg_.battery_low_after, "backup battery low");
            clear_when(s.battery_pct >= cfg_.battery_low_pct + cfg_.battery_low_hysteresis_pct, "backup battery recharged");
            break;

        case fault_code::passenger_alarm: {
            // EN 81-28 filtering: at a landing with the doors open passengers can simply walk
            // out, so a press there counts only when held deliberately long.
            st.raise_hold.update(s.alarm_button, now);
            const bool at_open_landing = s.in_door_zone && door_opening_or_open(s.door);
            const duration hold = at_open_landing ? cfg_.alarm_button_hold_at_landing : cfg_.alarm_button_hold;
            if (st.raise_hold.held_for(hold, now)) {
                // The hold was reached between the previous sample and this one, unless it was
                // reached earlier and only now counts (the doors closed while it was held).
                const timestamp reached = *st.raise_hold.since() + hold;
                raise_now(true, at_open_landing ? "alarm button held at a landing with doors open"
                                                : "alarm button pressed");
                v.raise_at = prev_ && reached <= prev_now_ ? now : reached;
            }
            // It stays up while someone may be trapped (stopped, doors closed, someone inside,
            // or an entrapment raised), even after the button is released: a passenger who
            // pressed once and let go still needs the center.
            const bool maybe_trapped = slot(fault_code::entrapment_between_floors).raised ||
                                       slot(fault_code::entrapment_at_floor).raised ||
                                       (stopped_closed && present);
            clear_when(!s.alarm_button && !maybe_trapped, "alarm button released, nobody trapped");
            break;
        }

        case fault_code::sensor_inconsistent: {
            const auto contradicts = [](const car_sample& x) { return x.door == door_state::locked && !x.door_lock_ok; };
            if (contradicts(s) && !(prev_ && contradicts(*prev_))) {
                lock_contradictions_.push(now);
                raise_now(lock_contradictions_.count_since(now - cfg_.sensor_flap_window) >=
                              event_limit(cfg_.sensor_flap_count),
                          "door reported locked while the door-lock circuit is open, repeatedly");
            }
            clear_after(!contradicts(s), cfg_.sensor_inconsistent_clear_after, "door and door-lock signals agree again");
            if (st.raised && v.clear) lock_contradictions_.clear();  // a fresh count after it clears
            break;
        }

        case fault_code::unknown:
        case fault_code::test_alarm:
            break;
    }
    return v;
}

}  // namespace lw::agent
