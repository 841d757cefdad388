#pragma once
// Time as every Liftwatch core sees it.
//
// All decision logic takes `now` as a parameter (see STYLE.md): the shell reads the clock once
// per input and passes it down. One clock type serves both the real world (system_clock, wall
// time in ms since the Unix epoch, which is also what gets recorded) and drills, where the
// simulator owns a virtual "city time" on the same scale that may run faster than real time.
#include <chrono>
#include <cstdint>
#include <string>

namespace lw {

using duration = std::chrono::milliseconds;
using timestamp = std::chrono::sys_time<duration>;

using namespace std::chrono_literals;

inline timestamp from_ms(std::int64_t ms_since_epoch) { return timestamp{duration{ms_since_epoch}}; }
inline std::int64_t to_ms(timestamp t) { return t.time_since_epoch().count(); }

// Wall clock, millisecond resolution.
inline timestamp wall_now() { return std::chrono::time_point_cast<duration>(std::chrono::system_clock::now()); }

// "2026-11-23 15:04:05.123" in UTC; used for timelines and logs.
std::string format_utc(timestamp t);
// "4 min 12 s" style; negative durations get a leading '-'.
std::string format_duration(duration d);

}  // namespace lw
