#include "timeline_chain.hpp"

#include "lw/sha256.hpp"

namespace lw::center::detail {
namespace {
constexpr const char* timeline_columns =
    "SELECT id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash FROM timeline ";

std::string chain_hash(const std::string& prev, std::int64_t id, incident_id inc, std::int64_t at_ms,
                       const std::string& step, const std::string& actor, const std::string& details,
                       std::int64_t recorded_ms) {
    std::string s = prev;
    s += '|' + std::to_string(id) + '|' + std::to_string(inc) + '|' + std::to_string(at_ms) + '|' + step + '|' +
         actor + '|' + details + '|' + std::to_string(recorded_ms);
    return sha256_hex(s);
}

timeline_row read_timeline(const SQLite::Statement& s) {
    return timeline_row{i64(s, 0), i64(s, 1), ms_time(s, 2), text(s, 3), text(s, 4), text(s, 5),
                        ms_time(s, 6), text(s, 7), text(s, 8)};
}
}  // namespace

timeline_chain::timeline_chain(SQLite::Database& db)
    : last_(db, "SELECT id, hash FROM timeline ORDER BY id DESC LIMIT 1"),
      insert_(db, "INSERT INTO timeline(id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash) "
                  "VALUES(:id, :incident, :at, :step, :actor, :details, :recorded, :prev, :hash)"),
      of_incident_(db, std::string(timeline_columns) + "WHERE incident_id = :incident ORDER BY id"),
      between_(db, std::string(timeline_columns) + "WHERE at_ms >= :from AND at_ms < :to ORDER BY id"),
      all_(db, std::string(timeline_columns) + "ORDER BY id") {}

timeline_chain::head timeline_chain::last() {
    scoped_use s(last_);
    if (s->executeStep()) return {i64(*s, 0), text(*s, 1)};
    return {};
}

timeline_chain::head timeline_chain::append(const head& prev, const timeline_entry& e, timestamp recorded) {
    const head next{prev.id + 1, {}};
    const std::string step_name(to_string(e.what));
    const auto rec_ms = to_ms(recorded);
    const auto hash = chain_hash(prev.hash, next.id, e.incident, to_ms(e.at), step_name, e.actor, e.details, rec_ms);
    scoped_use s(insert_);
    bind_i64(*s, ":id", next.id);
    bind_i64(*s, ":incident", e.incident);
    bind_i64(*s, ":at", to_ms(e.at));
    s->bind(":step", step_name);
    s->bind(":actor", e.actor);
    s->bind(":details", e.details);
    bind_i64(*s, ":recorded", rec_ms);
    s->bind(":prev", prev.hash);
    s->bind(":hash", hash);
    s->exec();
    return {next.id, hash};
}

std::vector<timeline_row> timeline_chain::timeline(incident_id id) {
    std::vector<timeline_row> out;
    scoped_use s(of_incident_);
    bind_i64(*s, ":incident", id);
    while (s->executeStep()) out.push_back(read_timeline(*s));
    return out;
}

std::vector<timeline_row> timeline_chain::timeline_between(timestamp from, timestamp to) {
    std::vector<timeline_row> out;
    scoped_use s(between_);
    bind_i64(*s, ":from", to_ms(from));
    bind_i64(*s, ":to", to_ms(to));
    while (s->executeStep()) out.push_back(read_timeline(*s));
    return out;
}

verify_result timeline_chain::verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor) {
    verify_result v;
    scoped_use s(all_);
    std::string prev = "genesis";
    std::int64_t expected_id = 1;
    while (s->executeStep()) {
        const auto row = read_timeline(*s);
        ++v.rows_checked;
        const std::string where = "row " + std::to_string(row.id) + " (incident " + std::to_string(row.incident) +
                                  ", " + row.step + ")";
        if (row.id != expected_id)
            v.problems.push_back("rows " + std::to_string(expected_id) + ".." + std::to_string(row.id - 1) +
                                 " are missing (deleted) before " + where);
        if (row.prev_hash != prev) v.problems.push_back(where + ": does not chain to the record before it");
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

}  // namespace lw::center::detail
