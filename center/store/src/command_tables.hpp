#pragma once
// Internal to lw_center_store: the command log (commands to boards and their answers).
#include <string>
#include <vector>

#include "lw/center/store_view.hpp"
#include "sqlite_support.hpp"

namespace lw::center::detail {

class command_tables {
public:
    explicit command_tables(SQLite::Database& db);

    // Error text, never throw.
    std::string insert(const command_row& c);
    std::string answer(std::uint64_t id, timestamp at, bool ok, const std::string& reason);

    std::vector<command_row> commands(const std::string& elevator_id, std::size_t limit);
    std::vector<command_row> awaiting(std::size_t limit);
    std::uint64_t max_id();

private:
    cached_statement insert_, answer_, of_elevator_, awaiting_, max_id_;
};

}  // namespace lw::center::detail
