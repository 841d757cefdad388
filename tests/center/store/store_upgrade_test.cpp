// A database written before issue 8 (tests/data/pre-v2-tianshui.sql: schema version 1, '|'-joined
// timeline hashes, snapshots with enums as numbers) still verifies and recovers: read as it is
// by store_reader and `lw-center verify`, then migrated by the writer, its open incident
// restored into the engine, and new records chained on with the version-2 hash.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lw/center/crew_choice.hpp"
#include "lw/center/incident_engine.hpp"
#include "lw/center/store.hpp"
#include "lw/center/store_reader.hpp"
#include "lw/center/timeline_hash.hpp"
#include "lw/test/broker.hpp"

namespace lw::center {
namespace {
using namespace std::chrono_literals;

// What the fixture holds (its header says how it was made).
constexpr std::int64_t fixture_rows = 100;
constexpr std::int64_t fixture_incidents = 6;
constexpr incident_id fixture_open_incident = 6;
const std::string fixture_head_hash = "3e35f37f474bb571dfdfcc9e7a72331e850250931dde700650beaf231aee50e6";

std::string read_text(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

struct cli_run {
    int exit_code = -1;
    std::string output;
};

cli_run lw_center(const std::vector<std::string>& args, const std::filesystem::path& dir) {
    const auto out = dir / "cli.out";
    test::child_process p(test::program("lw-center"), args, out);
    cli_run r;
    r.exit_code = p.wait(30s);
    r.output = read_text(out);
    return r;
}

int user_version(const std::filesystem::path& db) {
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    return c.execAndGet("PRAGMA user_version").getInt();
}

class store_upgrade : public ::testing::Test {
protected:
    void SetUp() override {
        const auto sql = read_text(std::filesystem::path(LW_TEST_DATA_DIR) / "pre-v2-tianshui.sql");
        ASSERT_GT(sql.size(), 10'000u) << "fixture missing";
        SQLite::Database c(db.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        c.exec(sql);
    }

    test::temp_dir dir;
    std::filesystem::path db = dir.path() / "pre-v2.db";
};

TEST_F(store_upgrade, read_as_it_is_without_migrating) {
    {
        store_reader r(db.string());
        EXPECT_EQ(r.schema_version(), 1);
        const auto v = r.verify();
        EXPECT_TRUE(v.ok) << (v.problems.empty() ? "" : v.problems[0]);
        EXPECT_EQ(v.rows_checked, fixture_rows);
        EXPECT_EQ(v.head_id, fixture_rows);
        EXPECT_EQ(v.head_hash, fixture_head_hash);
        for (const auto& row : r.timeline_between(from_ms(0), from_ms(INT64_MAX))) {
            EXPECT_EQ(row.hash_version, 1) << row.id;
            EXPECT_EQ(timeline_hash(row, 1), row.hash) << row.id;
        }
        // Every snapshot, numbers and all, parses.
        EXPECT_EQ(r.incidents_between(from_ms(0), from_ms(INT64_MAX)).size(), static_cast<std::size_t>(fixture_incidents));
        const auto open = r.open_incidents();
        ASSERT_EQ(open.size(), 1u);
        EXPECT_EQ(open[0].id, fixture_open_incident);
        EXPECT_EQ(open[0].source, alarm_source::hotline_96333);
        EXPECT_EQ(open[0].phase, incident_phase::alarm);
        ASSERT_EQ(open[0].assignments.size(), 1u);
        EXPECT_EQ(open[0].assignments[0].crew_id, "mc05-c01");
        EXPECT_EQ(open[0].assignments[0].status, assignment_status::dispatched);
        EXPECT_EQ(r.elevators().size(), 120u);
    }
    EXPECT_EQ(user_version(db), 1) << "the reader never migrates";

    const auto cli = lw_center({"verify", "--db", db.string()}, dir.path());
    EXPECT_EQ(cli.exit_code, 0) << cli.output;
    EXPECT_NE(cli.output.find("OK: 100 timeline records checked"), std::string::npos) << cli.output;
    EXPECT_NE(cli.output.find("chain head: record 100 hash " + fixture_head_hash), std::string::npos) << cli.output;
    EXPECT_EQ(user_version(db), 1);
}

// Its `notified` records (the name no build writes any more) still verify as they are and read,
// in `lw-center timeline`, as what they were: requests that no gateway delivered.
TEST_F(store_upgrade, old_notified_records_verify_and_read_as_requested_not_delivered) {
    {
        store_reader r(db.string());
        const auto rows = r.timeline(1);
        EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const auto& x) { return x.step == "notified"; }), 3);
        for (const auto& row : rows) EXPECT_EQ(timeline_hash(row, 1), row.hash) << row.id;
    }
    const auto cli = lw_center({"timeline", "--db", db.string(), "1"}, dir.path());
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    std::istringstream lines(cli.output);
    int old = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find(" requested - not delivered (no gateway; old record) center - ") != std::string::npos) ++old;
        EXPECT_EQ(line.find(" notified "), std::string::npos) << line;
    }
    EXPECT_EQ(old, 3) << cli.output;
    EXPECT_EQ(lw_center({"verify", "--db", db.string()}, dir.path()).exit_code, 0);
}

TEST_F(store_upgrade, migrated_recovered_and_chained_on_with_version_2) {
    std::vector<timeline_entry> appended;
    {
        store s(db.string());
        EXPECT_EQ(s.schema_version(), store::schema_version_latest);
        auto v = s.verify();
        ASSERT_TRUE(v.ok) << (v.problems.empty() ? "" : v.problems[0]);
        EXPECT_EQ(v.rows_checked, fixture_rows);
        EXPECT_EQ(v.head_hash, fixture_head_hash);

        // Recovery as the center does it: the roster from the registry, open incidents restored.
        straight_line_estimator est;
        crew_roster roster(est);
        for (const auto& c : s.crews())
            roster.upsert(crew{c.id, c.company_id, domain::parse<crew_kind>(c.kind).value_or(crew_kind::maintenance),
                               c.position, crew_status::available});
        incident_engine engine(response_limits{}, roster);
        const auto open = s.open_incidents();
        ASSERT_EQ(open.size(), 1u);
        for (const auto& inc : open) engine.restore(inc);
        engine.set_next_id(s.max_incident_id() + 1);
        EXPECT_EQ(engine.next_id(), fixture_incidents + 1);
        ASSERT_EQ(roster.find("mc05-c01")->status, crew_status::dispatched) << "the restored order's crew is engaged";

        // The dispatched crew acknowledges after the restart.
        const auto now = open[0].opened_at + 1min;
        auto out = engine.on_crew_report(
            crew_report{"mc05-c01", fixture_open_incident, crew_report_kind::acknowledged, 4min, {}, {}}, now);
        ASSERT_EQ(out.error, "");
        ASSERT_FALSE(out.timeline.empty());
        appended = out.timeline;
        ASSERT_EQ(s.commit(out.timeline, {*engine.find(fixture_open_incident)}, {}, now), "");

        const auto rows = s.timeline(fixture_open_incident);
        ASSERT_GT(rows.size(), appended.size());
        const auto& first_new = rows[rows.size() - appended.size()];
        EXPECT_EQ(first_new.id, fixture_rows + 1);
        EXPECT_EQ(first_new.prev_hash, fixture_head_hash) << "chained onto the last version-1 record";
        for (auto i = rows.size() - appended.size(); i < rows.size(); ++i) EXPECT_EQ(rows[i].hash_version, 2);
        EXPECT_EQ(rows.back().step, "acknowledged");

        v = s.verify(std::make_pair(fixture_rows, fixture_head_hash));
        EXPECT_TRUE(v.ok) << (v.problems.empty() ? "" : v.problems[0]);
        EXPECT_EQ(v.rows_checked, fixture_rows + static_cast<std::int64_t>(appended.size()));
    }
    EXPECT_EQ(user_version(db), store::schema_version_latest);
    {
        SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
        const auto snapshot = c.execAndGet("SELECT snapshot FROM incidents WHERE id = 6").getString();
        EXPECT_NE(snapshot.find("\"phase\":\"responding\""), std::string::npos) << "rewritten by name: " << snapshot;
        EXPECT_EQ(c.execAndGet("SELECT count(*) FROM timeline WHERE hash_version = 1").getInt64(), fixture_rows);
    }

    // Read again (the next start): the incident restores in its new phase, the mixed chain verifies.
    store_reader r(db.string());
    const auto open = r.open_incidents();
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].phase, incident_phase::responding);
    EXPECT_EQ(open[0].assignments[0].status, assignment_status::acknowledged);
    const auto cli = lw_center({"verify", "--db", db.string(), "--anchor", "100:" + fixture_head_hash}, dir.path());
    EXPECT_EQ(cli.exit_code, 0) << cli.output;
    EXPECT_NE(cli.output.find("OK: " + std::to_string(fixture_rows + static_cast<std::int64_t>(appended.size())) +
                              " timeline records checked"),
              std::string::npos)
        << cli.output;
}

// Schema 3 (issue 9 item 3): test alarms are not faults. A file from before holds them as
// faults rows of code 23, and one stuck car as two counted raises (entrapment between floors
// and stopped outside the door zone): read as it is, its test alarms are read apart; migrated,
// they move to their own table, the second raise of each stop is not counted, the clears are
// not counted, and each elevator that has a row becomes a known board.
TEST_F(store_upgrade, test_alarms_leave_the_faults_and_one_stop_counts_once) {
    {
        SQLite::Database c(db.string(), SQLite::OPEN_READWRITE);
        c.exec("INSERT INTO faults VALUES('TS-QZ-00002', 7, 1796000000000, 23, 'test_alarm', 1, 0, 'EN 81-28 periodic test')");
    }
    auto counted_raises = [](store_view& v, const std::string& id) {
        int n = 0;
        for (const auto& f : v.faults(id, 100)) n += f.raised && f.counted;
        return n;
    };
    {
        store_reader r(db.string());
        EXPECT_TRUE(r.faults("TS-QZ-00002", 10).empty());
        const auto t = r.test_alarms("TS-QZ-00002", 10);
        ASSERT_EQ(t.size(), 1u);
        EXPECT_EQ(t[0].seq, 7u);
        EXPECT_EQ(r.test_alarms_between(from_ms(0), from_ms(INT64_MAX)).size(), 1u);
        ASSERT_EQ(r.boards().size(), 5u);
        EXPECT_EQ(r.boards()[2].elevator_id, "TS-QZ-00002");
        EXPECT_EQ(r.boards()[2].last_test_alarm, from_ms(1796000000000));
    }
    EXPECT_EQ(user_version(db), 1);
    {
        store s(db.string());
        EXPECT_TRUE(s.faults("TS-QZ-00002", 10).empty());
        ASSERT_EQ(s.test_alarms("TS-QZ-00002", 10).size(), 1u);
        EXPECT_EQ(s.test_alarms("TS-QZ-00002", 10)[0].received, from_ms(1796000000000));
        EXPECT_EQ(s.faults("TS-QZ-00001", 10).size(), 4u) << "nothing else moved";
        EXPECT_EQ(counted_raises(s, "TS-QZ-00001"), 1) << "entrapment between floors + stopped outside the door zone";
        EXPECT_EQ(counted_raises(s, "TS-QZ-00003"), 1);
        const auto boards = s.boards();
        ASSERT_EQ(boards.size(), 5u);
        EXPECT_EQ(boards[0].elevator_id, "TS-MJ-00009");
        EXPECT_EQ(boards[0].first_seen, from_ms(1796112075034));
        EXPECT_FALSE(boards[0].last_test_alarm);
        EXPECT_EQ(boards[2].last_test_alarm, from_ms(1796000000000));
        // New rows: a test alarm and a board recorded once.
        EXPECT_EQ(s.record_test_alarm({"TS-QZ-00003", 90, from_ms(1797000000000), from_ms(1797000000500), false, "t"}), "");
        EXPECT_EQ(s.record_test_alarm({"TS-QZ-00003", 90, from_ms(1797000000000), from_ms(1797000000500), false, "t"}), "");
        EXPECT_EQ(s.record_board("TS-QZ-00003", from_ms(1797000000000)), "");
        EXPECT_EQ(s.record_board("TS-QZ-00099", from_ms(1797000000000)), "");
        EXPECT_EQ(s.test_alarms("TS-QZ-00003", 10).size(), 1u);
        const auto after = s.boards();
        ASSERT_EQ(after.size(), 6u);
        EXPECT_EQ(after[3].elevator_id, "TS-QZ-00003");
        EXPECT_EQ(after[3].first_seen, from_ms(1796112150034)) << "a known board keeps its first time";
        EXPECT_EQ(after[3].last_test_alarm, from_ms(1797000000500));
        EXPECT_EQ(after[5].elevator_id, "TS-QZ-00099");
    }
}

}  // namespace
}  // namespace lw::center
