#include "lw/agent/outbox.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "lw/test/broker.hpp"

namespace {
using lw::agent::outbox;
using lw::agent::outbox_entry;

std::vector<std::uint64_t> seqs(const std::vector<outbox_entry>& es) {
    std::vector<std::uint64_t> out;
    for (const auto& e : es) out.push_back(e.seq);
    return out;
}

outbox_entry entry(std::uint64_t seq, bool precious = false) {
    return {seq, "event-" + std::to_string(seq), precious};
}

// Rows in the outbox table, read by a separate connection (as another process would).
long long row_count(const std::string& path) {
    sqlite3* db = nullptr;
    long long n = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM outbox", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}
}  // namespace

TEST(outbox, pending_is_in_seq_order_whatever_the_append_order) {
    outbox box(":memory:");
    ASSERT_TRUE(box.append(entry(3)));
    ASSERT_TRUE(box.append(entry(1)));
    ASSERT_TRUE(box.append(entry(2, true)));
    EXPECT_EQ(box.size(), 3u);
    const auto all = box.pending(0, 10);
    EXPECT_EQ(seqs(all), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(all[0].payload, "event-1");
    EXPECT_FALSE(all[0].precious);
    EXPECT_TRUE(all[1].precious);
    EXPECT_EQ(seqs(box.pending(1, 1)), (std::vector<std::uint64_t>{2}));
    EXPECT_TRUE(box.pending(3, 10).empty());
    EXPECT_EQ(box.last_seq(), 3u);
}

TEST(outbox, remove_deletes_only_the_acknowledged_entry) {
    outbox box(":memory:");
    for (std::uint64_t s = 1; s <= 4; ++s) ASSERT_TRUE(box.append(entry(s)));
    EXPECT_TRUE(box.remove(2));
    EXPECT_TRUE(box.remove(2));   // absent: not an error
    EXPECT_TRUE(box.remove(99));  // never stored: not an error
    EXPECT_EQ(seqs(box.pending(0, 10)), (std::vector<std::uint64_t>{1, 3, 4}));
    EXPECT_EQ(box.size(), 3u);
    EXPECT_TRUE(box.remove(std::vector<std::uint64_t>{1, 4, 7}));
    EXPECT_EQ(seqs(box.pending(0, 10)), (std::vector<std::uint64_t>{3}));
    EXPECT_EQ(box.size(), 1u);
    EXPECT_EQ(box.last_seq(), 4u);  // removal does not lower it: seqs are never reused
}

TEST(outbox, an_entry_is_never_overwritten) {
    outbox box(":memory:");
    ASSERT_TRUE(box.append({5, "first", false}));
    EXPECT_FALSE(box.append({5, "second", false}));
    EXPECT_FALSE(box.last_error().empty());
    const auto all = box.pending(0, 10);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].payload, "first");
    EXPECT_EQ(box.size(), 1u);
}

TEST(outbox, when_full_the_oldest_ordinary_entry_is_dropped_never_an_alarm) {
    outbox box(":memory:", 3);
    ASSERT_TRUE(box.append(entry(1, true)));
    ASSERT_TRUE(box.append(entry(2)));
    ASSERT_TRUE(box.append(entry(3, true)));
    ASSERT_TRUE(box.append(entry(4)));  // full: 2 goes
    EXPECT_EQ(seqs(box.pending(0, 10)), (std::vector<std::uint64_t>{1, 3, 4}));
    EXPECT_EQ(box.dropped(), 1u);
    ASSERT_TRUE(box.append(entry(5, true)));  // full: 4 goes
    EXPECT_EQ(seqs(box.pending(0, 10)), (std::vector<std::uint64_t>{1, 3, 5}));
    EXPECT_EQ(box.dropped(), 2u);
    // Only alarms left: an ordinary event is refused (counted), an alarm is kept above the bound.
    EXPECT_FALSE(box.append(entry(6)));
    EXPECT_EQ(box.dropped(), 3u);
    ASSERT_TRUE(box.append(entry(7, true)));
    EXPECT_EQ(seqs(box.pending(0, 10)), (std::vector<std::uint64_t>{1, 3, 5, 7}));
    EXPECT_EQ(box.size(), 4u);
}

TEST(outbox, entries_counters_and_last_seq_survive_a_reopen) {
    lw::test::temp_dir dir;
    const auto path = (dir.path() / "outbox.db").string();
    {
        outbox box(path);
        for (std::uint64_t s = 1; s <= 5; ++s) ASSERT_TRUE(box.append(entry(s, s == 2)));
        ASSERT_TRUE(box.remove(std::vector<std::uint64_t>{1, 5}));
        ASSERT_TRUE(box.set_meta("bd_seq", 7));
    }
    outbox box(path);
    const auto all = box.pending(0, 10);
    EXPECT_EQ(seqs(all), (std::vector<std::uint64_t>{2, 3, 4}));
    EXPECT_TRUE(all[0].precious);
    EXPECT_EQ(all[1].payload, "event-3");
    EXPECT_EQ(box.size(), 3u);
    EXPECT_EQ(box.last_seq(), 5u);
    EXPECT_EQ(box.get_meta("bd_seq"), 7);
    EXPECT_FALSE(box.get_meta("absent").has_value());
}

TEST(outbox, a_writer_killed_mid_stream_leaves_every_committed_entry_and_a_consistent_last_seq) {
    lw::test::temp_dir dir;
    const auto path = (dir.path() / "outbox.db").string();
    { outbox create(path); }
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // Appends as fast as it can until killed; nothing but SQLite in the child.
        outbox box(path);
        for (std::uint64_t s = 1; s <= 1'000'000; ++s)
            if (!box.append(entry(s, s % 7 == 0))) ::_exit(3);
        ::_exit(0);
    }
    const bool enough = lw::test::wait_until([&] { return row_count(path) >= 50; }, std::chrono::seconds{30});
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(enough) << "the writer did not store 50 entries in 30 s";

    outbox box(path);
    const auto n = box.size();
    ASSERT_GE(n, 50u);
    const auto all = box.pending(0, n + 10);
    ASSERT_EQ(all.size(), n);
    for (std::size_t i = 0; i < all.size(); ++i) {
        ASSERT_EQ(all[i].seq, i + 1) << "a gap in the committed entries";
        EXPECT_EQ(all[i].payload, "event-" + std::to_string(i + 1));
        EXPECT_EQ(all[i].precious, (i + 1) % 7 == 0);
    }
    EXPECT_EQ(box.last_seq(), n);
    // The next writer continues after the last committed seq.
    EXPECT_TRUE(box.append(entry(box.last_seq() + 1)));
}
