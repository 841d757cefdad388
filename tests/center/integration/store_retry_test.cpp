// The store on a real SQLite file when writes fail (another program holds the write lock, as a
// full or read-only disk would refuse them): a failed commit keeps its batch in memory, in order;
// the next commit or flush writes everything; no timeline entry is lost and the hash chain
// verifies. A dispatch acknowledged by the broker while its row was still queued is written as sent.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "lw/center/export.hpp"
#include "lw/center/store.hpp"
#include "lw/test/broker.hpp"

namespace {
using namespace lw::center;
using namespace std::chrono_literals;

constexpr auto short_busy_timeout = std::chrono::milliseconds{20};

timeline_entry entry(incident_id id, lw::timestamp at, step what, const std::string& details) {
    return timeline_entry{id, at, what, "center", details};
}

incident open_incident(incident_id id, lw::timestamp at) {
    incident inc;
    inc.id = id;
    inc.elevator.id = "E1";
    inc.opened_at = at;
    return inc;
}

// Holds SQLite's write lock on `path` from a second connection while alive.
class write_lock {
public:
    explicit write_lock(const std::filesystem::path& path) {
        sqlite3_open(path.c_str(), &db_);
        ok_ = sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ~write_lock() {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(db_);
    }
    bool ok() const { return ok_; }

private:
    sqlite3* db_ = nullptr;
    bool ok_ = false;
};

TEST(store_retry, failed_commits_are_kept_in_order_and_written_later) {
    lw::test::temp_dir dir;
    const auto path = dir.path() / "c.db";
    store s(path.string(), short_busy_timeout);
    const auto t0 = lw::from_ms(1'700'000'000'000);
    auto inc = open_incident(1, t0);
    ASSERT_EQ(s.commit({entry(1, t0, step::alarm_received, "one")}, {inc}, {}, t0), "");

    dispatch_row d{1, "crew-a", "north", 1, "lw/v1/dispatch/north/crew-a", "payload", false};
    {
        write_lock lock(path);
        ASSERT_TRUE(lock.ok());
        EXPECT_NE(s.commit({entry(1, t0 + 1s, step::dispatched, "two")}, {inc}, {d}, t0 + 1s), "");
        EXPECT_NE(s.commit({entry(1, t0 + 2s, step::notified, "three")}, {inc}, {}, t0 + 2s), "");
        EXPECT_EQ(s.pending_batches(), 2u);
        EXPECT_EQ(s.pending_entries(), 2u);
        // The broker acknowledged the order meanwhile.
        s.mark_sent(1, "crew-a", 1);
        EXPECT_NE(s.flush(), "");
        EXPECT_EQ(s.pending_entries(), 2u);
        // Reads still work (WAL): what is stored so far.
        EXPECT_EQ(s.timeline(1).size(), 1u);
    }
    ASSERT_EQ(s.flush(), "");
    EXPECT_EQ(s.pending_batches(), 0u);
    const auto rows = s.timeline(1);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1].details, "two");
    EXPECT_EQ(rows[2].details, "three");
    EXPECT_EQ(rows[2].id, 3);
    const auto ds = s.dispatches(1);
    ASSERT_EQ(ds.size(), 1u);
    EXPECT_TRUE(ds[0].sent);
    EXPECT_TRUE(s.unsent_dispatches().empty());
    const auto v = s.verify();
    EXPECT_TRUE(v.ok);
    EXPECT_EQ(v.rows_checked, 3);
    EXPECT_EQ(v.head_id, 3);
    EXPECT_EQ(v.head_hash, rows[2].hash);
}

TEST(store_retry, queued_batches_are_written_when_the_store_closes) {
    lw::test::temp_dir dir;
    const auto path = dir.path() / "c.db";
    const auto t0 = lw::from_ms(1'700'000'000'000);
    {
        store s(path.string(), short_busy_timeout);
        {
            write_lock lock(path);
            ASSERT_TRUE(lock.ok());
            EXPECT_NE(s.commit({entry(1, t0, step::alarm_received, "one")}, {open_incident(1, t0)}, {}, t0), "");
        }
    }
    store again(path.string());
    EXPECT_EQ(again.timeline(1).size(), 1u);
    EXPECT_EQ(again.open_incidents().size(), 1u);
}

TEST(store_export, one_incident_and_a_date_range_as_json_and_csv) {
    lw::test::temp_dir dir;
    store s((dir.path() / "c.db").string());
    const auto day1 = *parse_day("2026-11-20");
    const auto day2 = *parse_day("2026-11-21");
    ASSERT_EQ(s.commit({entry(1, day1 + 10h, step::alarm_received, "caller says \"help\", floor 3")},
                       {open_incident(1, day1 + 10h)}, {}, day1 + 10h),
              "");
    ASSERT_EQ(s.commit({entry(2, day2 + 9h, step::alarm_received, "two")}, {open_incident(2, day2 + 9h)}, {}, day2 + 9h),
              "");

    const auto one = load_export(s, 1);
    ASSERT_TRUE(one.has_value());
    EXPECT_FALSE(load_export(s, 3).has_value());
    const auto csv = to_csv({*one});
    EXPECT_EQ(csv.rfind("incident,elevator,source,", 0), 0u);
    // RFC 4180 quoting of a field with a comma and quotes.
    EXPECT_NE(csv.find("\"caller says \"\"help\"\", floor 3\""), std::string::npos) << csv;
    const auto js = to_json({*one});
    EXPECT_NE(js.find("\"alarm_received\""), std::string::npos);
    EXPECT_NE(js.find(one->timeline[0].hash), std::string::npos);

    EXPECT_EQ(load_export(s, day1, day2).size(), 1u);
    EXPECT_EQ(load_export(s, day1, day2 + 24h).size(), 2u);
    EXPECT_EQ(load_export(s, day2 + 24h, day2 + 48h).size(), 0u);
    EXPECT_FALSE(parse_day("2026-02-30").has_value());
    EXPECT_FALSE(parse_day("26-11-20").has_value());
}

}  // namespace
