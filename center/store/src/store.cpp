// The writer: opens (creating when missing) and migrates the file, queues and writes the
// engine's batches. The SQL of each table group lives in its *_tables / timeline_chain file.
#include "lw/center/store.hpp"

#include <SQLiteCpp/Transaction.h>

#include "incident_tables.hpp"
#include "lw/log.hpp"
#include "owner_lock.hpp"
#include "registry_tables.hpp"
#include "schema.hpp"
#include "timeline_chain.hpp"

namespace lw::center {
namespace {
constexpr std::string_view component = "store";

SQLite::Database open_for_writing(const std::string& path, duration busy_timeout) {
    try {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                            static_cast<int>(busy_timeout.count()));
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: durable across process crashes
        db.exec("PRAGMA foreign_keys=ON");
        detail::migrate(db, path);
        return db;
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
}

std::optional<detail::owner_lock> take_ownership(const std::string& path) {
    if (path.empty() || path == ":memory:") return std::nullopt;   // no file to own
    return std::optional<detail::owner_lock>(std::in_place, path);
}
}  // namespace

database_in_use::database_in_use(const std::string& db_path, long pid, const std::string& program,
                                 const std::string& console)
    : std::runtime_error("database " + db_path + " is in use by a running " +
                         (program.empty() ? std::string("lw-center") : program) + " (pid " +
                         (pid > 0 ? std::to_string(pid) : std::string("unknown")) +
                         (console.empty() ? ")" : ", console http://" + console + ")") +
                         (console.empty() ? ": stop it first, or send the change through its console (--console HOST:PORT)"
                                          : ": send the change through it, e.g. --console " + console)),
      db_path_(db_path),
      pid_(pid),
      console_(console) {}

// Members in this order: the file is owned before it is opened and until it is closed; the
// statements (in the table groups) are finalized before the connection closes.
struct store::impl {
    std::optional<detail::owner_lock> owner;
    SQLite::Database db;
    detail::registry_tables registry{db};
    detail::incident_tables incidents{db};
    detail::timeline_chain timeline{db, detail::schema_version(db)};

    impl(const std::string& path, duration busy_timeout)
        : owner(take_ownership(path)), db(open_for_writing(path, busy_timeout)) {}
};

store::store(const std::string& path, duration busy_timeout)
    : path_(path), p_(std::make_unique<impl>(path, busy_timeout)) {}

void store::set_owner_console(const std::string& host_port) {
    if (p_->owner && !p_->owner->set_console(host_port))
        log::warn(component, "could not note the console address in " + detail::owner_lock::sidecar_path(path_));
}

store::~store() {
    if (!pending_.empty() && flush().empty()) log::info(component, "queued timeline batches written at close");
}

int store::schema_version() { return detail::schema_version(p_->db); }

std::string store::import_city(const city& c) { return p_->registry.import_city(c); }
std::vector<elevator_record> store::elevators() { return p_->registry.elevators(); }
std::optional<elevator_record> store::elevator(const std::string& id) { return p_->registry.elevator(id); }
std::vector<crew_record> store::crews() { return p_->registry.crews(); }
std::vector<company_record> store::companies() { return p_->registry.companies(); }
std::vector<using_unit_record> store::using_units() { return p_->registry.using_units(); }
std::vector<workstation_record> store::workstations() { return p_->registry.workstations(); }
std::string store::set_crew_position(const std::string& crew_id, geo_point p) {
    return p_->registry.set_crew_position(crew_id, p);
}

std::string store::commit(const std::vector<timeline_entry>& entries, const std::vector<incident>& changed,
                          const std::vector<dispatch_row>& dispatch_rows, timestamp recorded) {
    if (entries.empty() && changed.empty() && dispatch_rows.empty()) return flush();
    pending_.push_back(batch{entries, changed, dispatch_rows, recorded});
    return flush();
}

std::size_t store::pending_entries() const {
    std::size_t n = 0;
    for (const auto& b : pending_) n += b.entries.size();
    return n;
}

std::string store::flush() {
    if (pending_.empty()) return {};
    try {
        SQLite::Transaction t(p_->db, SQLite::TransactionBehavior::IMMEDIATE);
        auto head = p_->timeline.last();
        for (const auto& b : pending_) {
            for (const auto& inc : b.changed) p_->incidents.upsert(inc);
            for (const auto& e : b.entries) head = p_->timeline.append(head, e, b.recorded);
            for (const auto& d : b.dispatches) p_->incidents.insert_dispatch(d);
        }
        t.commit();
        pending_.clear();
    } catch (const std::exception& e) {
        log::error(component, std::string("commit failed; ") + std::to_string(pending_.size()) +
                                  " batch(es) kept in memory for the next attempt: " + e.what());
        return e.what();
    }
    return {};
}

std::vector<incident> store::open_incidents() { return p_->incidents.open_incidents(); }
incident_id store::max_incident_id() { return p_->incidents.max_incident_id(); }
std::vector<incident_row> store::incidents(std::size_t limit, bool open_only) {
    return p_->incidents.incidents(limit, open_only);
}
std::optional<incident_row> store::incident_summary(incident_id id) { return p_->incidents.incident_summary(id); }
std::vector<incident_row> store::incidents_opened_between(timestamp from, timestamp to) {
    return p_->incidents.incidents_opened_between(from, to);
}
std::vector<incident_row> store::incidents_of_elevator(const std::string& elevator_id, std::size_t limit) {
    return p_->incidents.incidents_of_elevator(elevator_id, limit);
}
std::vector<timeline_row> store::timeline(incident_id id) { return p_->timeline.timeline(id); }
std::vector<timeline_row> store::timeline_between(timestamp from, timestamp to) {
    return p_->timeline.timeline_between(from, to);
}

std::vector<dispatch_row> store::unsent_dispatches() { return p_->incidents.unsent_dispatches(); }
std::vector<dispatch_row> store::dispatches(incident_id id) { return p_->incidents.dispatches(id); }

std::string store::mark_sent(incident_id id, const std::string& crew_id, int attempt) {
    // A row still queued (its commit failed) is marked there, so it is written as sent.
    for (auto& b : pending_)
        for (auto& d : b.dispatches)
            if (d.incident == id && d.crew_id == crew_id && d.attempt == attempt) d.sent = true;
    return p_->incidents.mark_sent(id, crew_id, attempt);
}

std::string store::record_fault(const fault_row& f) { return p_->incidents.record_fault(f); }
std::vector<fault_row> store::faults(const std::string& elevator_id, std::size_t limit) {
    return p_->incidents.faults(elevator_id, limit);
}
std::vector<incident> store::incidents_between(timestamp from, timestamp to) {
    return p_->incidents.incidents_between(from, to);
}
std::vector<fault_row> store::faults_between(timestamp from, timestamp to) {
    return p_->incidents.faults_between(from, to);
}

verify_result store::verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor) {
    return p_->timeline.verify(anchor);
}

}  // namespace lw::center
