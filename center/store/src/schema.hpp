#pragma once
// Internal to lw_center_store: the schema, its version (PRAGMA user_version) and migrations.
#include <SQLiteCpp/Database.h>

#include <string>

namespace lw::center::detail {

// The version this program writes; store::schema_version_latest is the same number.
extern const int schema_version_latest;

int schema_version(SQLite::Database& db);

// Applies the missing migrations in order, each in its own transaction with its version bump.
// Throws (std::runtime_error) when the file's schema is newer than this program, or a
// migration fails (the file then stays at the last version that succeeded).
void migrate(SQLite::Database& db, const std::string& path);

}  // namespace lw::center::detail
