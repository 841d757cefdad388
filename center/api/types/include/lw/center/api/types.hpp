#pragma once
// The center's HTTP API, as types: what each endpoint takes and answers (docs/api.md). One
// definition for the center that answers, and for the programs that ask — the operator CLI, the
// simulator's drill runner, the tests — so nobody reads the center's replies by string keys.
//
// Requests are form-encoded (application/x-www-form-urlencoded, what the console's forms send)
// or JSON (the registry import); replies are JSON. from_json never throws: it returns the value
// or a clear error naming the field at fault.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lw/domain/rescue.hpp"
#include "lw/geo.hpp"

namespace lw::center::api {

// A parse result: the value, or why not.
template <class T>
struct parsed {
    std::optional<T> value;
    std::string error;
    explicit operator bool() const { return value.has_value(); }
    const T& operator*() const { return *value; }
    const T* operator->() const { return &*value; }
};

// Any refusal: {"error": "..."} with the HTTP status saying which kind.
struct error_reply {
    std::string error;
};

// ---- incidents -------------------------------------------------------------------------

// GET /api/incidents[?open=1]: the newest incidents first (at most 200).
struct incident_summary {
    std::int64_t id = 0;
    std::string elevator_id;
    std::string source;          // domain::alarm_source name
    std::string phase;           // domain::incident_phase name
    int level = 1;               // 1..3
    std::int64_t opened_ms = 0;
    std::string opened;          // ISO 8601 UTC
    std::optional<std::string> closed;
    std::string cause;           // domain::cause_category name, "" before it is recorded
    bool false_alarm = false;
};

struct timeline_record {
    std::int64_t id = 0;         // the record's place in the hash chain
    std::int64_t at_ms = 0;
    std::string at;
    std::string step;            // domain::timeline_step name
    std::string label;           // how it reads to a person (domain::step_label)
    std::string actor;
    std::string details;
};

struct dispatch_record {
    std::string crew;
    std::string company;
    int attempt = 1;
    bool sent = false;           // the broker acknowledged it
};

// GET /api/incidents/{id}
struct incident_detail {
    incident_summary summary;
    std::vector<timeline_record> timeline;
    std::vector<dispatch_record> dispatches;
};

// POST /api/incidents/{id}/{action}   (action: domain::operator_action name)
struct action_request {
    std::string operator_name = "operator";   // form field "operator"
    std::string notes;
    std::string cause;                        // with action "cause": a domain::cause_category name
};

// ---- alarms ----------------------------------------------------------------------------

// POST /api/alarms: a call to the hotline, a 110/119 transfer, a using unit.
struct alarm_request {
    std::string elevator;         // registration code, or
    std::string rescue_code;      // the 6-digit code posted in the car
    std::string source = "hotline_96333";
    std::string caller;
    std::string notes;
};
struct alarm_reply {
    std::optional<std::int64_t> incident;
    bool joined = false;          // the elevator already had an open incident
};

// ---- crews and registry ----------------------------------------------------------------

// POST /api/crews/{id}: home position (both or neither) and/or status (available | off_duty).
struct crew_edit_request {
    std::optional<geo_point> home;
    std::string status;
};
struct crew_reply {
    std::string id;
    std::string status;
    double lat = 0, lon = 0;
};

// POST /api/registry: a city file (the registry's JSON, see docs) whose records are added or
// replace those with the same ids.
struct registry_reply {
    std::size_t elevators = 0, crews = 0, companies = 0, using_units = 0, workstations = 0;
};

// ---- the companies' API ----------------------------------------------------------------

// GET /api/companies/{id}/dispatches: the orders sent to one company's crews, newest first.
struct company_dispatch {
    std::int64_t incident = 0;
    std::string elevator;
    std::string crew;
    int attempt = 1;
    std::string phase;
};

// ---- elevators -------------------------------------------------------------------------

struct live_summary {
    std::string state;            // unknown | online | stale | offline
    bool stale = false;           // offline, or online with its status overdue
    bool status_overdue = false;  // no status within 1.5 x the node's reported period
    bool test_alarm_overdue = false;   // no EN 81-28 test alarm within the limit (default 72 h)
    std::string active_faults;    // "door_close_failure, battery_low"
    int floor = 0;
    bool floor_known = false;
    bool moving = false;
    std::string door;             // domain::door_state name
    bool occupied = false;
};

struct fault_entry {
    std::string at;
    std::string code;
    bool raised = true;
    bool historical = false;
};

struct test_alarm_entry {
    std::string at;               // board clock
    std::string received;         // center clock
    bool historical = false;
};

// GET /api/elevators/{id}: the dossier.
struct elevator_dossier {
    std::string id, rescue_code, address, district, grid;
    double lat = 0, lon = 0;
    std::string company, using_unit, type;
    int floors = 0, year = 0;
    std::string inspection_due, maintenance_due;
    std::optional<live_summary> live;
    std::vector<incident_summary> incidents;   // newest first, at most 50
    std::vector<fault_entry> faults;           // newest first, at most 50
    std::vector<test_alarm_entry> test_alarms; // EN 81-28 test alarms (not faults), newest first, at most 50
};

// GET /api/elevators: the ones worth a look (a fault active, not online, stale, or missing
// its test alarms).
struct elevator_state {
    std::string id;
    std::string state;            // as live_summary::state
    std::string active_faults;
    bool test_alarm_overdue = false;
};

// POST /api/elevators/{id}/commands: a command to the elevator's board. kind: rebirth,
// test_alarm, play_comfort, stop_comfort or set_thresholds (with thresholds NAME=VALUE, e.g.
// entrapment_between_floors_s=20; the board checks names and values and answers with the reason).
struct command_request {
    std::string kind;
    std::map<std::string, std::string> thresholds;   // form field "thresholds": "a=1,b=2"
    std::string operator_name = "operator";          // form field "operator"
};
struct command_reply {
    std::uint64_t command_id = 0;
    std::string elevator;
    std::string kind;
};
// GET /api/elevators/{id}/commands: the command log, newest first (at most 100). result:
// "" (no answer yet), "done" or "refused" (by the board; reason says why).
struct command_record {
    std::uint64_t id = 0;
    std::string kind, issued_by, parameters;
    std::optional<std::int64_t> incident;
    std::string sent;                          // ISO 8601 UTC
    std::string result;
    std::optional<std::string> answered;
    std::string reason;
};

// ---- map -------------------------------------------------------------------------------

// GET /api/map?bbox=SOUTH,WEST,NORTH,EAST&max=N. Within the box: every elevator when there are
// at most `max` (default 2000, at most 5000), else cells of a grid with counts, plus every
// elevator with an open incident (always shown one by one). Crews in the box, always.
struct map_elevator {
    std::string id;
    double lat = 0, lon = 0;
    bool online = false;          // online and its status not overdue
    bool stale = false;           // offline, or its status overdue
    bool status_overdue = false;  // online, but no status within 1.5 x its period
    bool test_alarm_overdue = false;
    std::string faults;
    std::optional<std::int64_t> incident;
};
struct map_cell {
    double south = 0, west = 0, north = 0, east = 0;
    double lat = 0, lon = 0;      // the mean position of its elevators
    std::uint32_t elevators = 0, offline = 0, faulted = 0, incidents = 0;
    std::uint32_t stale = 0;                 // online but status overdue (not counted in offline)
    std::uint32_t test_alarms_missing = 0;
};
struct map_crew {
    std::string id, kind, status;
    double lat = 0, lon = 0;
};
struct map_reply {
    double south = 0, west = 0, north = 0, east = 0;   // the box answered
    std::uint64_t total = 0;                           // elevators in the box
    std::string mode;                                  // "elevators" | "cells"
    std::vector<map_elevator> elevators;
    std::vector<map_cell> cells;
    std::vector<map_crew> crews;
};

// ---- the record ------------------------------------------------------------------------

// GET /api/verify: the timeline's hash chain checked.
struct verify_reply {
    bool ok = true;
    std::int64_t records = 0;
    std::vector<std::string> problems;
    std::int64_t head_id = 0;
    std::string head_hash;
};

// ---- metrics ---------------------------------------------------------------------------

// What the center watches about its boards apart from their alarms (metrics_reply::watch).
struct node_watch_figures {
    std::uint64_t stale = 0;                     // online, status overdue now (1.5 x its period)
    std::uint64_t statuses_overdue = 0;          // times a node became stale so, since the start
    std::uint64_t status_watched = 0;            // online with a reported period, not overdue
    std::uint64_t restart_rebirths_pending = 0;  // after a restart: boards still to be asked for a rebirth
    std::uint64_t test_alarms_missing = 0;       // known boards without an EN 81-28 test alarm beyond the limit, now
    std::uint64_t test_alarms_overdue = 0;       // times a board became so, since the start
    std::uint64_t test_alarm_watched = 0;        // known boards within the limit
    std::int64_t test_alarm_limit_s = 0;         // the limit (serve --test-alarm-limit-h)
};

// GET /api/metrics
struct metrics_reply {
    std::uint64_t messages = 0, elevators = 0, online = 0;
    std::map<std::string, std::uint64_t> ingest, malformed, refused;
    // Messages that decoded with a number the center cannot take (NaN, infinite, out of range),
    // by kind: refused whole, like malformed ones.
    std::map<std::string, std::uint64_t> out_of_range;
    std::map<std::string, std::uint64_t> commands;   // to boards: sent, done, refused_by_board
    std::uint64_t seq_gaps = 0, events_missed = 0, alarms_raised = 0, dispatches_sent = 0, store_errors = 0,
                  internal_errors = 0, publish_errors = 0, store_pending_batches = 0, store_pending_entries = 0,
                  test_alarms = 0, rebirths_requested = 0, rebirths_suppressed = 0, open_incidents = 0;
    std::uint64_t reads_in_progress = 0, reads_done = 0;   // console reads on the read threads
    node_watch_figures watch;
    std::string clock;            // wall | drill
    std::string now;              // the center's time, ISO 8601 UTC
    std::string instance;         // this center process (CenterState.center_instance), 16 hex digits; "" from an older center
};

// ---- codecs ----------------------------------------------------------------------------

std::string to_json(const error_reply& x);
std::string to_json(const incident_summary& x);
std::string to_json(const std::vector<incident_summary>& x);
std::string to_json(const incident_detail& x);
std::string to_json(const alarm_reply& x);
std::string to_json(const crew_reply& x);
std::string to_json(const registry_reply& x);
std::string to_json(const std::vector<company_dispatch>& x);
std::string to_json(const elevator_dossier& x);
std::string to_json(const std::vector<elevator_state>& x);
std::string to_json(const map_reply& x);
std::string to_json(const command_reply& x);
std::string to_json(const std::vector<command_record>& x);
std::string to_json(const metrics_reply& x);
std::string to_json(const verify_reply& x);
std::string ok_json();   // {"ok": true}

template <class T>
parsed<T> from_json(const std::string& text);   // defined for every reply type above

// Form codecs of the requests (URL-encoded key=value pairs).
std::string to_form(const alarm_request& x);
std::string to_form(const action_request& x);
std::string to_form(const crew_edit_request& x);
std::string to_form(const command_request& x);
parsed<command_request> command_request_from_form(const std::string& body);
// "a=1,b=2" -> {a: 1, b: 2}; nullopt when a part has no '=' or no name.
std::optional<std::map<std::string, std::string>> parse_thresholds(const std::string& text);
parsed<alarm_request> alarm_request_from_form(const std::string& body);
parsed<action_request> action_request_from_form(const std::string& body);
parsed<crew_edit_request> crew_edit_request_from_form(const std::string& body);

// The value of `key` in a form or query string, decoded ("" when absent).
std::string form_value(const std::string& form, const std::string& key);
std::string url_encode(const std::string& s);

}  // namespace lw::center::api
