#pragma once
// Internal to lw_center_store: incidents (summary columns + the JSON snapshot the engine is
// restored from), dispatch orders and the fault history (test alarms: board_tables).
#include <optional>
#include <string>
#include <vector>

#include "lw/center/store_view.hpp"
#include "sqlite_support.hpp"

namespace lw::center::detail {

class incident_tables {
public:
    // `schema_version`: the file's, as opened (a reader may hold an older one).
    incident_tables(SQLite::Database& db, int schema_version);

    // Inside the caller's transaction; throw on failure.
    void upsert(const incident& inc);
    void insert_dispatch(const dispatch_row& d);   // an order already stored is left as it is

    // Error text, never throw.
    std::string mark_sent(incident_id id, const std::string& crew_id, int attempt);
    std::string record_fault(const fault_row& f);

    std::vector<incident> open_incidents();
    incident_id max_incident_id();
    std::vector<incident_row> incidents(std::size_t limit, bool open_only);
    std::optional<incident_row> incident_summary(incident_id id);
    std::vector<incident_row> incidents_opened_between(timestamp from, timestamp to);
    std::vector<incident_row> incidents_of_elevator(const std::string& elevator_id, std::size_t limit);
    std::vector<incident> incidents_between(timestamp from, timestamp to);

    std::vector<dispatch_row> unsent_dispatches();
    std::vector<dispatch_row> dispatches(incident_id id);

    std::vector<fault_row> faults(const std::string& elevator_id, std::size_t limit);
    std::vector<fault_row> faults_between(timestamp from, timestamp to);

private:
    cached_statement upsert_, insert_dispatch_, mark_sent_, insert_fault_, open_snapshots_, max_id_, incident_one_,
        incidents_all_, incidents_open_, opened_between_, of_elevator_, snapshots_between_, unsent_, dispatches_of_,
        faults_of_, faults_between_;
};

}  // namespace lw::center::detail
