#include "lw/center/store.hpp"

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "lw/log.hpp"
#include "lw/sha256.hpp"

namespace lw::center {
namespace {
using json = nlohmann::json;
constexpr std::string_view component = "store";

// Schema migrations, applied in order; index i brings the schema from version i to i+1.
// Never edit a shipped migration: append a new one.
const char* const migrations[] = {
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
};
constexpr int migration_count = sizeof(migrations) / sizeof(migrations[0]);
static_assert(migration_count == store::schema_version_latest);

std::string chain_hash(const std::string& prev, std::int64_t id, incident_id inc, std::int64_t at_ms,
                       const std::string& step, const std::string& actor, const std::string& details,
                       std::int64_t recorded_ms) {
    std::string s = prev;
    s += '|' + std::to_string(id) + '|' + std::to_string(inc) + '|' + std::to_string(at_ms) + '|' + step + '|' +
         actor + '|' + details + '|' + std::to_string(recorded_ms);
    return sha256_hex(s);
}

// A prepared statement, compiled once, bound by name, reset after each use.
class stmt {
public:
    stmt() = default;
    stmt(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st_, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("store: cannot prepare: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
    stmt(const stmt&) = delete;
    stmt& operator=(const stmt&) = delete;
    stmt(stmt&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }
    stmt& operator=(stmt&& o) noexcept {
        std::swap(db_, o.db_);
        std::swap(st_, o.st_);
        return *this;
    }
    ~stmt() { sqlite3_finalize(st_); }

    int idx(const char* name) {
        const int i = sqlite3_bind_parameter_index(st_, name);
        if (i == 0) throw std::logic_error(std::string("store: no parameter ") + name);
        return i;
    }
    stmt& bind(const char* n, std::int64_t v) { return sqlite3_bind_int64(st_, idx(n), v), *this; }
    stmt& bind(const char* n, int v) { return sqlite3_bind_int64(st_, idx(n), v), *this; }
    stmt& bind(const char* n, bool v) { return sqlite3_bind_int(st_, idx(n), v ? 1 : 0), *this; }
    stmt& bind(const char* n, double v) { return sqlite3_bind_double(st_, idx(n), v), *this; }
    stmt& bind(const char* n, const std::string& v) {
        return sqlite3_bind_text(st_, idx(n), v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), *this;
    }
    stmt& bind_blob(const char* n, const std::string& v) {
        return sqlite3_bind_blob(st_, idx(n), v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), *this;
    }
    stmt& bind_null(const char* n) { return sqlite3_bind_null(st_, idx(n)), *this; }
    // SQLITE_ROW -> true; SQLITE_DONE -> false; error -> throws.
    bool step() {
        const int rc = sqlite3_step(st_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw std::runtime_error(sqlite3_errmsg(db_));
    }
    void reset() {
        sqlite3_reset(st_);
        sqlite3_clear_bindings(st_);
    }
    std::int64_t i64(int c) { return sqlite3_column_int64(st_, c); }
    double dbl(int c) { return sqlite3_column_double(st_, c); }
    bool is_null(int c) { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
    std::string text(int c) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c))) : std::string{};
    }
    std::string blob(int c) {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(st_, c));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c))) : std::string{};
    }

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* st_ = nullptr;
};

struct resetter {
    stmt& s;
    ~resetter() { s.reset(); }
};

}  // namespace

class store::impl {
public:
    sqlite3* db = nullptr;
    stmt insert_timeline, last_hash, upsert_incident, insert_dispatch, open_incidents, max_id, timeline_of,
        timeline_range, unsent, mark_sent, dispatches_of, insert_fault, faults_of, incident_one, incidents_all,
        incidents_open, elevator_one;

    void exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string e = err ? err : "unknown";
            sqlite3_free(err);
            throw std::runtime_error(e);
        }
    }
    // RAII transaction: rolls back unless committed.
    struct tx {
        impl& s;
        bool done = false;
        explicit tx(impl& st) : s(st) { s.exec("BEGIN IMMEDIATE"); }
        void commit() {
            s.exec("COMMIT");
            done = true;
        }
        ~tx() {
            if (!done) sqlite3_exec(s.db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    };
};

store::store(const std::string& path, duration busy_timeout) : p_(new impl), path_(path) {
    if (sqlite3_open_v2(path.c_str(), &p_->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string msg = p_->db ? sqlite3_errmsg(p_->db) : "out of memory";
        sqlite3_close(p_->db);
        delete p_;
        throw std::runtime_error("cannot open database " + path + ": " + msg);
    }
    try {
        sqlite3_busy_timeout(p_->db, static_cast<int>(busy_timeout.count()));
        p_->exec("PRAGMA journal_mode=WAL");
        p_->exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: durable across process crashes
        p_->exec("PRAGMA foreign_keys=ON");
        int version = schema_version();
        if (version > schema_version_latest)
            throw std::runtime_error("database schema version " + std::to_string(version) +
                                     " is newer than this program (" + std::to_string(schema_version_latest) + ")");
        for (; version < schema_version_latest; ++version) {
            impl::tx t(*p_);
            p_->exec(migrations[version]);
            p_->exec(("PRAGMA user_version=" + std::to_string(version + 1)).c_str());
            t.commit();
            log::info(component, path + ": schema migrated to version " + std::to_string(version + 1));
        }
        auto& db = p_->db;
        p_->insert_timeline = stmt(db,
            "INSERT INTO timeline(id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash) "
            "VALUES(:id, :incident, :at, :step, :actor, :details, :recorded, :prev, :hash)");
        p_->last_hash = stmt(db, "SELECT id, hash FROM timeline ORDER BY id DESC LIMIT 1");
        p_->upsert_incident = stmt(db,
            "INSERT INTO incidents(id, elevator_id, source, phase, level, opened_ms, closed_ms, cause, false_alarm, "
            "snapshot) VALUES(:id, :elevator, :source, :phase, :level, :opened, :closed, :cause, :false_alarm, "
            ":snapshot) ON CONFLICT(id) DO UPDATE SET phase=excluded.phase, level=excluded.level, "
            "closed_ms=excluded.closed_ms, cause=excluded.cause, false_alarm=excluded.false_alarm, "
            "snapshot=excluded.snapshot");
        p_->insert_dispatch = stmt(db,
            "INSERT OR IGNORE INTO dispatches(incident_id, crew_id, attempt, company_id, topic, payload, sent) "
            "VALUES(:incident, :crew, :attempt, :company, :topic, :payload, :sent)");
        p_->open_incidents = stmt(db, "SELECT snapshot FROM incidents WHERE phase != 'closed' ORDER BY id");
        p_->max_id = stmt(db, "SELECT coalesce(max(id), 0) FROM incidents");
        p_->timeline_of = stmt(db,
            "SELECT id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash FROM timeline "
            "WHERE incident_id = :incident ORDER BY id");
        p_->timeline_range = stmt(db,
            "SELECT id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash FROM timeline "
            "WHERE at_ms >= :from AND at_ms < :to ORDER BY id");
        p_->unsent = stmt(db,
            "SELECT incident_id, crew_id, company_id, attempt, topic, payload, sent FROM dispatches WHERE sent = 0 "
            "ORDER BY incident_id, attempt");
        p_->mark_sent = stmt(db,
            "UPDATE dispatches SET sent = 1 WHERE incident_id = :incident AND crew_id = :crew AND attempt = :attempt");
        p_->dispatches_of = stmt(db,
            "SELECT incident_id, crew_id, company_id, attempt, topic, payload, sent FROM dispatches "
            "WHERE incident_id = :incident ORDER BY rowid");
        p_->insert_fault = stmt(db,
            "INSERT OR IGNORE INTO faults(elevator_id, seq, at_ms, code, code_name, raised, historical, detail) "
            "VALUES(:elevator, :seq, :at, :code, :name, :raised, :historical, :detail)");
        p_->faults_of = stmt(db,
            "SELECT elevator_id, seq, at_ms, code, code_name, raised, historical, detail FROM faults "
            "WHERE elevator_id = :elevator ORDER BY at_ms DESC, seq DESC LIMIT :limit");
        const char* incident_cols =
            "SELECT id, elevator_id, source, phase, level, opened_ms, closed_ms, cause, false_alarm FROM incidents ";
        p_->incident_one = stmt(db, (std::string(incident_cols) + "WHERE id = :id").c_str());
        p_->incidents_all = stmt(db, (std::string(incident_cols) + "ORDER BY id DESC LIMIT :limit").c_str());
        p_->incidents_open =
            stmt(db, (std::string(incident_cols) + "WHERE phase != 'closed' ORDER BY id DESC LIMIT :limit").c_str());
        p_->elevator_one = stmt(db,
            "SELECT id, rescue_code, region, address, district, grid, lat, lon, using_unit_id, company_id, type, "
            "machine_room_less, floors, year, inspection_due, maintenance_due, urban FROM elevators WHERE id = :id");
    } catch (...) {
        sqlite3_close_v2(p_->db);
        delete p_;
        throw;
    }
}

store::~store() {
    if (!p_) return;
    if (!pending_.empty() && flush().empty()) log::info(component, "queued timeline batches written at close");
    // Statements are finalized by their destructors before the connection closes.
    sqlite3* db = p_->db;
    p_->db = nullptr;
    delete p_;
    sqlite3_close_v2(db);
}

int store::schema_version() {
    stmt s(p_->db, "PRAGMA user_version");
    return s.step() ? static_cast<int>(s.i64(0)) : 0;
}

std::string store::import_city(const city& c) {
    try {
        impl::tx t(*p_);
        stmt co(p_->db, "INSERT OR REPLACE INTO companies(id, name, phone, zones, star_rating) "
                        "VALUES(:id, :name, :phone, :zones, :stars)");
        for (const auto& x : c.companies) {
            resetter r{co};
            co.bind(":id", x.id).bind(":name", x.name).bind(":phone", x.phone).bind(":zones", json(x.zones).dump())
                .bind(":stars", x.star_rating).step();
        }
        stmt uu(p_->db, "INSERT OR REPLACE INTO using_units(id, name, person_in_charge, phone) "
                        "VALUES(:id, :name, :person, :phone)");
        for (const auto& x : c.using_units) {
            resetter r{uu};
            uu.bind(":id", x.id).bind(":name", x.name).bind(":person", x.person_in_charge).bind(":phone", x.phone).step();
        }
        stmt ws(p_->db, "INSERT OR REPLACE INTO workstations(id, name, near, district, lat, lon) "
                        "VALUES(:id, :name, :near, :district, :lat, :lon)");
        for (const auto& x : c.workstations) {
            resetter r{ws};
            ws.bind(":id", x.id).bind(":name", x.name).bind(":near", x.near).bind(":district", x.district)
                .bind(":lat", x.position.lat_deg).bind(":lon", x.position.lon_deg).step();
        }
        stmt cr(p_->db, "INSERT OR REPLACE INTO crews(id, company_id, kind, name, phone, workstation_id, lat, lon) "
                        "VALUES(:id, :company, :kind, :name, :phone, :ws, :lat, :lon)");
        for (const auto& x : c.crews) {
            resetter r{cr};
            cr.bind(":id", x.id).bind(":company", x.company_id).bind(":kind", x.kind).bind(":name", x.name)
                .bind(":phone", x.phone).bind(":ws", x.workstation_id).bind(":lat", x.position.lat_deg)
                .bind(":lon", x.position.lon_deg).step();
        }
        stmt el(p_->db,
                "INSERT OR REPLACE INTO elevators(id, rescue_code, region, address, district, grid, lat, lon, "
                "using_unit_id, company_id, type, machine_room_less, floors, year, inspection_due, maintenance_due, "
                "urban) VALUES(:id, :code, :region, :address, :district, :grid, :lat, :lon, :unit, :company, :type, "
                ":mrl, :floors, :year, :insp, :maint, :urban)");
        for (const auto& x : c.elevators) {
            resetter r{el};
            el.bind(":id", x.id).bind(":code", x.rescue_code).bind(":region", x.region).bind(":address", x.address)
                .bind(":district", x.district).bind(":grid", x.grid).bind(":lat", x.position.lat_deg)
                .bind(":lon", x.position.lon_deg).bind(":unit", x.using_unit_id).bind(":company", x.company_id)
                .bind(":type", x.type).bind(":mrl", x.machine_room_less).bind(":floors", x.floors)
                .bind(":year", x.year).bind(":insp", x.inspection_due).bind(":maint", x.maintenance_due)
                .bind(":urban", x.urban).step();
        }
        t.commit();
    } catch (const std::exception& e) {
        return std::string("import failed, nothing changed: ") + e.what();
    }
    return {};
}

static elevator_record read_elevator(stmt& s) {
    elevator_record e;
    e.id = s.text(0);
    e.rescue_code = s.text(1);
    e.region = s.text(2);
    e.address = s.text(3);
    e.district = s.text(4);
    e.grid = s.text(5);
    e.position = {s.dbl(6), s.dbl(7)};
    e.using_unit_id = s.text(8);
    e.company_id = s.text(9);
    e.type = s.text(10);
    e.machine_room_less = s.i64(11) != 0;
    e.floors = static_cast<int>(s.i64(12));
    e.year = static_cast<int>(s.i64(13));
    e.inspection_due = s.text(14);
    e.maintenance_due = s.text(15);
    e.urban = s.i64(16) != 0;
    return e;
}

std::vector<elevator_record> store::elevators() {
    std::vector<elevator_record> out;
    stmt s(p_->db,
           "SELECT id, rescue_code, region, address, district, grid, lat, lon, using_unit_id, company_id, type, "
           "machine_room_less, floors, year, inspection_due, maintenance_due, urban FROM elevators ORDER BY id");
    while (s.step()) out.push_back(read_elevator(s));
    return out;
}

std::optional<elevator_record> store::elevator(const std::string& id) {
    auto& s = p_->elevator_one;
    resetter r{s};
    s.bind(":id", id);
    if (s.step()) return read_elevator(s);
    return std::nullopt;
}

std::vector<crew_record> store::crews() {
    std::vector<crew_record> out;
    stmt s(p_->db, "SELECT id, company_id, kind, name, phone, workstation_id, lat, lon FROM crews ORDER BY id");
    while (s.step())
        out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), {s.dbl(6), s.dbl(7)}});
    return out;
}

std::vector<company_record> store::companies() {
    std::vector<company_record> out;
    stmt s(p_->db, "SELECT id, name, phone, zones, star_rating FROM companies ORDER BY id");
    while (s.step()) {
        company_record c{s.text(0), s.text(1), s.text(2), {}, static_cast<int>(s.i64(4))};
        auto z = json::parse(s.text(3), nullptr, false);
        if (z.is_array())
            for (auto& v : z) c.zones.push_back(v.get<std::string>());
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<using_unit_record> store::using_units() {
    std::vector<using_unit_record> out;
    stmt s(p_->db, "SELECT id, name, person_in_charge, phone FROM using_units ORDER BY id");
    while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
    return out;
}

std::vector<workstation_record> store::workstations() {
    std::vector<workstation_record> out;
    stmt s(p_->db, "SELECT id, name, near, district, lat, lon FROM workstations ORDER BY id");
    while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), {s.dbl(4), s.dbl(5)}});
    return out;
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
        impl::tx t(*p_);
        std::int64_t last_id = 0;
        std::string prev = "genesis";
        {
            auto& s = p_->last_hash;
            resetter r{s};
            if (s.step()) {
                last_id = s.i64(0);
                prev = s.text(1);
            }
        }
        for (const auto& b : pending_) {
            const auto& entries = b.entries;
            const auto& changed = b.changed;
            const auto& dispatch_rows = b.dispatches;
            for (const auto& inc : changed) {
                auto& s = p_->upsert_incident;
                resetter r{s};
                s.bind(":id", static_cast<std::int64_t>(inc.id)).bind(":elevator", inc.elevator.id)
                    .bind(":source", std::string(to_string(inc.source))).bind(":phase", std::string(to_string(inc.phase)))
                    .bind(":level", static_cast<int>(inc.level)).bind(":opened", to_ms(inc.opened_at))
                    .bind(":cause", inc.cause ? std::string(to_string(*inc.cause)) : std::string{})
                    .bind(":false_alarm", inc.false_alarm).bind(":snapshot", incident_to_json(inc));
                if (inc.closed_at) s.bind(":closed", to_ms(*inc.closed_at));
                else s.bind_null(":closed");
                s.step();
            }
            const auto rec_ms = to_ms(b.recorded);
            for (const auto& e : entries) {
                const auto id = ++last_id;
                const std::string step_name(to_string(e.what));
                const auto hash = chain_hash(prev, id, e.incident, to_ms(e.at), step_name, e.actor, e.details, rec_ms);
                auto& s = p_->insert_timeline;
                resetter r{s};
                s.bind(":id", id).bind(":incident", static_cast<std::int64_t>(e.incident)).bind(":at", to_ms(e.at))
                    .bind(":step", step_name).bind(":actor", e.actor).bind(":details", e.details)
                    .bind(":recorded", rec_ms).bind(":prev", prev).bind(":hash", hash).step();
                prev = hash;
            }
            for (const auto& d : dispatch_rows) {
                auto& s = p_->insert_dispatch;
                resetter r{s};
                s.bind(":incident", static_cast<std::int64_t>(d.incident)).bind(":crew", d.crew_id)
                    .bind(":attempt", d.attempt).bind(":company", d.company_id).bind(":topic", d.topic)
                    .bind_blob(":payload", d.payload).bind(":sent", d.sent).step();
            }
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

std::vector<incident> store::open_incidents() {
    std::vector<incident> out;
    auto& s = p_->open_incidents;
    resetter r{s};
    while (s.step()) {
        if (auto inc = incident_from_json(s.text(0))) out.push_back(std::move(*inc));
        else log::error(component, "an open incident's snapshot does not parse; skipped");
    }
    return out;
}

incident_id store::max_incident_id() {
    auto& s = p_->max_id;
    resetter r{s};
    return s.step() ? s.i64(0) : 0;
}

static incident_row read_incident(stmt& s) {
    incident_row r;
    r.id = s.i64(0);
    r.elevator_id = s.text(1);
    r.source = s.text(2);
    r.phase = s.text(3);
    r.level = static_cast<int>(s.i64(4));
    r.opened = from_ms(s.i64(5));
    if (!s.is_null(6)) r.closed = from_ms(s.i64(6));
    r.cause = s.text(7);
    r.false_alarm = s.i64(8) != 0;
    return r;
}

std::vector<incident_row> store::incidents(std::size_t limit, bool open_only) {
    std::vector<incident_row> out;
    auto& s = open_only ? p_->incidents_open : p_->incidents_all;
    resetter r{s};
    s.bind(":limit", static_cast<std::int64_t>(limit));
    while (s.step()) out.push_back(read_incident(s));
    return out;
}

std::optional<incident_row> store::incident_summary(incident_id id) {
    auto& s = p_->incident_one;
    resetter r{s};
    s.bind(":id", static_cast<std::int64_t>(id));
    if (s.step()) return read_incident(s);
    return std::nullopt;
}

static timeline_row read_timeline(stmt& s) {
    return timeline_row{s.i64(0), s.i64(1), from_ms(s.i64(2)), s.text(3), s.text(4), s.text(5),
                        from_ms(s.i64(6)), s.text(7), s.text(8)};
}

std::vector<timeline_row> store::timeline(incident_id id) {
    std::vector<timeline_row> out;
    auto& s = p_->timeline_of;
    resetter r{s};
    s.bind(":incident", static_cast<std::int64_t>(id));
    while (s.step()) out.push_back(read_timeline(s));
    return out;
}

std::vector<timeline_row> store::timeline_between(timestamp from, timestamp to) {
    std::vector<timeline_row> out;
    auto& s = p_->timeline_range;
    resetter r{s};
    s.bind(":from", to_ms(from)).bind(":to", to_ms(to));
    while (s.step()) out.push_back(read_timeline(s));
    return out;
}

static dispatch_row read_dispatch(stmt& s) {
    return dispatch_row{s.i64(0), s.text(1), s.text(2), static_cast<int>(s.i64(3)), s.text(4), s.blob(5),
                        s.i64(6) != 0};
}

std::vector<dispatch_row> store::unsent_dispatches() {
    std::vector<dispatch_row> out;
    auto& s = p_->unsent;
    resetter r{s};
    while (s.step()) out.push_back(read_dispatch(s));
    return out;
}

std::vector<dispatch_row> store::dispatches(incident_id id) {
    std::vector<dispatch_row> out;
    auto& s = p_->dispatches_of;
    resetter r{s};
    s.bind(":incident", static_cast<std::int64_t>(id));
    while (s.step()) out.push_back(read_dispatch(s));
    return out;
}

std::string store::mark_sent(incident_id id, const std::string& crew_id, int attempt) {
    // A row still queued (its commit failed) is marked there, so it is written as sent.
    for (auto& b : pending_)
        for (auto& d : b.dispatches)
            if (d.incident == id && d.crew_id == crew_id && d.attempt == attempt) d.sent = true;
    try {
        auto& s = p_->mark_sent;
        resetter r{s};
        s.bind(":incident", static_cast<std::int64_t>(id)).bind(":crew", crew_id).bind(":attempt", attempt).step();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::string store::record_fault(const fault_row& f) {
    try {
        auto& s = p_->insert_fault;
        resetter r{s};
        s.bind(":elevator", f.elevator_id).bind(":seq", static_cast<std::int64_t>(f.seq)).bind(":at", to_ms(f.at))
            .bind(":code", f.code).bind(":name", f.code_name).bind(":raised", f.raised)
            .bind(":historical", f.historical).bind(":detail", f.detail).step();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::vector<fault_row> store::faults(const std::string& elevator_id, std::size_t limit) {
    std::vector<fault_row> out;
    auto& s = p_->faults_of;
    resetter r{s};
    s.bind(":elevator", elevator_id).bind(":limit", static_cast<std::int64_t>(limit));
    while (s.step())
        out.push_back({s.text(0), static_cast<std::uint64_t>(s.i64(1)), from_ms(s.i64(2)), static_cast<int>(s.i64(3)),
                       s.text(4), s.i64(5) != 0, s.i64(6) != 0, s.text(7)});
    return out;
}

std::vector<incident> store::incidents_between(timestamp from, timestamp to) {
    std::vector<incident> out;
    stmt s(p_->db,
           "SELECT id, snapshot FROM incidents WHERE opened_ms >= :from AND opened_ms < :to ORDER BY opened_ms, id");
    s.bind(":from", to_ms(from)).bind(":to", to_ms(to));
    while (s.step()) {
        if (auto inc = incident_from_json(s.text(1))) out.push_back(std::move(*inc));
        else log::error(component, "incident " + std::to_string(s.i64(0)) + ": snapshot does not parse; skipped");
    }
    return out;
}

std::vector<fault_row> store::faults_between(timestamp from, timestamp to) {
    std::vector<fault_row> out;
    stmt s(p_->db,
           "SELECT elevator_id, seq, at_ms, code, code_name, raised, historical, detail FROM faults "
           "WHERE at_ms >= :from AND at_ms < :to ORDER BY at_ms, elevator_id, seq");
    s.bind(":from", to_ms(from)).bind(":to", to_ms(to));
    while (s.step())
        out.push_back({s.text(0), static_cast<std::uint64_t>(s.i64(1)), from_ms(s.i64(2)), static_cast<int>(s.i64(3)),
                       s.text(4), s.i64(5) != 0, s.i64(6) != 0, s.text(7)});
    return out;
}

verify_result store::verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor) {
    verify_result v;
    stmt s(p_->db,
           "SELECT id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash FROM timeline ORDER BY id");
    std::string prev = "genesis";
    std::int64_t expected_id = 1;
    while (s.step()) {
        const auto row = read_timeline(s);
        ++v.rows_checked;
        const std::string where = "row " + std::to_string(row.id) + " (incident " + std::to_string(row.incident) +
                                  ", " + row.step + ")";
        if (row.id != expected_id)
            v.problems.push_back("rows " + std::to_string(expected_id) + ".." + std::to_string(row.id - 1) +
                                 " are missing (deleted) before " + where);
        if (row.prev_hash != prev)
            v.problems.push_back(where + ": does not chain to the record before it");
        const auto h = chain_hash(row.prev_hash, row.id, row.incident, to_ms(row.at), row.step, row.actor, row.details,
                                  to_ms(row.recorded));
        if (h != row.hash) v.problems.push_back(where + ": content does not match its hash (edited)");
        if (anchor && anchor->first == row.id && anchor->second != row.hash)
            v.problems.push_back(where + ": hash differs from the anchor " + anchor->second +
                                 " (the chain was rewritten from here or earlier)");
        prev = row.hash;
        expected_id = row.id + 1;
        v.head_id = row.id;
    }
    v.head_hash = prev;
    if (anchor && anchor->first > v.head_id)
        v.problems.push_back("anchor record " + std::to_string(anchor->first) + " is missing: the timeline ends at " +
                             std::to_string(v.head_id) + " (records deleted from the end)");
    v.ok = v.problems.empty();
    return v;
}

std::vector<incident_row> store::incidents_opened_between(timestamp from, timestamp to) {
    std::vector<incident_row> out;
    stmt s(p_->db,
           "SELECT id, elevator_id, source, phase, level, opened_ms, closed_ms, cause, false_alarm FROM incidents "
           "WHERE opened_ms >= :from AND opened_ms < :to ORDER BY id");
    s.bind(":from", to_ms(from)).bind(":to", to_ms(to));
    while (s.step()) out.push_back(read_incident(s));
    return out;
}

std::vector<incident_row> store::incidents_of_elevator(const std::string& elevator_id, std::size_t limit) {
    std::vector<incident_row> out;
    stmt s(p_->db,
           "SELECT id, elevator_id, source, phase, level, opened_ms, closed_ms, cause, false_alarm FROM incidents "
           "WHERE elevator_id = :elevator ORDER BY id DESC LIMIT :limit");
    s.bind(":elevator", elevator_id).bind(":limit", static_cast<std::int64_t>(limit));
    while (s.step()) out.push_back(read_incident(s));
    return out;
}

std::string store::set_crew_position(const std::string& crew_id, geo_point p) {
    try {
        stmt s(p_->db, "UPDATE crews SET lat = :lat, lon = :lon WHERE id = :id");
        s.bind(":lat", p.lat_deg).bind(":lon", p.lon_deg).bind(":id", crew_id).step();
        if (sqlite3_changes(p_->db) == 0) return "no crew '" + crew_id + "'";
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

// ---- incident snapshot codec -------------------------------------------------------------

namespace {
json opt_ts(const std::optional<timestamp>& t) { return t ? json(to_ms(*t)) : json(nullptr); }
std::optional<timestamp> read_opt_ts(const json& j, const char* k) {
    if (!j.contains(k) || j.at(k).is_null()) return std::nullopt;
    return from_ms(j.at(k).get<std::int64_t>());
}
}  // namespace

std::string incident_to_json(const incident& inc) {
    json j;
    j["id"] = inc.id;
    const auto& e = inc.elevator;
    j["elevator"] = {{"id", e.id},
                     {"company_id", e.company_id},
                     {"using_unit_id", e.using_unit_id},
                     {"lat", e.position.lat_deg},
                     {"lon", e.position.lon_deg},
                     {"machine_room_less", e.machine_room_less},
                     {"urban", e.urban}};
    j["source"] = static_cast<int>(inc.source);
    j["phase"] = static_cast<int>(inc.phase);
    j["level"] = static_cast<int>(inc.level);
    j["opened_at"] = to_ms(inc.opened_at);
    j["acknowledged_at"] = opt_ts(inc.acknowledged_at);
    j["arrived_at"] = opt_ts(inc.arrived_at);
    j["released_at"] = opt_ts(inc.released_at);
    j["closed_at"] = opt_ts(inc.closed_at);
    j["crews_dispatched"] = inc.crews_dispatched;
    j["active_crew"] = inc.active_crew;
    j["rescuing_crew"] = inc.rescuing_crew;
    j["cause"] = inc.cause ? json(static_cast<int>(*inc.cause)) : json(nullptr);
    j["false_alarm"] = inc.false_alarm;
    j["ack_deadline"] = opt_ts(inc.ack_deadline);
    j["arrival_deadline"] = opt_ts(inc.arrival_deadline);
    j["release_deadline"] = opt_ts(inc.release_deadline);
    j["next_renotify"] = opt_ts(inc.next_renotify);
    j["renotify_count"] = inc.renotify_count;
    j["callback_done"] = inc.callback_done;
    j["handed_over"] = inc.handed_over;
    j["handover_required"] = inc.handover_required;
    j["assignments"] = json::array();
    for (const auto& a : inc.assignments)
        j["assignments"].push_back({{"crew_id", a.crew_id},
                                    {"company_id", a.company_id},
                                    {"kind", static_cast<int>(a.kind)},
                                    {"level", static_cast<int>(a.level)},
                                    {"status", static_cast<int>(a.status)},
                                    {"dispatched_at", to_ms(a.dispatched_at)},
                                    {"eta_ms", a.eta.count()},
                                    {"arrive_by", to_ms(a.arrive_by)},
                                    {"acknowledged_at", opt_ts(a.acknowledged_at)},
                                    {"arrived_at", opt_ts(a.arrived_at)}});
    return j.dump();
}

std::optional<incident> incident_from_json(const std::string& text) {
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    try {
        incident inc;
        inc.id = j.at("id").get<incident_id>();
        const auto& e = j.at("elevator");
        inc.elevator.id = e.at("id").get<std::string>();
        inc.elevator.company_id = e.value("company_id", std::string{});
        inc.elevator.using_unit_id = e.value("using_unit_id", std::string{});
        inc.elevator.position = {e.value("lat", 0.0), e.value("lon", 0.0)};
        inc.elevator.machine_room_less = e.value("machine_room_less", false);
        inc.elevator.urban = e.value("urban", true);
        inc.source = static_cast<alarm_source>(j.at("source").get<int>());
        inc.phase = static_cast<incident_phase>(j.at("phase").get<int>());
        inc.level = static_cast<response_level>(j.at("level").get<int>());
        inc.opened_at = from_ms(j.at("opened_at").get<std::int64_t>());
        inc.acknowledged_at = read_opt_ts(j, "acknowledged_at");
        inc.arrived_at = read_opt_ts(j, "arrived_at");
        inc.released_at = read_opt_ts(j, "released_at");
        inc.closed_at = read_opt_ts(j, "closed_at");
        inc.crews_dispatched = j.value("crews_dispatched", std::vector<std::string>{});
        inc.active_crew = j.value("active_crew", std::string{});
        inc.rescuing_crew = j.value("rescuing_crew", std::string{});
        if (j.contains("cause") && !j.at("cause").is_null())
            inc.cause = static_cast<cause_category>(j.at("cause").get<int>());
        inc.false_alarm = j.value("false_alarm", false);
        inc.ack_deadline = read_opt_ts(j, "ack_deadline");
        inc.arrival_deadline = read_opt_ts(j, "arrival_deadline");
        inc.release_deadline = read_opt_ts(j, "release_deadline");
        inc.next_renotify = read_opt_ts(j, "next_renotify");
        inc.renotify_count = j.value("renotify_count", 0);
        inc.callback_done = j.value("callback_done", false);
        inc.handed_over = j.value("handed_over", false);
        inc.handover_required = j.value("handover_required", false);
        for (const auto& a : j.value("assignments", json::array())) {
            crew_assignment x;
            x.crew_id = a.at("crew_id").get<std::string>();
            x.company_id = a.value("company_id", std::string{});
            x.kind = static_cast<crew_kind>(a.value("kind", 0));
            x.level = static_cast<response_level>(a.value("level", 1));
            x.status = static_cast<assignment_status>(a.value("status", 0));
            x.dispatched_at = from_ms(a.value("dispatched_at", std::int64_t{0}));
            x.eta = duration{a.value("eta_ms", std::int64_t{0})};
            x.arrive_by = from_ms(a.value("arrive_by", std::int64_t{0}));
            x.acknowledged_at = read_opt_ts(a, "acknowledged_at");
            x.arrived_at = read_opt_ts(a, "arrived_at");
            inc.assignments.push_back(std::move(x));
        }
        return inc;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace lw::center
