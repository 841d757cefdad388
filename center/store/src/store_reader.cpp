// The read-only connection: the same table groups as the writer, over SQLITE_OPEN_READONLY.
#include "lw/center/store_reader.hpp"

#include <filesystem>
#include <stdexcept>

#include "incident_tables.hpp"
#include "registry_tables.hpp"
#include "schema.hpp"
#include "timeline_chain.hpp"

namespace lw::center {
namespace {

SQLite::Database open_for_reading(const std::string& path, duration busy_timeout, int& version) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw std::runtime_error("no database " + path + (std::filesystem::exists(path, ec) ? " (not a file)" : ""));
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                            static_cast<int>(busy_timeout.count()));
        version = detail::schema_version(db);
        if (version == 0)
            throw std::runtime_error("database " + path +
                                     " is not a Liftwatch center database (schema version 0: never set up by "
                                     "lw-center)");
        if (version < store_reader::schema_version_oldest || version > detail::schema_version_latest)
            throw std::runtime_error("database " + path + " has schema version " + std::to_string(version) +
                                     ", which this program does not know (it reads " +
                                     std::to_string(store_reader::schema_version_oldest) + " to " +
                                     std::to_string(detail::schema_version_latest) + ")");
        return db;
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot read database " + path + ": " + e.what());
    }
}
}  // namespace

struct store_reader::impl {
    SQLite::Database db;
    detail::registry_tables registry{db};
    detail::incident_tables incidents{db};
    detail::timeline_chain timeline{db, detail::schema_version(db)};

    explicit impl(SQLite::Database&& d) : db(std::move(d)) {}
};

store_reader::store_reader(const std::string& path, duration busy_timeout)
    : path_(path), p_(std::make_unique<impl>(open_for_reading(path, busy_timeout, schema_version_))) {}

store_reader::~store_reader() = default;

std::vector<elevator_record> store_reader::elevators() { return p_->registry.elevators(); }
std::optional<elevator_record> store_reader::elevator(const std::string& id) { return p_->registry.elevator(id); }
std::vector<crew_record> store_reader::crews() { return p_->registry.crews(); }
std::vector<company_record> store_reader::companies() { return p_->registry.companies(); }
std::vector<using_unit_record> store_reader::using_units() { return p_->registry.using_units(); }
std::vector<workstation_record> store_reader::workstations() { return p_->registry.workstations(); }

std::vector<incident> store_reader::open_incidents() { return p_->incidents.open_incidents(); }
incident_id store_reader::max_incident_id() { return p_->incidents.max_incident_id(); }
std::vector<incident_row> store_reader::incidents(std::size_t limit, bool open_only) {
    return p_->incidents.incidents(limit, open_only);
}
std::optional<incident_row> store_reader::incident_summary(incident_id id) {
    return p_->incidents.incident_summary(id);
}
std::vector<incident_row> store_reader::incidents_opened_between(timestamp from, timestamp to) {
    return p_->incidents.incidents_opened_between(from, to);
}
std::vector<incident_row> store_reader::incidents_of_elevator(const std::string& elevator_id, std::size_t limit) {
    return p_->incidents.incidents_of_elevator(elevator_id, limit);
}
std::vector<timeline_row> store_reader::timeline(incident_id id) { return p_->timeline.timeline(id); }
std::vector<timeline_row> store_reader::timeline_between(timestamp from, timestamp to) {
    return p_->timeline.timeline_between(from, to);
}
std::vector<dispatch_row> store_reader::unsent_dispatches() { return p_->incidents.unsent_dispatches(); }
std::vector<dispatch_row> store_reader::dispatches(incident_id id) { return p_->incidents.dispatches(id); }
std::vector<fault_row> store_reader::faults(const std::string& elevator_id, std::size_t limit) {
    return p_->incidents.faults(elevator_id, limit);
}
std::vector<incident> store_reader::incidents_between(timestamp from, timestamp to) {
    return p_->incidents.incidents_between(from, to);
}
std::vector<fault_row> store_reader::faults_between(timestamp from, timestamp to) {
    return p_->incidents.faults_between(from, to);
}
verify_result store_reader::verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor) {
    return p_->timeline.verify(anchor);
}

}  // namespace lw::center
