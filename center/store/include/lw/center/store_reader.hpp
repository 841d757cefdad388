#pragma once
// A read-only connection to the center's store, for readers: the CLI's read commands
// (incidents, timeline, verify, stats, export, elevator show) and the running center's read
// threads (one store_reader per thread; WAL lets them read while the writer writes).
//
// It opens the file with SQLITE_OPEN_READONLY: it never creates, migrates or writes anything,
// and never takes the writer's ownership lock (store.hpp), so it opens while a center runs.
// The reads are store_reads' (store_reads.hpp). Threading and read errors: as store_view says.
#include <chrono>
#include <string>

#include "lw/center/store_reads.hpp"

namespace lw::center {

class store_reader final : public store_reads {
public:
    // The oldest schema this reader understands (a file written before the last migrations
    // is read as it is; the writer migrates it when it next opens it).
    static constexpr int schema_version_oldest = 1;
    static constexpr duration default_busy_timeout = std::chrono::seconds{5};

    // Throws std::runtime_error with a clear message when `path` does not exist, is not an
    // SQLite file, is not a Liftwatch center database (schema version 0: never migrated), or has
    // a schema this program does not know (newer than store::schema_version_latest).
    explicit store_reader(const std::string& path, duration busy_timeout = default_busy_timeout);
    ~store_reader() override;

    // The file's schema version, as found when it was opened.
    int schema_version() override;
};

}  // namespace lw::center
