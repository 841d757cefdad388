#pragma once
// The center's store: all SQL lives here (STYLE 9). SQLite (through SQLiteCpp, kept out of this
// header) in WAL mode, versioned migrations, prepared statements with named parameters compiled
// once and reused, every multi-row write in one transaction.
//
// This is the writer: the one connection that migrates and writes (the center's strand, or a
// CLI command that edits the registry). Readers open lw::center::store_reader (store_reader.hpp);
// both offer the reads of store_view (store_view.hpp, with the row types), implemented once in
// store_reads (store_reads.hpp).
//
// The timeline is append-only; each row carries hash = SHA-256(prev_hash, row fields), chained
// across all rows in id order, so verify() finds an edited, inserted or deleted record. New rows
// use the latest hash record encoding (timeline_hash.hpp); each row stores its version.
//
// One writer per database: a store holds an exclusive lock on the sidecar file "<db>.owner" for
// its lifetime (flock: released by the kernel when the process dies, kill -9 included) and
// notes there its pid and, once set_owner_console() is called, the console address. A second
// writer on the same file, in this process or another, gets database_in_use naming the owner.
// Readers (store_reader) never take that lock.
//
// Threading: one owner (the center's strand). Errors: the constructor throws when the file
// cannot be opened or migrated, and database_in_use when another writer owns it; the calls
// that return an error text ("" on success) never throw; the reads throw as store_view says.
//
// Durability of commit(): a batch whose transaction fails (disk full, read-only file, locked
// database) is not dropped: it stays queued in memory, in order, and is written before anything
// newer at the next commit() or flush(). Timeline hashes are computed when a batch is finally
// written, so the chain stays in id order. Only a process that dies with batches still queued
// loses them (pending_batches() > 0 is reported by the center's metrics).
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lw/center/incident_engine.hpp"
#include "lw/center/registry.hpp"
#include "lw/center/store_reads.hpp"
#include "lw/center/store_view.hpp"
#include "lw/time.hpp"

namespace lw::center {

// Another live writer (a running lw-center, an lw-center import ...) owns the database. what():
// "database var/x.db is in use by a running lw-center (pid 1234, console http://127.0.0.1:8080):
// send the change through it, e.g. --console 127.0.0.1:8080". pid 0 / console "": not known
// (the owner had not written them yet, or set no console).
class database_in_use : public std::runtime_error {
public:
    database_in_use(const std::string& db_path, long pid, const std::string& program, const std::string& console);
    const std::string& db_path() const { return db_path_; }
    long pid() const { return pid_; }
    const std::string& console() const { return console_; }   // HOST:PORT

private:
    std::string db_path_;
    long pid_;
    std::string console_;
};

class store final : public store_reads {
public:
    static constexpr int schema_version_latest = 4;

    static constexpr duration default_busy_timeout = std::chrono::seconds{5};

    // `path`: the database file (created when missing) or ":memory:" (tests; no owner lock).
    // `busy_timeout`: how long a write waits for another connection's lock before it fails.
    explicit store(const std::string& path, duration busy_timeout = default_busy_timeout);
    ~store() override;

    int schema_version() override;

    // Notes the console's HOST:PORT in the owner file, so a second writer can point there
    // (the center calls it once it listens). Never throws; logs when the note cannot be written.
    void set_owner_console(const std::string& host_port);

    // Registry.
    std::string import_city(const city& c);
    // Registry edit: a crew's home position. Error text when the crew is unknown.
    std::string set_crew_position(const std::string& crew_id, geo_point p);

    // One engine step, atomically: timeline rows appended (hash-chained), incident snapshots
    // replaced, dispatch orders queued (sent = 0). `recorded` is the wall time of the write.
    // On failure returns the error; the batch stays queued (see the header comment).
    std::string commit(const std::vector<timeline_entry>& entries, const std::vector<incident>& changed,
                       const std::vector<dispatch_row>& dispatches, timestamp recorded);
    // Writes the queued batches, if any. "" when nothing is left queued.
    std::string flush();
    std::size_t pending_batches() const { return pending_.size(); }
    std::size_t pending_entries() const;

    // Records the broker's acknowledgement of an order (also in a batch still queued).
    std::string mark_sent(incident_id id, const std::string& crew_id, int attempt);

    // Fault history for the dossier. A fault already stored (same elevator and seq) is ignored.
    std::string record_fault(const fault_row& f);
    // An EN 81-28 test alarm (not a fault). One already stored (same elevator and seq) is ignored.
    std::string record_test_alarm(const test_alarm_row& t);
    // A board heard from for the first time; a board already known keeps its first time.
    std::string record_board(const std::string& elevator_id, timestamp first_seen);

    // The command log: a command as sent (its answer fields are ignored), then the board's
    // answer to it. An answer to a command already answered (a QoS 1 redelivery) or not in the
    // log is not written, and says so.
    std::string record_command(const command_row& c);
    std::string record_command_result(std::uint64_t id, timestamp at, bool ok, const std::string& reason);

private:
    struct batch {
        std::vector<timeline_entry> entries;
        std::vector<incident> changed;
        std::vector<dispatch_row> dispatches;
        timestamp recorded{};
    };
    std::deque<batch> pending_;
};

// Snapshot codec for incident recovery (JSON text). incident_from_json: nullopt when the text
// is not a snapshot this program can read.
std::string incident_to_json(const incident& inc);
std::optional<incident> incident_from_json(const std::string& text);

}  // namespace lw::center
