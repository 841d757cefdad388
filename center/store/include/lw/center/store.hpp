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
//
// Durability of commit(): a batch whose transaction fails (disk full, read-only file, locked
// database) is not dropped: it stays queued in memory, in order, and is written before anything
// newer at the next commit() or flush(). Timeline hashes are computed when a batch is finally
// written, so the chain stays in id order. Only a process that dies with batches still queued
// loses them (pending_batches() > 0 is reported by the center's metrics).
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
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
};

struct verify_result {
    bool ok = true;
    std::int64_t rows_checked = 0;
    std::vector<std::string> problems;   // each names the row (id, incident, step)
    std::int64_t head_id = 0;            // the last row checked ("anchor": operators record it elsewhere)
    std::string head_hash;               // its hash; "genesis" for an empty timeline
};

class store {
public:
    static constexpr int schema_version_latest = 1;

    static constexpr duration default_busy_timeout = std::chrono::seconds{5};

    // `busy_timeout`: how long a write waits for another connection's lock before it fails.
    explicit store(const std::string& path, duration busy_timeout = default_busy_timeout);
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
    // On failure returns the error; the batch stays queued (see the header comment).
    std::string commit(const std::vector<timeline_entry>& entries, const std::vector<incident>& changed,
                       const std::vector<dispatch_row>& dispatches, timestamp recorded);
    // Writes the queued batches, if any. "" when nothing is left queued.
    std::string flush();
    std::size_t pending_batches() const { return pending_.size(); }
    std::size_t pending_entries() const;
    std::vector<incident> open_incidents();
    incident_id max_incident_id();
    std::vector<incident_row> incidents(std::size_t limit, bool open_only);
    std::optional<incident_row> incident_summary(incident_id id);
    std::vector<timeline_row> timeline(incident_id id);
    std::vector<timeline_row> timeline_between(timestamp from, timestamp to);
    // Incidents opened in [from, to), oldest first (export of a date range).
    std::vector<incident_row> incidents_opened_between(timestamp from, timestamp to);
    // One elevator's incidents, newest first (the dossier).
    std::vector<incident_row> incidents_of_elevator(const std::string& elevator_id, std::size_t limit);
    // Registry edit: a crew's home position. Error text when the crew is unknown.
    std::string set_crew_position(const std::string& crew_id, geo_point p);

    // Dispatch orders not yet acknowledged by the broker (re-published after a restart).
    std::vector<dispatch_row> unsent_dispatches();
    std::string mark_sent(incident_id id, const std::string& crew_id, int attempt);
    std::vector<dispatch_row> dispatches(incident_id id);

    // Fault history for the dossier.
    std::string record_fault(const fault_row& f);
    std::vector<fault_row> faults(const std::string& elevator_id, std::size_t limit);

    // Supervision figures (lw/center/supervision.hpp): the snapshots of every incident opened in
    // [from, to), closed ones too, oldest first (a snapshot that does not parse is skipped and
    // logged); and every fault row with from <= at < to, oldest first.
    std::vector<incident> incidents_between(timestamp from, timestamp to);
    std::vector<fault_row> faults_between(timestamp from, timestamp to);

    // Checks the whole chain. With `anchor` (a record id and the hash an operator noted from an
    // earlier run), also checks that this record is still there with that hash: this catches a
    // truncated tail and a chain recomputed from an earlier point.
    verify_result verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor = std::nullopt);

private:
    struct batch {
        std::vector<timeline_entry> entries;
        std::vector<incident> changed;
        std::vector<dispatch_row> dispatches;
        timestamp recorded{};
    };
    class impl;
    impl* p_;
    std::string path_;
    std::deque<batch> pending_;
};

// Snapshot codec for incident recovery (JSON text).
std::string incident_to_json(const incident& inc);
std::optional<incident> incident_from_json(const std::string& text);

}  // namespace lw::center
