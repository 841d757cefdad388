#include "incident_tables.hpp"

#include "lw/center/store.hpp"
#include "lw/log.hpp"

namespace lw::center::detail {
namespace {
constexpr std::string_view component = "store";

constexpr const char* incident_columns =
    "SELECT id, elevator_id, source, phase, level, opened_ms, closed_ms, cause, false_alarm FROM incidents ";
constexpr const char* dispatch_columns =
    "SELECT incident_id, crew_id, company_id, attempt, topic, payload, sent FROM dispatches ";
// Before schema version 3 the test alarms (code 23) were rows of faults, and no raise was told
// apart as a repeat: those files are read with test alarms left out and every raise counted.
std::string fault_select(int schema_version) {
    return std::string("SELECT elevator_id, seq, at_ms, code, code_name, raised, historical, detail, ") +
           (schema_version >= 3 ? "counted FROM faults WHERE " : "raised FROM faults WHERE code != 23 AND ");
}

incident_row read_incident(const SQLite::Statement& s) {
    incident_row r;
    r.id = i64(s, 0);
    r.elevator_id = text(s, 1);
    r.source = text(s, 2);
    r.phase = text(s, 3);
    r.level = static_cast<int>(i64(s, 4));
    r.opened = ms_time(s, 5);
    if (!is_null(s, 6)) r.closed = ms_time(s, 6);
    r.cause = text(s, 7);
    r.false_alarm = i64(s, 8) != 0;
    return r;
}

dispatch_row read_dispatch(const SQLite::Statement& s) {
    return dispatch_row{i64(s, 0), text(s, 1), text(s, 2), static_cast<int>(i64(s, 3)), text(s, 4), text(s, 5),
                        i64(s, 6) != 0};
}

fault_row read_fault(const SQLite::Statement& s) {
    return fault_row{text(s, 0),      static_cast<std::uint64_t>(i64(s, 1)), ms_time(s, 2),
                     static_cast<int>(i64(s, 3)), text(s, 4), i64(s, 5) != 0, i64(s, 6) != 0, text(s, 7),
                     i64(s, 8) != 0};
}

// Rows of (id, snapshot): the snapshots that parse; the others are logged and skipped.
std::vector<incident> read_snapshots(SQLite::Statement& s) {
    std::vector<incident> out;
    while (s.executeStep()) {
        if (auto inc = incident_from_json(text(s, 1))) out.push_back(std::move(*inc));
        else log::error(component, "incident " + std::to_string(i64(s, 0)) + ": snapshot does not parse; skipped");
    }
    return out;
}
}  // namespace

incident_tables::incident_tables(SQLite::Database& db, int schema_version)
    : upsert_(db,
              "INSERT INTO incidents(id, elevator_id, source, phase, level, opened_ms, closed_ms, cause, false_alarm, "
              "snapshot) VALUES(:id, :elevator, :source, :phase, :level, :opened, :closed, :cause, :false_alarm, "
              ":snapshot) ON CONFLICT(id) DO UPDATE SET phase=excluded.phase, level=excluded.level, "
              "closed_ms=excluded.closed_ms, cause=excluded.cause, false_alarm=excluded.false_alarm, "
              "snapshot=excluded.snapshot"),
      insert_dispatch_(db,
                       "INSERT OR IGNORE INTO dispatches(incident_id, crew_id, attempt, company_id, topic, payload, "
                       "sent) VALUES(:incident, :crew, :attempt, :company, :topic, :payload, :sent)"),
      mark_sent_(db, "UPDATE dispatches SET sent = 1 WHERE incident_id = :incident AND crew_id = :crew AND "
                     "attempt = :attempt"),
      insert_fault_(db,
                    "INSERT OR IGNORE INTO faults(elevator_id, seq, at_ms, code, code_name, raised, historical, "
                    "detail, counted) VALUES(:elevator, :seq, :at, :code, :name, :raised, :historical, :detail, "
                    ":counted)"),
      open_snapshots_(db, "SELECT id, snapshot FROM incidents WHERE phase != 'closed' ORDER BY id"),
      max_id_(db, "SELECT coalesce(max(id), 0) FROM incidents"),
      incident_one_(db, std::string(incident_columns) + "WHERE id = :id"),
      incidents_all_(db, std::string(incident_columns) + "ORDER BY id DESC LIMIT :limit"),
      incidents_open_(db, std::string(incident_columns) + "WHERE phase != 'closed' ORDER BY id DESC LIMIT :limit"),
      opened_between_(db, std::string(incident_columns) + "WHERE opened_ms >= :from AND opened_ms < :to ORDER BY id"),
      of_elevator_(db, std::string(incident_columns) + "WHERE elevator_id = :elevator ORDER BY id DESC LIMIT :limit"),
      snapshots_between_(db, "SELECT id, snapshot FROM incidents WHERE opened_ms >= :from AND opened_ms < :to "
                             "ORDER BY opened_ms, id"),
      unsent_(db, std::string(dispatch_columns) + "WHERE sent = 0 ORDER BY incident_id, attempt"),
      dispatches_of_(db, std::string(dispatch_columns) + "WHERE incident_id = :incident ORDER BY rowid"),
      faults_of_(db, fault_select(schema_version) + "elevator_id = :elevator ORDER BY at_ms DESC, seq DESC "
                                                     "LIMIT :limit"),
      faults_between_(db, fault_select(schema_version) + "at_ms >= :from AND at_ms < :to "
                                                         "ORDER BY at_ms, elevator_id, seq") {}

void incident_tables::upsert(const incident& inc) {
    scoped_use s(upsert_);
    bind_i64(*s, ":id", inc.id);
    s->bind(":elevator", inc.elevator.id);
    s->bind(":source", std::string(to_string(inc.source)));
    s->bind(":phase", std::string(to_string(inc.phase)));
    s->bind(":level", static_cast<int>(inc.level));
    bind_i64(*s, ":opened", to_ms(inc.opened_at));
    if (inc.closed_at) bind_i64(*s, ":closed", to_ms(*inc.closed_at));
    else s->bind(":closed");
    s->bind(":cause", inc.cause ? std::string(to_string(*inc.cause)) : std::string{});
    bind_bool(*s, ":false_alarm", inc.false_alarm);
    s->bind(":snapshot", incident_to_json(inc));
    s->exec();
}

void incident_tables::insert_dispatch(const dispatch_row& d) {
    scoped_use s(insert_dispatch_);
    bind_i64(*s, ":incident", d.incident);
    s->bind(":crew", d.crew_id);
    s->bind(":attempt", d.attempt);
    s->bind(":company", d.company_id);
    s->bind(":topic", d.topic);
    bind_blob(*s, ":payload", d.payload);
    bind_bool(*s, ":sent", d.sent);
    s->exec();
}

std::string incident_tables::mark_sent(incident_id id, const std::string& crew_id, int attempt) {
    try {
        scoped_use s(mark_sent_);
        bind_i64(*s, ":incident", id);
        s->bind(":crew", crew_id);
        s->bind(":attempt", attempt);
        s->exec();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::string incident_tables::record_fault(const fault_row& f) {
    try {
        scoped_use s(insert_fault_);
        s->bind(":elevator", f.elevator_id);
        bind_i64(*s, ":seq", static_cast<std::int64_t>(f.seq));
        bind_i64(*s, ":at", to_ms(f.at));
        s->bind(":code", f.code);
        s->bind(":name", f.code_name);
        bind_bool(*s, ":raised", f.raised);
        bind_bool(*s, ":historical", f.historical);
        s->bind(":detail", f.detail);
        bind_bool(*s, ":counted", f.raised && f.counted);
        s->exec();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::vector<incident> incident_tables::open_incidents() {
    scoped_use s(open_snapshots_);
    return read_snapshots(*s);
}

incident_id incident_tables::max_incident_id() {
    scoped_use s(max_id_);
    return s->executeStep() ? i64(*s, 0) : 0;
}

std::vector<incident_row> incident_tables::incidents(std::size_t limit, bool open_only) {
    scoped_use s(open_only ? incidents_open_ : incidents_all_);
    bind_limit(*s, limit);
    return all_rows(*s, read_incident);
}

std::optional<incident_row> incident_tables::incident_summary(incident_id id) {
    scoped_use s(incident_one_);
    bind_i64(*s, ":id", id);
    return first_row(*s, read_incident);
}

std::vector<incident_row> incident_tables::incidents_opened_between(timestamp from, timestamp to) {
    scoped_use s(opened_between_);
    bind_period(*s, from, to);
    return all_rows(*s, read_incident);
}

std::vector<incident_row> incident_tables::incidents_of_elevator(const std::string& elevator_id, std::size_t limit) {
    scoped_use s(of_elevator_);
    s->bind(":elevator", elevator_id);
    bind_limit(*s, limit);
    return all_rows(*s, read_incident);
}

std::vector<incident> incident_tables::incidents_between(timestamp from, timestamp to) {
    scoped_use s(snapshots_between_);
    bind_period(*s, from, to);
    return read_snapshots(*s);
}

std::vector<dispatch_row> incident_tables::unsent_dispatches() { return all_rows(unsent_, read_dispatch); }

std::vector<dispatch_row> incident_tables::dispatches(incident_id id) {
    scoped_use s(dispatches_of_);
    bind_i64(*s, ":incident", id);
    return all_rows(*s, read_dispatch);
}

std::vector<fault_row> incident_tables::faults(const std::string& elevator_id, std::size_t limit) {
    scoped_use s(faults_of_);
    s->bind(":elevator", elevator_id);
    bind_limit(*s, limit);
    return all_rows(*s, read_fault);
}

std::vector<fault_row> incident_tables::faults_between(timestamp from, timestamp to) {
    scoped_use s(faults_between_);
    bind_period(*s, from, to);
    return all_rows(*s, read_fault);
}

}  // namespace lw::center::detail
