#pragma once
// Internal to lw_center_store: the append-only, hash-chained timeline. append() for the writer
// (inside its transaction), the reads and verify() for every connection.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lw/center/store_view.hpp"
#include "sqlite_support.hpp"

namespace lw::center::detail {

class timeline_chain {
public:
    // The last record written: its id and hash ("genesis" and 0 for an empty timeline).
    struct head {
        std::int64_t id = 0;
        std::string hash = "genesis";
    };

    // `schema_version`: the file's; before version 2 rows carry no hash version (all are 1).
    timeline_chain(SQLite::Database& db, int schema_version);

    head last();
    // Writes the record after `prev`, hashed onto it with the latest encoding; returns the new
    // head. Throws. Only on a file at the latest schema (the writer's).
    head append(const head& prev, const timeline_entry& e, timestamp recorded);

    std::vector<timeline_row> timeline(incident_id id);
    std::vector<timeline_row> timeline_between(timestamp from, timestamp to);
    verify_result verify(const std::optional<std::pair<std::int64_t, std::string>>& anchor);

private:
    cached_statement last_, insert_, of_incident_, between_, all_;
};

}  // namespace lw::center::detail
