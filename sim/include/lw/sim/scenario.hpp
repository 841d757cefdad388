#pragma once
// Drill scenarios: a small line-based text format (docs/scenarios.md). Pure parser.
//
//   name basic                       # a label for the report
//   seed 7                           # city seed (same seed -> same city and ids)
//   elevators 6                      # city size
//   scale 60                         # city seconds per wall second
//   duration 45m                     # stop after this much city time at the latest
//   at 30s entrapment TS-QZ-00001 between_floors people=2
//   at 2m hotline TS-MJ-00002 caller=13800000000 notes=smell_of_smoke
//   at 3m transfer_119 TS-MJ-00002 caller=119
//   crew mc01-c01 silent | decline | cannot_handle | cannot_handle_mrl | ack_delay=90s | on_site=10m | extra_travel=40m
//   operator callback_after=2m cause=door_system
//
// Durations: 90, 90s, 2m, 1h, 1m30s.
#include <optional>
#include <string>
#include <vector>

#include "lw/time.hpp"

namespace lw::sim {

enum class action_kind { entrapment, hotline, transfer_110, transfer_119, using_unit_call };

struct scenario_action {
    duration at{};                 // city time after the drill's start
    action_kind kind = action_kind::entrapment;
    std::string elevator_id;
    bool between_floors = true;    // entrapment: between floors or at floor
    int people = 1;
    std::string caller;
    std::string notes;
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
    double scale = 60;
    duration limit = std::chrono::minutes{90};
    std::vector<scenario_action> actions;
    std::vector<crew_rule> crews;
    duration callback_after = std::chrono::minutes{2};
    std::string cause = "door_system";
};

// Returns an error text with the line number, or "" on success.
std::string parse_scenario(const std::string& text, scenario& out);
std::optional<duration> parse_duration(const std::string& s);

}  // namespace lw::sim
