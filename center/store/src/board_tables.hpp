#pragma once
// Internal to lw_center_store: what the center keeps about each board apart from its faults:
// the EN 81-28 test alarms it sent (not faults) and since when it is known (boards). A file
// opened at a schema version before 3 has neither table: its test alarms are read from the
// faults rows of code 23, and its boards from the elevators those rows name.
#include <string>
#include <vector>

#include "lw/center/store_view.hpp"
#include "sqlite_support.hpp"

namespace lw::center::detail {

class board_tables {
public:
    board_tables(SQLite::Database& db, int schema_version);

    // Error text, never throw. Already stored (same elevator and seq / same elevator): ignored.
    std::string record_test_alarm(const test_alarm_row& t);
    std::string record_board(const std::string& elevator_id, timestamp first_seen);

    std::vector<test_alarm_row> test_alarms(const std::string& elevator_id, std::size_t limit);
    std::vector<test_alarm_row> test_alarms_between(timestamp from, timestamp to);
    std::vector<board_row> boards();

private:
    cached_statement insert_test_alarm_, insert_board_, test_alarms_of_, test_alarms_between_, boards_;
};

}  // namespace lw::center::detail
