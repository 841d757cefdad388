#pragma once
// The center's store: all SQL lives here (STYLE 9). SQLite in WAL mode, versioned migrations,
// prepared statements with named parameters, every multi-row write in one transaction.
//
// The timeline is append-only; each row carries hash = SHA-256(prev_hash | row fields), chained
// across all rows in id order, so verify() finds an edited, inserted or deleted record.
//
// Threading: one owner (the center's strand). Errors: the constructor throws when the file
// cannot be opened or migrated; every other call returns an error text ("" on success) or an
// empty result and logs, so a full disk never takes the process down.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lw/center/incident_engine.hpp"
#include "lw/center/registry.hpp"
#include "lw/time.hpp"

struct sqlite3;

namespace lw::center {

struct timeline_row {
    std::int64_t id = 0;
    incident_id incident = 0;
    timestamp at{};
    std::string step, actor, details;
    timestamp recorded{};     // wall time the row was written
    std::string prev_hash, hash;
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
    bool sent = false;
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
};

struct verify_result {
    bool ok = true;
    std::int64_t rows_checked = 0;
    std::vector<std::string> problems;   // each names the row (id, incident, step)
};

class store {
public:
    static constexpr int schema_version_latest = 1;

    explicit store(const std::string& path);
    ~store();
    store(const store&) = delete;
    store& operator=(const store&) = delete;

    int schema_version();
    const std::string& path() const { return path_; }

    // Registry.
    std::string import_city(const city& c);
    std::vector<elevator_record> elevators();
    std::optional<elevator_record> elevator(const std::string& id);
    std::vector<crew_record> crews();
    std::vector<company_record> companies();
    std::vector<using_unit_record> using_units();
    std::vector<workstation_record> workstations();

    // One engine step, atomically: timeline rows appended (hash-chained), incident snapshots
    // replaced, dispatch orders queued (sent = 0). `recorded` is the wall time of the write.
    std::string commit(const std::vector<timeline_entry>& entries, const std::vector<incident>& changed,
                       const std::vector<dispatch_row>& dispatches, timestamp recorded);
    std::vector<incident> open_incidents();
    incident_id max_incident_id();
    std::vector<incident_row> incidents(std::size_t limit, bool open_only);
    std::optional<incident_row> incident_summary(incident_id id);
    std::vector<timeline_row> timeline(incident_id id);
    std::vector<timeline_row> timeline_between(timestamp from, timestamp to);

    // Dispatch orders not yet acknowledged by the broker (re-published after a restart).
    std::vector<dispatch_row> unsent_dispatches();
    std::string mark_sent(incident_id id, const std::string& crew_id, int attempt);
    std::vector<dispatch_row> dispatches(incident_id id);

    // Fault history for the dossier.
    std::string record_fault(const fault_row& f);
    std::vector<fault_row> faults(const std::string& elevator_id, std::size_t limit);

    verify_result verify();

private:
    class impl;
    impl* p_;
    std::string path_;
};

// Snapshot codec for incident recovery (JSON text).
std::string incident_to_json(const incident& inc);
std::optional<incident> incident_from_json(const std::string& text);

}  // namespace lw::center
