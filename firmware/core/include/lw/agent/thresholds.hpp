#pragma once
// The detector thresholds the center may change at run time (Command SET_THRESHOLDS): names with
// their unit, each with the range a board accepts. Pure: text in, config out.
#include <map>
#include <string>

#include "lw/agent/fault_detector.hpp"

namespace lw::agent {

// Applies every name=value of `changes` to `cfg`, all or nothing. Returns "" when all were
// applied, else why the whole change was refused (and `cfg` is unchanged): an unknown name
// (the known ones are listed), a value that is not a number, or one out of its range.
// Names: entrapment_between_floors_s, entrapment_at_floor_s, stopped_outside_door_zone_s,
// alarm_button_hold_at_landing_s, repeat_suppression_s (seconds), battery_low_pct (percent),
// rated_speed_mps (m/s).
std::string apply_thresholds(detector_config& cfg, const std::map<std::string, std::string>& changes);

// "name=value, ..." of the thresholds above as `cfg` has them (for the command's answer).
std::string describe_thresholds(const detector_config& cfg, const std::map<std::string, std::string>& names);

}  // namespace lw::agent
