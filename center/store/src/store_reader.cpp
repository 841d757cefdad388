// The read-only connection: the same table groups as the writer, over SQLITE_OPEN_READONLY.
#include "lw/center/store_reader.hpp"

#include <filesystem>
#include <stdexcept>

#include "connection.hpp"

namespace lw::center {
namespace {

SQLite::Database open_for_reading(const std::string& path, duration busy_timeout) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw std::runtime_error("no database " + path + (std::filesystem::exists(path, ec) ? " (not a file)" : ""));
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                            static_cast<int>(busy_timeout.count()));
        const int version = detail::schema_version(db);
        if (version == 0)
            throw std::runtime_error("database " + path +
                                     " is not a Liftwatch center database (schema version 0: never set up by "
                                     "lw-center)");
        if (version < store_reader::schema_version_oldest || version > detail::schema_version_latest)
            throw std::runtime_error("database " + path + " has schema version " + std::to_string(version) +
                                     ", which this program does not know (it reads " +
                                     std::to_string(store_reader::schema_version_oldest) + " to " +
                                     std::to_string(detail::schema_version_latest) + ")");
        return db;
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot read database " + path + ": " + e.what());
    }
}

std::unique_ptr<detail::connection> open_reader(const std::string& path, duration busy_timeout) {
    return std::make_unique<detail::connection>(nullptr, open_for_reading(path, busy_timeout));   // never owns the file
}
}  // namespace

store_reader::store_reader(const std::string& path, duration busy_timeout)
    : store_reads(path, open_reader(path, busy_timeout)) {}

store_reader::~store_reader() = default;

int store_reader::schema_version() { return connection().opened_schema_version; }

}  // namespace lw::center
