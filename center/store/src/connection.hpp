#pragma once
// Internal to lw_center_store: one open connection and its table groups, as the writer and the
// read-only connection both hold it (store_reads.hpp).
#include <memory>
#include <utility>

#include "board_tables.hpp"
#include "command_tables.hpp"
#include "incident_tables.hpp"
#include "owner_lock.hpp"
#include "registry_tables.hpp"
#include "schema.hpp"
#include "sqlite_support.hpp"
#include "timeline_chain.hpp"

namespace lw::center::detail {

// Members in this order: the file is owned before it is opened and until it is closed; the
// statements (in the table groups) are finalized before the connection closes.
struct connection {
    std::unique_ptr<owner_lock> owner;   // the writer's, on a file; null otherwise
    SQLite::Database db;
    int opened_schema_version = schema_version(db);   // as found when opened
    registry_tables registry{db};
    incident_tables incidents{db, opened_schema_version};
    board_tables boards{db, opened_schema_version};
    timeline_chain timeline{db, opened_schema_version};
    command_tables commands{db};

    connection(std::unique_ptr<owner_lock> lock, SQLite::Database&& opened)
        : owner(std::move(lock)), db(std::move(opened)) {}
};

}  // namespace lw::center::detail
