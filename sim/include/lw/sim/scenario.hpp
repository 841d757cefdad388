#pragma once
// Drill scenarios: a small line-based text format (docs/scenarios.md). Pure parser.
//
//   name basic                       # a label for the report
//   seed 7                           # city seed (same seed -> same city and ids)
//   elevators 6                      # city size
//   companies 6                      # maintenance companies (>= 2), crews_per_company 4
//   elevator TS-QZ-00004 machine_room_less   # or type=hydraulic; applied by `lw-sim city`
//   scale 60                         # city seconds per wall second
//   duration 45m                     # stop after this much city time at the latest
//   at 30s entrapment TS-QZ-00001 between_floors people=2
//   at 1m fault TS-QZ-00002 safety_circuit_ok=0 door=not_fully_closed   # scripted HAL fields
//   at 2m hotline TS-MJ-00002 caller=13800000000 notes=smell_of_smoke
//   at 3m transfer_119 TS-MJ-00002 caller=119
//   outage 10m 14m                   # the virtual city's network is cut (the broker keeps running)
//   random_entrapments rate_per_month=0.006 seed=3 people=1 until=22h
//   crew mc01-c01 silent | decline | cannot_handle | cannot_handle_mrl | ack_delay=90s | on_site=10m
//        | extra_travel=40m | late=40m | speed_kmh=25          (mc01-* : every crew of mc01)
//   operator callback_after=2m cause=door_system
//   expect TS-QZ-00001 escalated after=3m match=L2    # at=T from the drill's start, within=D
//
// Durations: 90, 90s, 2m, 1h, 1m30s.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lw/time.hpp"

namespace lw::sim {

enum class action_kind { entrapment, hotline, transfer_110, transfer_119, using_unit_call, fault };

struct scenario_action {
    duration at{};                 // city time after the drill's start
    action_kind kind = action_kind::entrapment;
    std::string elevator_id;
    bool between_floors = true;    // entrapment: between floors or at floor
    int people = 1;
    std::string caller;
    std::string notes;
    std::vector<std::pair<std::string, std::string>> fields;   // fault: scripted HAL field=value
    int line = 0;
};

// An override of the generated city, applied before the city is written (lw-sim city).
struct elevator_override {
    std::string elevator_id;
    std::optional<bool> machine_room_less;
    std::string type;              // "" = keep
    int line = 0;
};

// The virtual city's network is down from `from` to `to` (city time after the start).
struct outage_window {
    duration from{}, to{};
    int line = 0;
};

// Entrapments drawn at random over the drill: `rate_per_month` of the city's elevators per
// 30-day month (Nanjing: about 0.6 %), as a Poisson process from `seed`.
struct random_entrapment_rule {
    double rate_per_month = 0.006;
    std::uint64_t seed = 1;
    int people = 1;
    std::optional<duration> until;   // draw over [0, until); default: the drill's duration
};

// A scripted expectation checked by the drill report: the incident of `elevator_id` has a
// timeline entry `step` (whose details contain `match`, '_' and ' ' counting as the same
// character, so "L1_->_L2" matches "L1 -> L2"), at `at` after the drill's start or
// `after` after the incident's alarm, within `within` (default: the clock's resolution).
struct expectation {
    std::string elevator_id;
    std::string step;
    std::string match;
    std::optional<duration> at, after, within;
    int line = 0;
};
struct crew_rule {
    std::string crew_id;
    std::vector<std::string> settings;   // "silent", "ack_delay=90s", ...
    int line = 0;
};

struct scenario {
    std::string name = "drill";
    std::uint64_t seed = 1;
    int elevators = 6;
    int companies = 6;
    int crews_per_company = 4;
    double scale = 60;
    duration limit = std::chrono::minutes{90};
    std::vector<scenario_action> actions;
    std::vector<crew_rule> crews;
    duration callback_after = std::chrono::minutes{2};
    std::string cause = "door_system";
    std::vector<elevator_override> overrides;
    std::vector<outage_window> outages;
    std::optional<random_entrapment_rule> random_entrapments;
    std::vector<expectation> expectations;
};

// Returns an error text with the line number, or "" on success.
std::string parse_scenario(const std::string& text, scenario& out);
std::optional<duration> parse_duration(const std::string& s);
std::string_view to_string(action_kind k);

// Draws the random entrapments of `rule` over [0, limit) for a city of `elevator_ids` (sorted
// by time, at most `max_count`). Pure: the same inputs give the same list.
std::vector<scenario_action> draw_random_entrapments(const random_entrapment_rule& rule,
                                                     const std::vector<std::string>& elevator_ids, duration limit,
                                                     std::size_t max_count = 10000);

}  // namespace lw::sim
