#include "timeline_chain.hpp"

#include <algorithm>

#include "lw/center/timeline_hash.hpp"

namespace lw::center::detail {
namespace {

std::string timeline_columns(int schema_version) {
    return std::string("SELECT id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash, ") +
           (schema_version >= 2 ? "hash_version" : "1") + " FROM timeline ";
}

timeline_row read_timeline(const SQLite::Statement& s) {
    return timeline_row{i64(s, 0),  i64(s, 1),  ms_time(s, 2), text(s, 3), text(s, 4),
                        text(s, 5), ms_time(s, 6), text(s, 7), text(s, 8), static_cast<int>(i64(s, 9))};
}
}  // namespace

timeline_chain::timeline_chain(SQLite::Database& db, int schema_version)
    : last_(db, "SELECT id, hash FROM timeline ORDER BY id DESC LIMIT 1"),
      insert_(db, "INSERT INTO timeline(id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash, "
                  "hash_version) VALUES(:id, :incident, :at, :step, :actor, :details, :recorded, :prev, :hash, "
                  ":hash_version)"),
      of_incident_(db, timeline_columns(schema_version) + "WHERE incident_id = :incident ORDER BY id"),
      between_(db, timeline_columns(schema_version) + "WHERE at_ms >= :from AND at_ms < :to ORDER BY id"),
      all_(db, timeline_columns(schema_version) + "ORDER BY id") {}

timeline_chain::head timeline_chain::last() {
    scoped_use s(last_);
    if (s->executeStep()) return {i64(*s, 0), text(*s, 1)};
    return {};
}

timeline_chain::head timeline_chain::append(const head& prev, const timeline_entry& e, timestamp recorded) {
    timeline_row r{prev.id + 1, e.incident, e.at, std::string(to_string(e.what)), e.actor, e.details, recorded,
                   prev.hash, {}, timeline_hash_version_latest};
    r.hash = *timeline_hash(r, r.hash_version);
    scoped_use s(insert_);
    bind_i64(*s, ":id", r.id);
    bind_i64(*s, ":incident", r.incident);
    bind_i64(*s, ":at", to_ms(r.at));
    s->bind(":step", r.step);
    s->bind(":actor", r.actor);
    s->bind(":details", r.details);
    bind_i64(*s, ":recorded", to_ms(r.recorded));
    s->bind(":prev", r.prev_hash);
    s->bind(":hash", r.hash);
    s->bind(":hash_version", r.hash_version);
    s->exec();
    return {r.id, r.hash};
}

std::vector<timeline_row> timeline_chain::timeline(incident_id id) {
    scoped_use s(of_incident_);
    bind_i64(*s, ":incident", id);
    return all_rows(*s, read_timeline);
}

std::vector<timeline_row> timeline_chain::timeline_between(timestamp from, timestamp to) {
    scoped_use s(between_);
    bind_period(*s, from, to);
    return all_rows(*s, read_timeline);
}

verify_result timeline_chain::verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor) {
    verify_result v;
    scoped_use s(all_);
    std::string prev = "genesis";
    std::int64_t expected_id = 1;
    int newest_version = 0;   // the highest known hash version seen so far
    while (s->executeStep()) {
        const auto row = read_timeline(*s);
        ++v.rows_checked;
        const std::string where = "row " + std::to_string(row.id) + " (incident " + std::to_string(row.incident) +
                                  ", " + row.step + ")";
        if (row.id != expected_id)
            v.problems.push_back("rows " + std::to_string(expected_id) + ".." + std::to_string(row.id - 1) +
                                 " are missing (deleted) before " + where);
        if (row.prev_hash != prev) v.problems.push_back(where + ": does not chain to the record before it");
        if (const auto h = timeline_hash(row, row.hash_version); !h) {
            v.problems.push_back(where + ": unknown hash version " + std::to_string(row.hash_version));
        } else {
            // Older encodings are weaker (version 1 is ambiguous): once a newer one is in the
            // chain, a record claiming an older one is a forgery, whatever its hash says.
            if (row.hash_version < newest_version)
                v.problems.push_back(where + ": claims hash version " + std::to_string(row.hash_version) +
                                     " after a version " + std::to_string(newest_version) + " record (downgrade)");
            if (*h != row.hash) v.problems.push_back(where + ": content does not match its hash (edited)");
            newest_version = std::max(newest_version, row.hash_version);
        }
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
