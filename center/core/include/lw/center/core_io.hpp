#pragma once
// What the center's core takes in and gives out (center_core.hpp): plain structs, no wire,
// database or HTTP types. The wire adapter (center/wire) turns MQTT messages into inputs and
// effects into messages; the API adapter (center/api) turns operators' requests into inputs and
// outcomes into replies; the store (center/store) writes the record batch.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lw/center/incident_engine.hpp"
#include "lw/center/live_state.hpp"
#include "lw/center/registry.hpp"
#include "lw/domain/rescue.hpp"
#include "lw/time.hpp"

namespace lw::center {

using domain::operator_action;

// ---- inputs ----------------------------------------------------------------------------

// From a node, on lw/v1/{region}/{elevator}/...: the region and elevator come from the topic.
struct node_birth_input {
    std::string region, elevator_id;
    node_birth birth;
    std::string firmware_version;
};
struct node_death_input {
    std::string region, elevator_id;
    std::uint64_t bd_seq = 0;
    bool clean = false;      // the node said goodbye itself (not the broker's Will)
};
struct node_status_input {
    std::string region, elevator_id;
    car_status status;
};
enum class node_event_kind : std::uint8_t {
    fault_raised,
    fault_cleared,
    test_alarm,
    comfort_played,   // the comfort message was played to its end in the car
    comfort_failed,   // it could not be played; detail says why
    command_result,   // the board's answer to a command (command_id, command, ok; detail)
};
enum class node_command_kind : std::uint8_t { rebirth, test_alarm, play_comfort, stop_comfort, set_thresholds };
struct node_event_input {
    std::string region, elevator_id;
    node_event_kind kind = node_event_kind::fault_raised;
    node_event event;        // event.raised follows kind; comfort and command results carry
                             // fault_code::unknown and event.fault = false
    std::string detail;      // the board's human-readable reason
    // With command_result:
    std::uint64_t command_id = 0;
    node_command_kind command = node_command_kind::rebirth;
    bool ok = false;
};

// From a crew (or its company's gateway), on lw/v1/crew/{company}/{crew}/report.
struct crew_report_input {
    std::string topic_company, topic_crew;   // who the topic says is speaking
    crew_report report;                      // report.crew_id: who the payload says it is
};

// From an operator (console, CLI).
struct operator_action_input {
    incident_id incident = 0;
    operator_action action = operator_action::callback;
    std::optional<cause_category> cause;     // with operator_action::cause
    std::string actor = "operator";
    std::string notes;                       // call-back notes, cause notes, false-alarm reason
};
// A call to the 96333 hotline, a 110/119 transfer, a using unit: by elevator id or rescue code.
struct manual_alarm_input {
    std::string elevator_id;
    std::string rescue_code;                 // used when elevator_id is empty
    alarm_source source = alarm_source::hotline_96333;   // a manual source (domain::is_manual)
    std::string caller;                      // caller's number, when known
    std::string notes;
};
// Registry changes while running (one writer per database: they come through the center).
struct registry_import_input {
    city records;                            // added, or replacing the records with the same ids
};
struct crew_edit_input {
    std::string crew_id;
    std::optional<geo_point> home;           // new home position (stored, and the roster's position now)
    std::optional<crew_status> status;       // available | off_duty; refused while on an incident
};
// An operator's command to a board (the API, `lw-center command`). `kind` as the operator wrote
// it: the core refuses (and counts) a kind it does not know.
struct command_request_input {
    std::string elevator_id;
    std::string kind;                        // a node_command_kind name
    std::map<std::string, std::string> thresholds;   // with set_thresholds (checked by the board)
    std::string actor = "operator";
};
// Time passed: fire due timers, look for silent nodes.
struct tick_input {};

using input = std::variant<node_birth_input, node_death_input, node_status_input, node_event_input,
                           crew_report_input, operator_action_input, manual_alarm_input, registry_import_input,
                           crew_edit_input, command_request_input, tick_input>;

// ---- effects ---------------------------------------------------------------------------

// A dispatch order with what the crew needs to find the car. `order.attempt` > 1 is a re-send.
struct dispatch_message {
    dispatch_order order;
    timestamp issued_at{};
    std::string address;
    std::string rescue_code;
    std::string using_unit;                  // the using unit's name
    geo_point position;
    bool machine_room_less = false;
};
struct stand_down_message {
    stand_down_order order;
    std::string elevator_id;
    timestamp issued_at{};
};
// A command to a board. Every one has a command_id, unique per center (the store keeps the
// highest), so that the board's answer can be matched to it.
struct node_command {
    node_command_kind kind = node_command_kind::rebirth;
    std::string region, elevator_id;
    timestamp issued_at{};
    std::uint64_t command_id = 0;
    std::string issued_by = "center";        // "center" (its own rules) or the operator
    std::optional<std::int64_t> incident;    // comfort orders of an incident
    std::map<std::string, std::string> thresholds;   // with set_thresholds
};
// The board's answer to a command, for the command log.
struct command_result_record {
    std::uint64_t command_id = 0;
    std::string elevator_id;
    timestamp at{};                          // center time it arrived
    bool ok = false;
    std::string detail;
};

// One fault raise or clear for the elevator's history (dossier, statistics). Test alarms are
// not faults: they are test_alarm_record.
struct fault_record {
    std::string elevator_id;
    std::uint64_t seq = 0;
    timestamp at{};                          // board clock
    fault_code code = fault_code::unknown;
    bool raised = true;
    bool historical = false;
    std::string detail;
    // A raise that is a new fault for the statistics (fault-prone elevators). False for a clear,
    // and for a raise that repeats what the center already holds active: the same code again
    // (a board that restarted and detected it anew), or the same stop reported under another
    // code of domain's "one stop" group (entrapment between floors and stopped outside the door
    // zone are raised together by one stuck car; see center_core.cpp, counts_as_new_fault).
    bool counted = true;
};

// One EN 81-28 test alarm from a board: its own record and count, never a fault.
struct test_alarm_record {
    std::string elevator_id;
    std::uint64_t seq = 0;
    timestamp at{};                          // board clock: when the board raised it
    timestamp received{};                    // center clock: when the center got it
    bool historical = false;
    std::string detail;
};

// What one input leaves to be written, in one transaction, before anything is sent.
struct record_batch {
    std::vector<timeline_entry> timeline;
    std::vector<incident> incidents;         // snapshots of the incidents the input changed
    std::vector<fault_record> faults;
    std::vector<test_alarm_record> test_alarms;
    // Boards the center hears from for the first time (their first birth, center clock): the
    // start of the test-alarm watch for a board that never sent one.
    std::vector<std::pair<std::string, timestamp>> boards_first_seen;
    std::optional<city> registry_upsert;     // registry records added or replaced
    std::vector<std::pair<std::string, geo_point>> crew_homes;   // crew id -> new home position
    std::vector<command_result_record> command_results;          // answers of boards (the command log)
    // (the commands sent are effects::commands: the shell records each in the command log)
    bool empty() const {
        return timeline.empty() && incidents.empty() && faults.empty() && test_alarms.empty() &&
               boards_first_seen.empty() && !registry_upsert && crew_homes.empty() && command_results.empty();
    }
};

// Things the shell counts for /api/metrics.
enum class counter : std::uint8_t {
    alarm_raised,
    test_alarm,
    rebirth_requested,
    rebirth_suppressed,     // rate-limited: asked recently
    crew_report_unknown_crew,
    crew_report_refused,    // the engine refused it (wrong incident, out of order, ...)
    command_sent,           // every command to a board (the center's and operators')
    command_refused,        // an operator's command refused (unknown kind or elevator)
    command_result_ok,      // a board carried a command out
    command_result_failed,  // a board refused or could not carry it out
    command_result_unknown, // an answer for a command id this center is not waiting for
};
inline constexpr std::size_t counter_count = 11;

// Something worth a log line. `key` non-empty: the shell may rate-limit lines with the same key.
struct note {
    enum class level : std::uint8_t { info, warn, error } severity = level::info;
    std::string key;
    std::string text;
};

// The answer to an operator's input (for the API's reply); other inputs leave it `done`.
struct outcome {
    enum class status : std::uint8_t {
        done,
        bad_request,   // the input itself is wrong (a source that is not manual, ...)
        not_found,     // no such incident, elevator or crew
        conflict,      // not now: the incident's or crew's state refuses it
    } result = status::done;
    std::string error;                       // why, when not done
    std::optional<incident_id> incident;     // the incident the input opened or joined
    bool joined = false;                     // manual alarm: joined an incident already open
    std::optional<crew> crew_after;          // crew edit: the crew as it is now
    std::optional<std::uint64_t> command_id; // command request: the command sent
    bool ok() const { return result == status::done; }
};

struct effects {
    record_batch records;
    std::vector<dispatch_message> dispatches;   // persisted (queued as unsent) with the batch, then sent
    std::vector<stand_down_message> stand_downs;
    std::vector<node_command> commands;
    // Requests to inform a party. No gateway delivers them in this build: the timeline records
    // each as notify_requested, then notify_undelivered.
    std::vector<notify_party> notifications;
    std::vector<counter> counted;
    std::vector<note> notes;
    // What changed for the read side's view.
    std::vector<std::string> elevators_touched;  // live state or open incident changed
    std::vector<std::string> crews_touched;      // status or position changed
    bool registry_changed = false;
    outcome reply;
};

}  // namespace lw::center

template <>
struct lw::domain::enum_table<lw::center::node_command_kind> {
    static constexpr std::array<std::pair<lw::center::node_command_kind, std::string_view>, 5> entries{{
        {lw::center::node_command_kind::rebirth, "rebirth"},
        {lw::center::node_command_kind::test_alarm, "test_alarm"},
        {lw::center::node_command_kind::play_comfort, "play_comfort"},
        {lw::center::node_command_kind::stop_comfort, "stop_comfort"},
        {lw::center::node_command_kind::set_thresholds, "set_thresholds"},
    }};
};
