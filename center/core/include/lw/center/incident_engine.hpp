#pragma once
// The incident engine: one rescue from alarm to close, with three-level escalation
// (DESIGN §1; Tianshui plan "four first-times"). Pure: events in, with their time; timeline
// entries and actions out. No Asio, MQTT, SQLite or protobuf here; the center's shell turns
// actions into publishes and the timeline into store rows.
//
// Threading: thread-compatible; the center calls it from the one strand that owns it.
// Time: every call takes `now`, non-decreasing; tick(now) fires the timers that are due.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "lw/center/crew_choice.hpp"
#include "lw/domain/rescue.hpp"
#include "lw/geo.hpp"
#include "lw/time.hpp"

namespace lw::center {

using incident_id = std::int64_t;

using domain::alarm_source;
using domain::assignment_status;
using domain::cause_category;
using domain::crew_report_kind;
using domain::incident_phase;
using domain::party;
using domain::response_level;
using step = domain::timeline_step;

struct elevator_ref {
    std::string id;                  // elevator id (registration code)
    std::string company_id;          // its maintenance company
    std::string using_unit_id;
    geo_point position;
    bool machine_room_less = false;
    bool urban = true;               // urban area: 30-min arrival limit; elsewhere 1 h
};

struct alarm {
    elevator_ref elevator;
    alarm_source source = alarm_source::iot_auto;
    std::string actor;               // who raised it: node id, operator, caller number
    std::string details;             // fault code, caller notes, ...
};

struct crew_report {
    std::string crew_id;
    incident_id incident = 0;
    crew_report_kind kind = crew_report_kind::acknowledged;
    std::optional<duration> eta;       // with acknowledged / en_route
    std::optional<geo_point> position;
    std::string details;
};

// Every limit is configurable; durations must be positive (renotify_every <= 0 or
// renotify_max <= 0 disables re-sending). launch_limit is carried for the shell's reporting
// (dispatch order issued within it); the engine dispatches at the alarm, so it never trips here.
struct response_limits {
    duration ack_limit = std::chrono::minutes{3};             // L1 must acknowledge within this
    duration launch_limit = std::chrono::minutes{5};          // response launched (Guangzhou)
    duration arrival_limit_urban = std::chrono::minutes{30};  // TSG T5002 urban
    duration arrival_limit_rural = std::chrono::minutes{60};
    duration release_limit_after_arrival = std::chrono::minutes{30};  // on site and still stuck -> L3
    duration renotify_every = std::chrono::minutes{1};        // re-send un-acknowledged orders
    int renotify_max = 5;
};

struct timeline_entry {
    incident_id incident = 0;
    timestamp at{};
    step what = step::alarm_received;
    std::string actor;       // "center", a crew id, an operator name, a node id
    std::string details;     // human-readable, e.g. "L1 crew mc-a-1 (company mc-a), ETA 6 min"
};

// Actions for the shell to carry out.
struct dispatch_order {
    incident_id incident = 0;
    std::string crew_id;
    std::string company_id;
    response_level level = response_level::l1;
    std::string elevator_id;
    duration eta{};
    timestamp arrive_by{};
    int attempt = 1;          // > 1: a re-send of the same order
};
// A request to inform a party (recorded as notify_requested): the engine does not deliver it,
// and its timeline never says it was delivered.
struct notify_party {
    incident_id incident = 0;
    party who = party::maintenance_company;
    std::string target_id;    // company id, workstation crew id, using unit id, "119"
    std::string message;
};
struct comfort_command {
    std::string elevator_id;
    bool start = true;        // false: stop comfort
    incident_id incident = 0; // the incident it is for
};
// Tell a crew it is no longer needed on this incident (superseded, passengers released by
// another crew, false alarm). Its roster status is already back to available.
struct stand_down_order {
    incident_id incident = 0;
    std::string crew_id;
    std::string company_id;
    std::string reason;
};
using action = std::variant<dispatch_order, notify_party, comfort_command, stand_down_order>;

struct crew_assignment {
    std::string crew_id;
    std::string company_id;
    crew_kind kind = crew_kind::maintenance;
    response_level level = response_level::l1;
    assignment_status status = assignment_status::dispatched;
    timestamp dispatched_at{};
    duration eta{};                 // estimate at dispatch, then as last reported
    timestamp arrive_by{};          // as sent in the dispatch order
    std::optional<timestamp> acknowledged_at, arrived_at;

    // Still on the incident: may report, counts for the incident's phase.
    bool engaged() const { return status <= assignment_status::arrived; }
};

struct engine_output {
    std::vector<timeline_entry> timeline;
    std::vector<action> actions;
    std::optional<incident_id> opened;     // set when the call opened a new incident
    std::string error;                     // non-empty: the input was refused and why
};

// Everything the engine knows about one incident; enough to restore it after a restart.
struct incident {
    incident_id id = 0;
    elevator_ref elevator;
    alarm_source source = alarm_source::iot_auto;
    incident_phase phase = incident_phase::alarm;
    response_level level = response_level::l1;
    timestamp opened_at{};
    std::optional<timestamp> acknowledged_at, arrived_at, released_at, closed_at;
    std::vector<std::string> crews_dispatched;   // every crew ever sent, in order
    std::string active_crew;                     // the L1/L2 crew currently responsible ("" if none);
                                                 // ack_deadline / next_renotify are about it
    std::string rescuing_crew;                   // the crew that released the passengers
    std::optional<cause_category> cause;
    bool false_alarm = false;
    // timers, as absolute deadlines
    std::optional<timestamp> ack_deadline, arrival_deadline, release_deadline, next_renotify;
    int renotify_count = 0;
    bool callback_done = false;
    bool handed_over = false;
    // extensions
    std::vector<crew_assignment> assignments;    // one per crew in crews_dispatched, same order
    bool handover_required = false;              // set at release: rescuer not of the elevator's company
};

// Rules (see incident_engine.cpp for the details of each):
//  - at the alarm: L1 = nearest available crew of the elevator's own maintenance company; none ->
//    no_crew_available and L2 at once; its estimate beyond the arrival limit -> L2 instead (L1 is
//    still sent when no rescue team is free, and then L3 is raised at once).
//  - L1 -> L2 (nearest rescue_team): not acknowledged within ack_limit, reported ETA beyond the
//    arrival limit, cannot_handle or declined. The superseded L1 crew is stood down (available).
//  - at L2: declined or silent for ack_limit -> the next nearest rescue team; none left, or the
//    L2 crew cannot handle -> L3.
//  - L3: nobody on site by the arrival limit (from the alarm), or not released within
//    release_limit_after_arrival of the first arrival, or nobody left to send at L2: notify 119
//    and the expert team, dispatch the nearest fire and expert crews if the roster has them. The
//    crews already engaged keep going.
//  - close needs: passengers released, cause recorded, call-back done, and the handover when the
//    rescuing crew is not of the elevator's company. close_false_alarm: any time before release.
// Timer entries are stamped with `now` of the tick that fires them (when the center acted),
// and follow-up deadlines count from it; due timers fire in deadline order.
// Expected conditions (unknown or closed incident, foreign crew, out-of-order report) never
// throw: engine_output::error says why and nothing changes.
class incident_engine {
public:
    // Incidents closed longer ago than the last this-many closes are forgotten (find() -> null,
    // reports for them -> "unknown incident"); the store keeps them.
    static constexpr std::size_t closed_kept = 4096;

    // `crews` must outlive the engine; the engine sets the status of the crews it dispatches.
    incident_engine(response_limits limits, crew_roster& crews);

    // A new alarm: opens an incident (and dispatches, notifies, orders comfort) or, when one is
    // open for that elevator, joins it.
    engine_output on_alarm(const alarm& a, timestamp now);
    engine_output on_crew_report(const crew_report& r, timestamp now);
    engine_output tick(timestamp now);

    // The board's word on the comfort message (played to its end, or failed and why) on the
    // elevator's open incident: comfort_played / comfort_failed. Error when none is open.
    engine_output record_comfort(const std::string& elevator_id, bool played, const std::string& actor,
                                 const std::string& details, timestamp now);

    // Operator actions.
    engine_output record_callback(incident_id id, const std::string& actor, const std::string& notes, timestamp now);
    engine_output record_handover(incident_id id, const std::string& actor, timestamp now);
    engine_output record_cause(incident_id id, cause_category c, const std::string& actor, const std::string& notes,
                               timestamp now);
    engine_output close(incident_id id, const std::string& actor, timestamp now);
    engine_output close_false_alarm(incident_id id, const std::string& actor, const std::string& reason,
                                    timestamp now);

    // Recovery: put back incidents read from the store (timers are absolute, so they carry on;
    // overdue ones fire once at the next tick). Also marks engaged crews dispatched/busy in the
    // roster and raises next_id past inc.id. A closed incident is kept only for find().
    void restore(const incident& inc);
    // Never lowers next_id below one past the highest id restored or opened.
    void set_next_id(incident_id next);
    incident_id next_id() const;

    const incident* find(incident_id id) const;
    std::optional<incident_id> open_incident_for(const std::string& elevator_id) const;
    std::vector<incident> open_incidents() const;
    std::size_t open_count() const { return open_by_elevator_.size(); }
    std::optional<timestamp> next_deadline() const;   // earliest timer, for the shell's wake-up
    const response_limits& limits() const;

private:
    struct impl;   // the rules, in incident_engine.cpp
    friend struct impl;

    response_limits limits_;
    crew_roster* crews_;
    incident_id next_id_ = 1;
    std::map<incident_id, incident> incidents_;                     // open + the last closed_kept closed
    std::unordered_map<std::string, incident_id> open_by_elevator_;
    std::set<std::pair<timestamp, incident_id>> timers_;            // each open incident's earliest deadline
    std::unordered_map<incident_id, timestamp> scheduled_;          // incident -> its entry in timers_
    std::deque<incident_id> closed_order_;
};

}  // namespace lw::center
