// The writer: opens (creating when missing) and migrates the file, queues and writes the
// engine's batches (the reads are store_reads'). The SQL of each table group lives in its
// *_tables / timeline_chain file.
#include "lw/center/store.hpp"

#include <SQLiteCpp/Transaction.h>

#include "connection.hpp"
#include "lw/log.hpp"

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

std::unique_ptr<detail::connection> open_writer(const std::string& path, duration busy_timeout) {
    // The file is owned before it is opened; ":memory:" has no file to own.
    std::unique_ptr<detail::owner_lock> owner;
    if (!path.empty() && path != ":memory:") owner = std::make_unique<detail::owner_lock>(path);
    return std::make_unique<detail::connection>(std::move(owner), open_for_writing(path, busy_timeout));
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

store::store(const std::string& path, duration busy_timeout) : store_reads(path, open_writer(path, busy_timeout)) {}

void store::set_owner_console(const std::string& host_port) {
    auto& owner = connection().owner;
    if (owner && !owner->set_console(host_port))
        log::warn(component, "could not note the console address in " + detail::owner_lock::sidecar_path(path()));
}

store::~store() {
    if (!pending_.empty() && flush().empty()) log::info(component, "queued timeline batches written at close");
}

int store::schema_version() { return detail::schema_version(connection().db); }

std::string store::import_city(const city& c) { return connection().registry.import_city(c); }
std::string store::set_crew_position(const std::string& crew_id, geo_point p) {
    return connection().registry.set_crew_position(crew_id, p);
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
        auto& c = connection();
        SQLite::Transaction t(c.db, SQLite::TransactionBehavior::IMMEDIATE);
        auto head = c.timeline.last();
        for (const auto& b : pending_) {
            for (const auto& inc : b.changed) c.incidents.upsert(inc);
            for (const auto& e : b.entries) head = c.timeline.append(head, e, b.recorded);
            for (const auto& d : b.dispatches) c.incidents.insert_dispatch(d);
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

std::string store::mark_sent(incident_id id, const std::string& crew_id, int attempt) {
    // A row still queued (its commit failed) is marked there, so it is written as sent.
    for (auto& b : pending_)
        for (auto& d : b.dispatches)
            if (d.incident == id && d.crew_id == crew_id && d.attempt == attempt) d.sent = true;
    return connection().incidents.mark_sent(id, crew_id, attempt);
}

std::string store::record_fault(const fault_row& f) { return connection().incidents.record_fault(f); }
std::string store::record_test_alarm(const test_alarm_row& t) { return connection().boards.record_test_alarm(t); }
std::string store::record_board(const std::string& elevator_id, timestamp first_seen) {
    return connection().boards.record_board(elevator_id, first_seen);
}

std::string store::record_command(const command_row& c) { return connection().commands.insert(c); }
std::string store::record_command_result(std::uint64_t id, timestamp at, bool ok, const std::string& reason) {
    return connection().commands.answer(id, at, ok, reason);
}

}  // namespace lw::center
