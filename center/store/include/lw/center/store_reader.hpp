#pragma once
// A read-only connection to the center's store, for readers: the CLI's read commands
// (incidents, timeline, verify, stats, export, elevator show) and the running center's read
// threads (one store_reader per thread; WAL lets them read while the writer writes).
//
// It opens the file with SQLITE_OPEN_READONLY: it never creates, migrates or writes anything,
// and never takes the writer's ownership lock (store.hpp), so it opens while a center runs.
// Threading and read errors: as store_view says.
#include <chrono>
#include <memory>
#include <string>

#include "lw/center/store_view.hpp"

namespace lw::center {

class store_reader final : public store_view {
public:
    // The oldest schema this reader understands (a file written before the last migrations
    // is read as it is; the writer migrates it when it next opens it).
    static constexpr int schema_version_oldest = 1;
    static constexpr duration default_busy_timeout = std::chrono::seconds{5};

    // Throws std::runtime_error with a clear message when `path` does not exist, is not an
    // SQLite file, is not a Liftwatch center database (schema version 0: never migrated), or has
    // a schema this program does not know (newer than store::schema_version_latest).
    explicit store_reader(const std::string& path, duration busy_timeout = default_busy_timeout);
    ~store_reader() override;
    store_reader(const store_reader&) = delete;
    store_reader& operator=(const store_reader&) = delete;

    const std::string& path() const override { return path_; }
    // The file's schema version, as found when it was opened.
    int schema_version() override { return schema_version_; }

    std::vector<elevator_record> elevators() override;
    std::optional<elevator_record> elevator(const std::string& id) override;
    std::vector<crew_record> crews() override;
    std::vector<company_record> companies() override;
    std::vector<using_unit_record> using_units() override;
    std::vector<workstation_record> workstations() override;

    std::vector<incident> open_incidents() override;
    incident_id max_incident_id() override;
    std::vector<incident_row> incidents(std::size_t limit, bool open_only) override;
    std::optional<incident_row> incident_summary(incident_id id) override;
    std::vector<incident_row> incidents_opened_between(timestamp from, timestamp to) override;
    std::vector<incident_row> incidents_of_elevator(const std::string& elevator_id, std::size_t limit) override;
    std::vector<timeline_row> timeline(incident_id id) override;
    std::vector<timeline_row> timeline_between(timestamp from, timestamp to) override;

    std::vector<dispatch_row> unsent_dispatches() override;
    std::vector<dispatch_row> dispatches(incident_id id) override;
    std::vector<fault_row> faults(const std::string& elevator_id, std::size_t limit) override;
    std::vector<incident> incidents_between(timestamp from, timestamp to) override;
    std::vector<fault_row> faults_between(timestamp from, timestamp to) override;

    verify_result verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor = std::nullopt) override;

private:
    struct impl;
    std::string path_;
    int schema_version_ = 0;
    std::unique_ptr<impl> p_;
};

}  // namespace lw::center
