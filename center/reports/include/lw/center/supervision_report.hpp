#pragma once
// Supervision figures read from the store and shown to people: `lw-center stats` (text or
// JSON) and GET /api/stats (JSON). The figures themselves are lw/center/supervision.hpp; this is
// the edge that reads the database and formats. docs/supervision.md describes the output.
//
// Threading: the thread that owns `db` (the CLI's main thread, the service's strand, a read thread).
#include <optional>
#include <string>

#include "lw/center/store_view.hpp"
#include "lw/center/supervision.hpp"

namespace lw::center {

// The period asked for by dates, both days included, UTC: [from 00:00, day after `to` 00:00).
// Empty `to_date`: today (the UTC date of `now`); empty `from_date`: 30 days ending with `to`.
// Returns "" and sets from/to, or a clear error (bad date, from after to).
std::string stats_period(const std::string& from_date, const std::string& to_date, timestamp now, timestamp& from,
                         timestamp& to);

// "YYYY-MM-DD" (midnight) or "YYYY-MM-DDTHH:MM:SS", UTC; nullopt when malformed.
std::optional<timestamp> parse_utc_time(const std::string& text);

// Reads the registry, the incidents opened in [from, to), the fault raises and test alarms of
// the 30 days before `now` and the boards from `db`, and computes the figures. Throws what the store throws.
// `test_alarm_limit`: a board whose last EN 81-28 test alarm is older is listed as missing them.
supervision_figures load_supervision(store_view& db, timestamp from, timestamp to, timestamp now,
                                     const response_limits& limits,
                                     duration test_alarm_limit = supervision_limits::test_alarm_limit);
// The same with the registry the caller already holds (the running center's in-memory maps):
// only the period's incidents and the fault window are read from `db`.
supervision_figures load_supervision(store_view& db, timestamp from, timestamp to, timestamp now,
                                     const response_limits& limits, std::vector<const elevator_record*> elevators,
                                     const std::vector<company_record>& companies,
                                     duration test_alarm_limit = supervision_limits::test_alarm_limit);

// Readable tables: per company (with stars), per district, the city, the fault-prone
// elevators, the overdue inspections and each company's rating breakdown. "no data" where a
// figure has nothing to be computed from.
std::string format_supervision(const supervision_figures& f, const response_limits& limits);

// JSON text (durations in ms, shares 0..1, null = no data).
std::string supervision_json(const supervision_figures& f, const response_limits& limits);

}  // namespace lw::center
