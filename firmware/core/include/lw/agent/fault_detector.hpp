#pragma once
// The board's fault detector: pure, fed one car_sample at a time with the time it was read.
//
// Contract: update() is called with non-decreasing `now`; it returns the faults raised and
// cleared by this sample (in the order they happened). No I/O; thread-compatible (one owner).
// Thresholds come from detector_config, with the defaults real field terminals use (DESIGN §1).
//
// `now` is authoritative for every timer; car_sample::at is only what the HAL recorded.
// A change's `at` is when its rule was met: for a debounced rule that is the moment the
// debounce elapsed (condition start + threshold), so it may be earlier than `now`.
//
// Filtering (EN 81-28 and field-terminal practice), applied after the rules:
//  - Mode masks. inspection: no fault is raised; faults active when the mode is entered are
//    cleared with detail "masked: inspection" — except an entrapment already raised, which stays
//    active until its own clear rule (doors open): rescuers move the car in inspection /
//    emergency electrical operation and the rescue is not over until passengers are out.
//    out_of_service: masks every fault except the entrapments and passenger_alarm (a car taken
//    out of service with someone inside is exactly an entrapment). Fire return, firefighter,
//    emergency power and earthquake modes mask nothing, except abnormal_speed in emergency_power
//    and earthquake (those modes run the car slowly on purpose). While a code is masked its
//    timers restart, so after the mode ends a condition must hold its full threshold again.
//  - Repeat suppression. A code raised again less than repeat_suppression after its last
//    *reported* clear is not reported, and neither is the clear of that suppressed episode;
//    active() therefore never holds it. If the suppressed episode is still active when the
//    window ends, the raise is reported then (at = when the rule was actually met, detail says
//    "repeat"). So each code is reported at most once per window and a persistent fault is never
//    hidden for longer than the window. Clears caused by masking do not start a window (the
//    fault did not go away, the mode hid it). Entrapments are never suppressed: every one is a
//    rescue.
//  - Sensor inconsistency. The door-state sensor says `locked` while the door-lock circuit is
//    open: if that contradiction starts sensor_flap_count times within sensor_flap_window, the
//    door-lock signal cannot be trusted; sensor_inconsistent is raised once and
//    door_lock_circuit_open is masked ("masked: sensor_inconsistent") until the signals have
//    agreed for sensor_inconsistent_clear_after.
#include <array>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lw/agent/car_sample.hpp"
#include "lw/domain/fault.hpp"
#include "lw/time.hpp"

namespace lw::agent {

using domain::fault_code;
using domain::is_entrapment;

struct detector_config {
    // Entrapment between floors: stopped, doors closed, outside the door zone, someone inside.
    duration entrapment_between_floors_after = std::chrono::seconds{15};
    // Entrapment at floor: in the door zone, doors closed, presence seen throughout.
    duration entrapment_at_floor_after = std::chrono::seconds{90};
    // Stopped outside the door zone with doors closed (with or without passengers).
    duration stopped_outside_door_zone_after = std::chrono::seconds{15};
    // A passenger alarm press at a landing with doors open counts only if held this long.
    duration alarm_button_hold_at_landing = std::chrono::seconds{5};
    // Elsewhere a press counts once held this long (debounce).
    duration alarm_button_hold = std::chrono::milliseconds{500};
    // The same fault raised again within this window after it cleared is not re-reported.
    duration repeat_suppression = std::chrono::minutes{10};
    // Battery below this percentage raises battery_low (cleared with 5 points of hysteresis).
    int battery_low_pct = 30;
    // Rated speed of the car; overspeed above 115 %, abnormal speed when running below 50 %.
    double rated_speed_mps = 1.75;

    // --- added by the detector ---

    // Gaps in `occupied` shorter than this do not break "presence seen throughout": PIR and
    // load-cell presence drops out for a few 100 ms samples when passengers stand still.
    duration presence_dropout_tolerance = std::chrono::seconds{2};
    // An active entrapment at floor clears once nobody has been seen for this long. Much longer
    // than the dropout tolerance: a still passenger may not trigger a PIR, and a short gap must
    // not end a rescue.
    duration entrapment_at_floor_presence_lost_after = std::chrono::seconds{30};

    // Terminal landings of this car (floor numbers as the HAL reports them). nullopt: not
    // configured, overtravel by floor is not detected (there is no universal default building).
    std::optional<int> top_floor;
    std::optional<int> bottom_floor;
    // A floor reading beyond a terminal landing must persist this long (2 samples at 10 Hz)
    // so one corrupted floor-bus frame does not raise an overtravel.
    duration overtravel_confirm = std::chrono::milliseconds{200};

    // Overspeed above this multiple of rated speed (the governor's 115 %); cleared at or below
    // rated speed, so a car hovering at the trip point does not flap.
    double overspeed_ratio = 1.15;
    // Overspeed must persist this long (2 samples at 10 Hz): one encoder spike is not a fault.
    duration overspeed_confirm = std::chrono::milliseconds{200};
    // Running below this multiple of rated speed for abnormal_speed_after is abnormal.
    double abnormal_speed_ratio = 0.5;
    // Acceleration, deceleration and re-levelling pass below half speed for 1-3 s; 10 s of
    // creeping is not a normal trip.
    duration abnormal_speed_after = std::chrono::seconds{10};

    // Door reported not closed while running outside the door zone, for this long (door contact
    // bounce at 10 Hz lasts a sample or two).
    duration door_open_while_running_confirm = std::chrono::milliseconds{500};

    // Mains lost for this long raises power_failure; restored for power_restored_after clears
    // it. 3 s rides through brownouts and transfer-switch changeovers (< 1 s).
    duration power_failure_after = std::chrono::seconds{3};
    duration power_restored_after = std::chrono::seconds{3};
    // Safety circuit open this long (relay bounce is < 100 ms; 500 ms = 5 samples).
    duration safety_circuit_open_after = std::chrono::milliseconds{500};
    // Door-lock circuit open while it must be made (moving, outside the door zone, or door
    // reported locked) for this long. 2 s covers the closed -> locked transition at a landing.
    duration door_lock_circuit_open_after = std::chrono::seconds{2};

    // A door opens or closes in 2-5 s; stuck in `opening` (or `closing`/`not_fully_closed`)
    // for twice the slowest is a failure.
    duration door_open_failure_after = std::chrono::seconds{10};
    duration door_close_failure_after = std::chrono::seconds{10};
    // This many closing -> opening reversals within door_reversal_window, during one closing
    // attempt (the count restarts when the door closes), raise door_blocked_while_closing.
    // One reversal is a passenger catching the door; three in a minute is a blocked door.
    // At most detector event capacity (16).
    int door_reversal_count = 3;
    duration door_reversal_window = std::chrono::seconds{60};

    // button_stuck_mask non-zero for this long. The HAL already decided "stuck"; 5 s confirms
    // it is not a long press read at the wrong moment.
    duration button_stuck_after = std::chrono::seconds{5};
    // Brake feedback bad for this long (5 samples; brake-contact bounce on lift is < 100 ms).
    duration brake_fault_after = std::chrono::milliseconds{500};
    // Temperature sensor reporting a fault, or reading outside the plausible range, this long.
    duration temperature_sensor_fault_after = std::chrono::seconds{5};
    // Readings outside the range of the common machine-room sensors (NTC / PT100 boards),
    // degrees Celsius, are a broken or disconnected sensor.
    double temperature_plausible_min_c = -40;
    double temperature_plausible_max_c = 125;
    // Floor unknown this long: the floor bus drops a frame now and then, 2 s is a real loss.
    duration floor_information_lost_after = std::chrono::seconds{2};
    // Battery below battery_low_pct this long (the reading sags for seconds under load), and
    // cleared at battery_low_pct + battery_low_hysteresis_pct or more.
    duration battery_low_after = std::chrono::seconds{10};
    int battery_low_hysteresis_pct = 5;

    // sensor_inconsistent: the contradiction "door locked, door-lock circuit open" starting
    // this many times within sensor_flap_window (at most detector event capacity, 16)...
    int sensor_flap_count = 5;
    duration sensor_flap_window = std::chrono::seconds{60};
    // ...and cleared once the signals have agreed continuously for this long.
    duration sensor_inconsistent_clear_after = std::chrono::minutes{5};
};

struct fault_change {
    fault_code code = fault_code::unknown;
    bool raised = true;       // false: cleared
    timestamp at{};           // when the condition was met (may be earlier than `now`)
    std::string detail;       // short human-readable reason
};

namespace detail {

// Since when a condition has held without a break: the building block of every debounced rule.
class hold_timer {
public:
    // Feeds the condition seen at `now`; a false condition restarts the timer.
    void update(bool condition, timestamp now) {
        if (!condition)
            since_.reset();
        else if (!since_)
            since_ = now;
    }
    bool held_for(duration d, timestamp now) const { return since_ && now - *since_ >= d; }
    std::optional<timestamp> since() const { return since_; }
    void reset() { since_.reset(); }

private:
    std::optional<timestamp> since_;
};

// The last `capacity` event times, counted inside a sliding window. Fixed size: no heap.
class event_window {
public:
    static constexpr std::size_t capacity = 16;
    void push(timestamp t);
    // Events at or after `from`.
    std::size_t count_since(timestamp from) const;
    void clear() { size_ = 0; }

private:
    std::array<timestamp, capacity> at_{};
    std::size_t next_ = 0;
    std::size_t size_ = 0;
};

}  // namespace detail

class fault_detector {
public:
    explicit fault_detector(detector_config cfg = {});

    std::vector<fault_change> update(const car_sample& s, timestamp now);

    // The codes raised and not yet cleared, as reported by update() (suppressed repeats are
    // not in it).
    const std::set<fault_code>& active() const;
    const detector_config& config() const;
    // Takes effect at the next update; running timers keep their start times.
    void set_config(const detector_config& cfg);

private:
    static constexpr std::size_t code_slots = static_cast<std::size_t>(fault_code::sensor_inconsistent) + 1;

    struct code_state {
        detail::hold_timer raise_hold;  // the raise condition, continuously
        detail::hold_timer clear_hold;  // the clear condition, for rules with a debounced clear
        bool raised = false;            // what the rules say: raised and not yet cleared
        timestamp raised_at{};
        bool reported = false;          // what the center was told (member of active_)
        std::optional<timestamp> last_reported_clear;
    };

    // What one code's rules say about this sample. Details are static text: no allocation
    // unless something changes.
    struct verdict {
        bool raise = false;
        timestamp raise_at{};
        std::string_view raise_detail;
        bool clear = false;
        timestamp clear_at{};
        std::string_view clear_detail;
    };

    code_state& slot(fault_code c) { return codes_[static_cast<std::size_t>(c)]; }
    const code_state& slot(fault_code c) const { return codes_[static_cast<std::size_t>(c)]; }

    void track_inputs(const car_sample& s, timestamp now);
    std::optional<std::string_view> mask_reason(fault_code c, const car_sample& s) const;
    void reset_tracking(fault_code c);
    verdict evaluate(fault_code c, const car_sample& s, timestamp now);
    bool suppressed(fault_code c, timestamp raised_at) const;

    void report_raise(fault_code c, timestamp at, std::string_view detail, std::vector<fault_change>& out);
    void report_clear(fault_code c, timestamp at, std::string detail, bool starts_suppression,
                      std::vector<fault_change>& out);

    detector_config cfg_;
    std::set<fault_code> active_;
    std::array<code_state, code_slots> codes_{};

    std::optional<car_sample> prev_;  // the previous sample, for edge rules
    timestamp prev_now_{};

    // Presence with dropout tolerance (entrapment rules).
    bool seen_present_ = false;
    std::optional<timestamp> absent_since_;  // first unoccupied sample after someone was seen

    detail::event_window door_reversals_;       // closing -> opening, in the current closing attempt
    detail::event_window lock_contradictions_;  // onsets of "locked but lock circuit open"
};

}  // namespace lw::agent
