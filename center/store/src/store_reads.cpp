// The reads both connections offer, each answered by its table group.
#include "lw/center/store_reads.hpp"

#include "connection.hpp"

namespace lw::center {

store_reads::store_reads(std::string path, std::unique_ptr<detail::connection> c)
    : path_(std::move(path)), c_(std::move(c)) {}

store_reads::~store_reads() = default;

std::vector<elevator_record> store_reads::elevators() { return c_->registry.elevators(); }
std::optional<elevator_record> store_reads::elevator(const std::string& id) { return c_->registry.elevator(id); }
std::vector<crew_record> store_reads::crews() { return c_->registry.crews(); }
std::vector<company_record> store_reads::companies() { return c_->registry.companies(); }
std::vector<using_unit_record> store_reads::using_units() { return c_->registry.using_units(); }
std::vector<workstation_record> store_reads::workstations() { return c_->registry.workstations(); }

std::vector<incident> store_reads::open_incidents() { return c_->incidents.open_incidents(); }
incident_id store_reads::max_incident_id() { return c_->incidents.max_incident_id(); }
std::vector<incident_row> store_reads::incidents(std::size_t limit, bool open_only) {
    return c_->incidents.incidents(limit, open_only);
}
std::optional<incident_row> store_reads::incident_summary(incident_id id) { return c_->incidents.incident_summary(id); }
std::vector<incident_row> store_reads::incidents_opened_between(timestamp from, timestamp to) {
    return c_->incidents.incidents_opened_between(from, to);
}
std::vector<incident_row> store_reads::incidents_of_elevator(const std::string& elevator_id, std::size_t limit) {
    return c_->incidents.incidents_of_elevator(elevator_id, limit);
}
std::vector<timeline_row> store_reads::timeline(incident_id id) { return c_->timeline.timeline(id); }
std::vector<timeline_row> store_reads::timeline_between(timestamp from, timestamp to) {
    return c_->timeline.timeline_between(from, to);
}

std::vector<dispatch_row> store_reads::unsent_dispatches() { return c_->incidents.unsent_dispatches(); }
std::vector<dispatch_row> store_reads::dispatches(incident_id id) { return c_->incidents.dispatches(id); }
std::vector<fault_row> store_reads::faults(const std::string& elevator_id, std::size_t limit) {
    return c_->incidents.faults(elevator_id, limit);
}
std::vector<test_alarm_row> store_reads::test_alarms(const std::string& elevator_id, std::size_t limit) {
    return c_->boards.test_alarms(elevator_id, limit);
}
std::vector<test_alarm_row> store_reads::test_alarms_between(timestamp from, timestamp to) {
    return c_->boards.test_alarms_between(from, to);
}
std::vector<board_row> store_reads::boards() { return c_->boards.boards(); }
std::vector<command_row> store_reads::commands(const std::string& elevator_id, std::size_t limit) {
    return c_->commands.commands(elevator_id, limit);
}
std::vector<command_row> store_reads::commands_awaiting(std::size_t limit) { return c_->commands.awaiting(limit); }
std::uint64_t store_reads::max_command_id() { return c_->commands.max_id(); }
std::vector<incident> store_reads::incidents_between(timestamp from, timestamp to) {
    return c_->incidents.incidents_between(from, to);
}
std::vector<fault_row> store_reads::faults_between(timestamp from, timestamp to) {
    return c_->incidents.faults_between(from, to);
}

verify_result store_reads::verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor) {
    return c_->timeline.verify(anchor);
}

}  // namespace lw::center
