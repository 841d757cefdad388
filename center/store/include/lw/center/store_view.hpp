#pragma once
// What can be read from the center's store: the row types, and store_view, the read calls that
// both the writer (lw::center::store, store.hpp) and the read-only connection
// (lw::center::store_reader, store_reader.hpp) offer. Code that only reads (export, supervision
// figures, the CLI's read commands, the console's read threads) takes a store_view&.
//
// Threading: one connection per object; call it from one thread at a time. A pool of read
// threads opens one store_reader each (WAL: they read while the writer writes).
// Errors: the read calls throw std::runtime_error (SQLite::Exception) when the file cannot be
// read (I/O error, corrupt file); "nothing there" is an empty result or nullopt, never an error.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lw/center/incident_engine.hpp"
#include "lw/center/registry.hpp"
#include "lw/time.hpp"

namespace lw::center {

// The encoding of the hash record new timeline rows are written with (timeline_hash.hpp).
inline constexpr int timeline_hash_version_latest = 2;

struct timeline_row {
    std::int64_t id = 0;
    incident_id incident = 0;
    timestamp at{};
    std::string step, actor, details;
    timestamp recorded{};     // wall time the row was written
    std::string prev_hash, hash;
    int hash_version = timeline_hash_version_latest;   // how `hash` was computed (timeline_hash.hpp)
};

struct incident_row {
    incident_id id = 0;
    std::string elevator_id;
    std::string source;
    std::string phase;
    int level = 1;
    timestamp opened{};
    std::optional<timestamp> closed;
    std::string cause;
    bool false_alarm = false;
};

struct dispatch_row {
    incident_id incident = 0;
    std::string crew_id;
    std::string company_id;
    int attempt = 1;
    std::string topic;
    std::string payload;      // serialized liftwatch.v1.DispatchOrder
    bool sent = false;        // the broker acknowledged it (PUBACK); stored as given by commit()
};

struct fault_row {
    std::string elevator_id;
    std::uint64_t seq = 0;
    timestamp at{};
    int code = 0;
    std::string code_name;
    bool raised = true;
    bool historical = false;
    std::string detail;
    bool counted = true;      // a new fault for the statistics (core_io.hpp, fault_record::counted)
};

struct test_alarm_row {
    std::string elevator_id;
    std::uint64_t seq = 0;
    timestamp at{};           // board clock
    timestamp received{};     // center clock
    bool historical = false;
    std::string detail;
};

// A board the center has heard from: since when, and its last test alarm (center clock).
struct board_row {
    std::string elevator_id;
    timestamp first_seen{};
    std::optional<timestamp> last_test_alarm;
};

// One command to a board and its answer (the per-elevator command log).
struct command_row {
    std::uint64_t id = 0;                    // the command_id the board answers with
    std::string elevator_id;
    std::string kind;                        // rebirth, test_alarm, play_comfort, stop_comfort, set_thresholds
    std::string issued_by;                   // "center" or the operator
    std::optional<incident_id> incident;     // comfort orders of an incident
    std::string parameters;                  // set_thresholds: "name=value,name=value"
    timestamp sent{};                        // center time it was sent
    std::optional<timestamp> answered;       // center time the board's answer arrived; none: not yet
    bool ok = false;                         // with answered: the board carried it out
    std::string reason;                      // with answered: what the board did, or why not
};

struct verify_result {
    bool ok = true;
    std::int64_t rows_checked = 0;
    std::vector<std::string> problems;   // each names the row (id, incident, step)
    std::int64_t head_id = 0;            // the last row checked ("anchor": operators record it elsewhere)
    std::string head_hash;               // its hash; "genesis" for an empty timeline
};

class store_view {
public:
    virtual ~store_view() = default;

    virtual const std::string& path() const = 0;
    virtual int schema_version() = 0;

    // Registry.
    virtual std::vector<elevator_record> elevators() = 0;
    virtual std::optional<elevator_record> elevator(const std::string& id) = 0;
    virtual std::vector<crew_record> crews() = 0;
    virtual std::vector<company_record> companies() = 0;
    virtual std::vector<using_unit_record> using_units() = 0;
    virtual std::vector<workstation_record> workstations() = 0;

    // Incidents. Snapshots that do not parse are skipped and logged.
    virtual std::vector<incident> open_incidents() = 0;
    virtual incident_id max_incident_id() = 0;
    // Newest first, at most `limit`.
    virtual std::vector<incident_row> incidents(std::size_t limit, bool open_only) = 0;
    virtual std::optional<incident_row> incident_summary(incident_id id) = 0;
    // Incidents opened in [from, to), oldest first (export of a date range).
    virtual std::vector<incident_row> incidents_opened_between(timestamp from, timestamp to) = 0;
    // One elevator's incidents, newest first (the dossier).
    virtual std::vector<incident_row> incidents_of_elevator(const std::string& elevator_id, std::size_t limit) = 0;

    // The timeline, in record order.
    virtual std::vector<timeline_row> timeline(incident_id id) = 0;
    virtual std::vector<timeline_row> timeline_between(timestamp from, timestamp to) = 0;

    // Dispatch orders not yet acknowledged by the broker (re-published after a restart).
    virtual std::vector<dispatch_row> unsent_dispatches() = 0;
    virtual std::vector<dispatch_row> dispatches(incident_id id) = 0;

    // Fault history for the dossier, newest first (test alarms are not faults).
    virtual std::vector<fault_row> faults(const std::string& elevator_id, std::size_t limit) = 0;
    // Test alarms: one elevator's, newest first; and every one received in [from, to), oldest first.
    virtual std::vector<test_alarm_row> test_alarms(const std::string& elevator_id, std::size_t limit) = 0;
    virtual std::vector<test_alarm_row> test_alarms_between(timestamp from, timestamp to) = 0;
    // Every board heard from, by elevator id, with its last test alarm.
    virtual std::vector<board_row> boards() = 0;

    // The command log: one elevator's commands, newest first; the newest `limit` commands not
    // answered yet, newest first (recovery); the highest command id ever used.
    virtual std::vector<command_row> commands(const std::string& elevator_id, std::size_t limit) = 0;
    virtual std::vector<command_row> commands_awaiting(std::size_t limit) = 0;
    virtual std::uint64_t max_command_id() = 0;

    // Supervision figures (lw/center/supervision.hpp): the snapshots of every incident opened in
    // [from, to), closed ones too, oldest first; and every fault row with from <= at < to,
    // oldest first.
    virtual std::vector<incident> incidents_between(timestamp from, timestamp to) = 0;
    virtual std::vector<fault_row> faults_between(timestamp from, timestamp to) = 0;

    // Checks the whole chain, each record with the hash encoding it names
    // (lw/center/timeline_hash.hpp). With `anchor` (a record id and the hash an operator noted
    // from an earlier run), also checks that this record is still there with that hash: this
    // catches a truncated tail and a chain recomputed from an earlier point.
    virtual verify_result verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor = std::nullopt) = 0;
};

}  // namespace lw::center
