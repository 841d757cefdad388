#include "board_tables.hpp"

namespace lw::center::detail {
namespace {

// Test alarms (columns: elevator, seq, at, received, historical, detail), by schema version.
std::string test_alarm_select(int schema_version) {
    return schema_version >= 3
               ? "SELECT elevator_id, seq, at_ms, received_ms, historical, detail FROM test_alarms WHERE "
               : "SELECT elevator_id, seq, at_ms, at_ms AS received_ms, historical, detail FROM faults WHERE code = 23 AND ";
}

std::string boards_select(int schema_version) {
    return schema_version >= 3
               ? "SELECT b.elevator_id, b.first_seen_ms, (SELECT max(t.received_ms) FROM test_alarms t "
                 "WHERE t.elevator_id = b.elevator_id) FROM boards b ORDER BY b.elevator_id"
               : "SELECT elevator_id, min(at_ms), max(CASE WHEN code = 23 THEN at_ms END) FROM faults "
                 "GROUP BY elevator_id ORDER BY elevator_id";
}

test_alarm_row read_test_alarm(const SQLite::Statement& s) {
    return test_alarm_row{text(s, 0), static_cast<std::uint64_t>(i64(s, 1)), ms_time(s, 2), ms_time(s, 3),
                          i64(s, 4) != 0, text(s, 5)};
}

board_row read_board(const SQLite::Statement& s) {
    board_row b{text(s, 0), ms_time(s, 1), std::nullopt};
    if (!is_null(s, 2)) b.last_test_alarm = ms_time(s, 2);
    return b;
}

}  // namespace

board_tables::board_tables(SQLite::Database& db, int schema_version)
    : insert_test_alarm_(db,
                         "INSERT OR IGNORE INTO test_alarms(elevator_id, seq, at_ms, received_ms, historical, detail) "
                         "VALUES(:elevator, :seq, :at, :received, :historical, :detail)"),
      insert_board_(db, "INSERT OR IGNORE INTO boards(elevator_id, first_seen_ms) VALUES(:elevator, :first)"),
      test_alarms_of_(db, test_alarm_select(schema_version) +
                              "elevator_id = :elevator ORDER BY received_ms DESC, seq DESC LIMIT :limit"),
      test_alarms_between_(db, test_alarm_select(schema_version) +
                                   "received_ms >= :from AND received_ms < :to ORDER BY received_ms, elevator_id, seq"),
      boards_(db, boards_select(schema_version)) {}

std::string board_tables::record_test_alarm(const test_alarm_row& t) {
    try {
        scoped_use s(insert_test_alarm_);
        s->bind(":elevator", t.elevator_id);
        bind_i64(*s, ":seq", static_cast<std::int64_t>(t.seq));
        bind_i64(*s, ":at", to_ms(t.at));
        bind_i64(*s, ":received", to_ms(t.received));
        bind_bool(*s, ":historical", t.historical);
        s->bind(":detail", t.detail);
        s->exec();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::string board_tables::record_board(const std::string& elevator_id, timestamp first_seen) {
    try {
        scoped_use s(insert_board_);
        s->bind(":elevator", elevator_id);
        bind_i64(*s, ":first", to_ms(first_seen));
        s->exec();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::vector<test_alarm_row> board_tables::test_alarms(const std::string& elevator_id, std::size_t limit) {
    scoped_use s(test_alarms_of_);
    s->bind(":elevator", elevator_id);
    bind_limit(*s, limit);
    return all_rows(*s, read_test_alarm);
}

std::vector<test_alarm_row> board_tables::test_alarms_between(timestamp from, timestamp to) {
    scoped_use s(test_alarms_between_);
    bind_period(*s, from, to);
    return all_rows(*s, read_test_alarm);
}

std::vector<board_row> board_tables::boards() { return all_rows(boards_, read_board); }

}  // namespace lw::center::detail
