#pragma once
// Supervision figures (issue 4 item 8; Tianshui plan: "supervision of whether each maintenance
// company fulfils its duty to rescue in time" and "star rating of maintenance companies").
// Pure: incidents, registry and fault raises in; figures per maintenance company and per
// district out. No I/O; time is a parameter. docs/supervision.md explains every figure.
//
// Definitions (all over the incidents *opened* in the period [from, to); false alarms are
// counted apart and excluded from every other figure):
//  - entrapments: incidents that are not false alarms.
//  - response time: the incident's first dispatch -> its first acknowledgement (any crew).
//    Judged against limits.launch_limit (5 min, Guangzhou "response launched within 5 min").
//  - arrival time: alarm (opened_at) -> first arrival on site; an incident counts once a crew
//    has arrived, open or closed.
//  - share arrived within the limit: arrived within its arrival limit (urban 30 min, rural
//    60 min) / incidents that can be judged: arrived, or whose limit has passed by `now`
//    without an arrival (late). Open incidents still inside their limit are not judged yet.
//  - on-site time: first arrival -> passengers released (mean only).
//  - entrapments per 10,000 elevators per month: entrapments / elevators x 10,000 /
//    (period days / 30.4375); elevators = the registry's elevators of that company or district.
//  - escalations: entrapments whose final level is L2, and those whose final level is L3
//    (the level never goes down). "Caused by the company's own crews": escalated (L2 or L3)
//    and the elevator's company's L1 crew declined, reported cannot_handle, or was stood down
//    without ever acknowledging (silent).
//  - fault-prone elevators: 3 or more fault raises with now - 30 days <= at <= now (a raise
//    exactly 30 days old still counts). A raise is a fault raise counted as a new fault
//    (fault_record::counted: not a repeat of an active one, not the same stop under another
//    code); EN 81-28 test alarms are never faults.
//  - test alarms: EN 81-28 test alarms received with now - 30 days <= received <= now.
//  - test alarms missing: boards whose last test alarm was received more than
//    test_alarm_limit (default 72 h, EN 81-28: at least one every 3 days) before now; a board
//    that never sent one counts from when the center first heard from it (its first birth).
//  - inspections overdue: inspection_due (YYYY-MM-DD) earlier than today, today being the UTC
//    calendar date of `now`; a due date of today is not overdue. A missing or malformed date
//    is counted as "no inspection date", not as overdue.
//
// Statistics: means are the exact sum / count truncated to the millisecond; p90 is the
// nearest-rank percentile: sort ascending, take the value at rank ceil(0.9 x n) (1-based):
// the 9th of 10 values, the 5th (largest) of 5, the 18th of 20, the only one of 1.
// Every figure that has nothing to be computed from is std::nullopt ("no data"), never zero.
//
// Star rating (maintenance companies only), 1..5 stars from up to 100 points in six criteria;
// thresholds are the named constants in `rating` below:
//   1. arrived-within-limit share  (25): >= 98 % -> 25, >= 95 % -> 15, >= 90 % -> 5, else 0
//   2. p90 arrival time            (15): <= 15 min (half the urban limit) -> 15, <= 30 min -> 8, else 0
//   3. p90 response time           (15): <= 2.5 min (half the launch limit) -> 15, <= 5 min -> 8, else 0
//   4. escalations caused by own crews, share of entrapments
//                                  (20): 0 -> 20, <= 5 % -> 12, <= 10 % -> 5, else 0
//   5. entrapments per 10k per month vs the city's rate over the same period
//                                  (15): <= city -> 15, <= 1.5 x city -> 8, else 0
//   6. overdue inspections, share of the company's elevators
//                                  (10): 0 -> 10, <= 2 % -> 6, <= 5 % -> 3, else 0
// A criterion whose figure is "no data" is left out: score = 100 x earned / available points.
// Stars: score >= 90 -> 5, >= 75 -> 4, >= 60 -> 3, >= 40 -> 2, else 1. No criterion available
// (no elevators and no entrapments) -> no rating.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lw/center/incident_engine.hpp"
#include "lw/center/registry.hpp"
#include "lw/time.hpp"

namespace lw::center {

namespace supervision_limits {
constexpr int fault_prone_min_faults = 3;
constexpr auto fault_window = std::chrono::days{30};
constexpr auto test_alarm_limit = std::chrono::hours{72};   // EN 81-28: a test alarm at least every 3 days
constexpr double days_per_month = 30.4375;          // 365.25 / 12
constexpr double per_elevators = 10'000;            // rates per 10,000 elevators (sibling plans)
constexpr double percentile = 0.9;
}  // namespace supervision_limits

// Star-rating thresholds and points (see the header comment).
namespace rating {
constexpr double within_limit_top = 0.98, within_limit_mid = 0.95, within_limit_low = 0.90;
constexpr int within_limit_points_top = 25, within_limit_points_mid = 15, within_limit_points_low = 5;
constexpr double arrival_p90_top_of_limit = 0.5;    // x the urban arrival limit
constexpr int arrival_p90_points_top = 15, arrival_p90_points_mid = 8;
constexpr double response_p90_top_of_limit = 0.5;   // x the launch limit
constexpr int response_p90_points_top = 15, response_p90_points_mid = 8;
constexpr double own_escalation_mid = 0.05, own_escalation_low = 0.10;
constexpr int own_escalation_points_top = 20, own_escalation_points_mid = 12, own_escalation_points_low = 5;
constexpr double rate_mid_of_city = 1.5;
constexpr int rate_points_top = 15, rate_points_mid = 8;
constexpr double overdue_mid = 0.02, overdue_low = 0.05;
constexpr int overdue_points_top = 10, overdue_points_mid = 6, overdue_points_low = 3;
constexpr int max_points = 100;
constexpr double five_stars = 90, four_stars = 75, three_stars = 60, two_stars = 40;   // score out of 100
}  // namespace rating

// One fault raise as recorded from a node's event (raised = true rows of the faults table).
struct fault_raise {
    std::string elevator_id;
    int code = 0;
    timestamp at{};
};

// One EN 81-28 test alarm as received (center clock).
struct test_alarm_seen {
    std::string elevator_id;
    timestamp received{};
};

// A board the center has heard from: since when, and its last test alarm (center clock).
struct board_watch {
    std::string elevator_id;
    timestamp first_seen{};
    std::optional<timestamp> last_test_alarm;
};

struct supervision_input {
    const std::vector<incident>* incidents = nullptr;        // any; only those opened in [from, to) count
    // The registry's elevators by pointer, so that a caller's own registry is not copied (the
    // running center holds a million); each must outlive the call. Null entries are skipped.
    std::vector<const elevator_record*> elevators;
    const std::vector<company_record>* companies = nullptr;
    const std::vector<fault_raise>* faults = nullptr;        // any; only the window before `now` counts
    const std::vector<test_alarm_seen>* test_alarms = nullptr;   // any; only the window before `now` counts
    const std::vector<board_watch>* boards = nullptr;        // every board; listed when its test alarms stopped
    duration test_alarm_limit = supervision_limits::test_alarm_limit;
    timestamp from{}, to{};                                  // the period, from < to
    timestamp now{};
    response_limits limits;                                  // arrival_limit_urban/rural, launch_limit
};

// count = how many values; mean and p90 absent when count == 0.
struct duration_stats {
    std::size_t count = 0;
    std::optional<duration> mean, p90;
};

struct overdue_inspection {
    std::string elevator_id;
    std::string company_id;
    std::string district;
    std::string inspection_due;   // as recorded, YYYY-MM-DD
};

struct fault_prone_elevator {
    std::string elevator_id;
    std::string company_id;       // "" when the elevator is not in the registry
    std::string district;
    int faults = 0;               // raises in the window
};

// A board that has not sent an EN 81-28 test alarm for longer than the limit.
struct missing_test_alarm {
    std::string elevator_id;
    std::string company_id;
    std::string district;
    std::optional<timestamp> last_test_alarm;   // none: never sent one
    timestamp since{};                          // the last test alarm, or when the board was first heard
};

struct rating_criterion {
    std::string name;
    std::optional<int> points;    // absent: no data, left out of the score
    int max_points = 0;
};

struct star_rating {
    std::optional<int> stars;     // 1..5; absent when no criterion has data
    std::optional<double> score;  // 0..100
    std::vector<rating_criterion> criteria;
};

struct group_figures {
    std::string key;              // company id or district name
    std::string name;             // company name (districts: same as key)
    std::size_t elevators = 0;    // in the registry
    std::size_t entrapments = 0;
    std::size_t false_alarms = 0;
    duration_stats response, arrival, on_site;
    std::size_t response_judged = 0, response_within_limit = 0;
    std::optional<double> response_within_limit_share;
    std::size_t arrival_judged = 0, arrived_within_limit = 0;
    std::optional<double> arrived_within_limit_share;
    std::optional<double> entrapments_per_10k_per_month;
    std::size_t escalated_l2 = 0, escalated_l3 = 0, escalated_by_own_crews = 0;
    std::optional<double> own_crew_escalation_share;   // of entrapments
    std::size_t fault_prone_elevators = 0;
    std::size_t test_alarms = 0;                       // received in the 30-day window
    std::size_t test_alarms_missing = 0;               // boards listed in missing_test_alarms
    std::vector<overdue_inspection> overdue;
    std::size_t no_inspection_date = 0;
    std::optional<double> overdue_share;               // of elevators
    std::optional<star_rating> rating;                 // companies only
};

struct supervision_figures {
    timestamp from{}, to{}, now{};
    double period_days = 0;
    group_figures city;                                // everything, key "city"
    std::vector<group_figures> companies;              // by id; registry companies first-class,
                                                       // unknown ids from incidents/elevators too
    std::vector<group_figures> districts;              // by name; "(unknown)" for unregistered elevators
    std::vector<fault_prone_elevator> fault_prone;     // most faults first, then id
    std::vector<overdue_inspection> overdue;           // by due date, then id
    std::vector<missing_test_alarm> missing_test_alarms;   // longest silent first, then id
    duration test_alarm_limit{};
};

// The test-alarm watch, one rule for the supervision figures and the live center: a board is
// missing its test alarms when now - (its last test alarm, or its first contact) > limit.
constexpr bool test_alarm_missing(timestamp since, timestamp now, duration limit) { return now - since > limit; }

inline constexpr std::string_view unknown_district = "(unknown)";   // elevator not in the registry / no district
inline constexpr std::string_view no_company = "(none)";            // no maintenance company on file

supervision_figures compute_supervision(const supervision_input& in);
// Pointers to every record of `v` (for supervision_input::elevators); `v` must outlive them.
std::vector<const elevator_record*> elevator_pointers(const std::vector<elevator_record>& v);

// Nearest-rank percentile of `values` (any order), p in (0, 1]; nullopt when empty.
std::optional<duration> nearest_rank(std::vector<duration> values, double p);
// Calendar date from "YYYY-MM-DD" (exactly that shape, a valid date); nullopt otherwise.
std::optional<std::chrono::sys_days> parse_ymd(std::string_view text);
// "YYYY-MM-DD" of a day.
std::string format_ymd(std::chrono::sys_days d);
// The stars for a score out of 100 (thresholds in `rating`).
int stars_for_score(double score);

}  // namespace lw::center
