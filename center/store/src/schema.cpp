#include "schema.hpp"

#include <SQLiteCpp/Transaction.h>

#include <stdexcept>

#include "lw/center/store.hpp"
#include "lw/log.hpp"

namespace lw::center::detail {
namespace {
constexpr std::string_view component = "store";

// Schema migrations, applied in order; index i brings the schema from version i to i+1.
// Never edit a shipped migration: append a new one.
const char* const migrations[] = {
    // 1: the registry, incidents, the append-only timeline, dispatches, faults.
    R"sql(
CREATE TABLE companies(id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL, zones TEXT NOT NULL,
                       star_rating INTEGER NOT NULL DEFAULT 0);
CREATE TABLE using_units(id TEXT PRIMARY KEY, name TEXT NOT NULL, person_in_charge TEXT NOT NULL,
                         phone TEXT NOT NULL);
CREATE TABLE workstations(id TEXT PRIMARY KEY, name TEXT NOT NULL, near TEXT NOT NULL, district TEXT NOT NULL,
                          lat REAL NOT NULL, lon REAL NOT NULL);
CREATE TABLE crews(id TEXT PRIMARY KEY, company_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
                   phone TEXT NOT NULL, workstation_id TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL);
CREATE TABLE elevators(id TEXT PRIMARY KEY, rescue_code TEXT NOT NULL, region TEXT NOT NULL, address TEXT NOT NULL,
                       district TEXT NOT NULL, grid TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                       using_unit_id TEXT NOT NULL, company_id TEXT NOT NULL, type TEXT NOT NULL,
                       machine_room_less INTEGER NOT NULL, floors INTEGER NOT NULL, year INTEGER NOT NULL,
                       inspection_due TEXT NOT NULL, maintenance_due TEXT NOT NULL, urban INTEGER NOT NULL);
CREATE TABLE incidents(id INTEGER PRIMARY KEY, elevator_id TEXT NOT NULL, source TEXT NOT NULL,
                       phase TEXT NOT NULL, level INTEGER NOT NULL, opened_ms INTEGER NOT NULL,
                       closed_ms INTEGER, cause TEXT NOT NULL DEFAULT '', false_alarm INTEGER NOT NULL DEFAULT 0,
                       snapshot TEXT NOT NULL);
CREATE INDEX incidents_open ON incidents(phase) WHERE phase != 'closed';
CREATE INDEX incidents_elevator ON incidents(elevator_id);
CREATE TABLE timeline(id INTEGER PRIMARY KEY, incident_id INTEGER NOT NULL, at_ms INTEGER NOT NULL,
                      step TEXT NOT NULL, actor TEXT NOT NULL, details TEXT NOT NULL, recorded_ms INTEGER NOT NULL,
                      prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX timeline_incident ON timeline(incident_id, id);
CREATE INDEX timeline_at ON timeline(at_ms);
CREATE TABLE dispatches(incident_id INTEGER NOT NULL, crew_id TEXT NOT NULL, attempt INTEGER NOT NULL,
                        company_id TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
                        sent INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(incident_id, crew_id, attempt));
CREATE TABLE faults(elevator_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, code INTEGER NOT NULL,
                    code_name TEXT NOT NULL, raised INTEGER NOT NULL, historical INTEGER NOT NULL,
                    detail TEXT NOT NULL, PRIMARY KEY(elevator_id, seq));
CREATE INDEX faults_at ON faults(at_ms);
-- Append-only timeline: updates and deletes are refused by the database itself.
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline BEGIN SELECT RAISE(ABORT, 'timeline is append-only'); END;
CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline BEGIN SELECT RAISE(ABORT, 'timeline is append-only'); END;
)sql",
    // 2 (issue 8): each timeline row names the encoding of its hash record (timeline_hash.hpp);
    // the rows written before are version 1.
    R"sql(
ALTER TABLE timeline ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
)sql",
    // 3 (issue 9): test alarms are not faults. They move to their own table (received_ms: the
    // center's clock when it got one; for the rows moved here, the board's at_ms, the best
    // evidence kept). faults.counted: the raise is a new fault for the statistics (a clear is
    // not; a raise of the same stop under another code is not: for the rows written before, a
    // raise of the one-stop group (codes 6, 7, 8, 21) within 60 s after another of the group
    // on the same elevator). boards: each board the center has heard from, since when (the
    // start of the test-alarm watch for a board that never sent one); for the rows written
    // before, the oldest fault or test alarm of the elevator.
    R"sql(
ALTER TABLE faults ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
CREATE TABLE test_alarms(elevator_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,
                         received_ms INTEGER NOT NULL, historical INTEGER NOT NULL, detail TEXT NOT NULL,
                         PRIMARY KEY(elevator_id, seq));
CREATE INDEX test_alarms_at ON test_alarms(at_ms);
CREATE INDEX test_alarms_received ON test_alarms(elevator_id, received_ms);
CREATE TABLE boards(elevator_id TEXT PRIMARY KEY, first_seen_ms INTEGER NOT NULL);
INSERT INTO boards SELECT elevator_id, min(at_ms) FROM faults GROUP BY elevator_id;
INSERT INTO test_alarms SELECT elevator_id, seq, at_ms, at_ms, historical, detail FROM faults WHERE code = 23;
DELETE FROM faults WHERE code = 23;
UPDATE faults SET counted = 0 WHERE raised = 0;
UPDATE faults SET counted = 0 WHERE raised = 1 AND code IN (6, 7, 8, 21) AND EXISTS (
    SELECT 1 FROM faults o WHERE o.elevator_id = faults.elevator_id AND o.raised = 1 AND o.code IN (6, 7, 8, 21)
    AND o.code != faults.code AND o.seq < faults.seq AND faults.at_ms - o.at_ms BETWEEN 0 AND 60000);
)sql",
    // 4 (issue 9): the command log: every command to a board and the board's answer.
    R"sql(
CREATE TABLE commands(id INTEGER PRIMARY KEY, elevator_id TEXT NOT NULL, kind TEXT NOT NULL,
                      issued_by TEXT NOT NULL, incident_id INTEGER, parameters TEXT NOT NULL,
                      sent_ms INTEGER NOT NULL, answered_ms INTEGER, ok INTEGER, reason TEXT);
CREATE INDEX commands_elevator ON commands(elevator_id, id);
CREATE INDEX commands_awaiting ON commands(id) WHERE answered_ms IS NULL;
)sql",
};
constexpr int migration_count = sizeof(migrations) / sizeof(migrations[0]);
static_assert(migration_count == store::schema_version_latest);
}  // namespace

const int schema_version_latest = migration_count;

int schema_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

void migrate(SQLite::Database& db, const std::string& path) {
    int version = schema_version(db);
    if (version > schema_version_latest)
        throw std::runtime_error("database " + path + ": schema version " + std::to_string(version) +
                                 " is newer than this program (" + std::to_string(schema_version_latest) + ")");
    for (; version < schema_version_latest; ++version) {
        SQLite::Transaction t(db, SQLite::TransactionBehavior::IMMEDIATE);
        db.exec(migrations[version]);
        db.exec("PRAGMA user_version=" + std::to_string(version + 1));
        t.commit();
        log::info(component, path + ": schema migrated to version " + std::to_string(version + 1));
    }
}

}  // namespace lw::center::detail
