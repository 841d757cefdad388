#pragma once
// The reads of store_view answered on one SQLite connection: the one implementation that the
// writer (lw::center::store, store.hpp) and the read-only connection (lw::center::store_reader,
// store_reader.hpp) share. Not used on its own: code that only reads takes a store_view&.
//
// The statements are compiled on first use and then reused for the connection's life, so a
// read-only connection never compiles the writer's statements. Threading and read errors: as
// store_view says.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lw/center/store_view.hpp"

namespace lw::center {
namespace detail {
struct connection;
}

class store_reads : public store_view {
public:
    ~store_reads() override;
    store_reads(const store_reads&) = delete;
    store_reads& operator=(const store_reads&) = delete;

    const std::string& path() const final { return path_; }

    std::vector<elevator_record> elevators() final;
    std::optional<elevator_record> elevator(const std::string& id) final;
    std::vector<crew_record> crews() final;
    std::vector<company_record> companies() final;
    std::vector<using_unit_record> using_units() final;
    std::vector<workstation_record> workstations() final;

    std::vector<incident> open_incidents() final;
    incident_id max_incident_id() final;
    std::vector<incident_row> incidents(std::size_t limit, bool open_only) final;
    std::optional<incident_row> incident_summary(incident_id id) final;
    std::vector<incident_row> incidents_opened_between(timestamp from, timestamp to) final;
    std::vector<incident_row> incidents_of_elevator(const std::string& elevator_id, std::size_t limit) final;
    std::vector<timeline_row> timeline(incident_id id) final;
    std::vector<timeline_row> timeline_between(timestamp from, timestamp to) final;

    std::vector<dispatch_row> unsent_dispatches() final;
    std::vector<dispatch_row> dispatches(incident_id id) final;
    std::vector<fault_row> faults(const std::string& elevator_id, std::size_t limit) final;
    std::vector<test_alarm_row> test_alarms(const std::string& elevator_id, std::size_t limit) final;
    std::vector<test_alarm_row> test_alarms_between(timestamp from, timestamp to) final;
    std::vector<board_row> boards() final;
    std::vector<command_row> commands(const std::string& elevator_id, std::size_t limit) final;
    std::vector<command_row> commands_awaiting(std::size_t limit) final;
    std::uint64_t max_command_id() final;
    std::vector<incident> incidents_between(timestamp from, timestamp to) final;
    std::vector<fault_row> faults_between(timestamp from, timestamp to) final;

    verify_result verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor = std::nullopt) final;

protected:
    // `c`: the open connection (never null), kept until this object is destroyed.
    store_reads(std::string path, std::unique_ptr<detail::connection> c);
    detail::connection& connection() { return *c_; }
    const detail::connection& connection() const { return *c_; }

private:
    std::string path_;
    std::unique_ptr<detail::connection> c_;
};

}  // namespace lw::center
