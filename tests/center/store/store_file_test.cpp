// The store on real SQLite files (integration): the read-only connection (store_reader) next to
// a writer, what it refuses, one writer per database (also when the owner is killed with
// SIGKILL), and the hash chain against someone editing the file.
#include "lw/center/store_reader.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <fstream>

#include "lw/center/store.hpp"
#include "lw/center/timeline_hash.hpp"
#include "lw/test/broker.hpp"

namespace lw::center {
namespace {
using namespace std::chrono_literals;

const timestamp t0 = from_ms(1'796'112'000'000);   // 2026-12-01 08:00 UTC

incident open_incident(incident_id id, timestamp at) {
    incident inc;
    inc.id = id;
    inc.elevator.id = "E1";
    inc.opened_at = at;
    return inc;
}

timeline_entry entry(incident_id id, timestamp at, step what, std::string actor, std::string details) {
    return timeline_entry{id, at, what, std::move(actor), std::move(details)};
}

// SQL run on the file from a connection of its own, as another program (or an attacker with
// file access) would.
void run_sql(const std::filesystem::path& db, const std::string& sql) {
    SQLite::Database c(db.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    c.exec(sql);
}

std::string what_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

class store_file : public ::testing::Test {
protected:
    test::temp_dir dir;
    std::filesystem::path db = dir.path() / "center.db";
};

TEST_F(store_file, reader_refuses_a_missing_file_and_does_not_create_it) {
    const auto msg = what_of([&] { store_reader r(db.string()); });
    EXPECT_NE(msg.find("no database " + db.string()), std::string::npos) << msg;
    EXPECT_FALSE(std::filesystem::exists(db));
}

TEST_F(store_file, reader_refuses_a_file_that_is_not_a_center_database) {
    std::ofstream(db) << "hello, this is not SQLite at all, but it is long enough to have a header........\n";
    auto msg = what_of([&] { store_reader r(db.string()); });
    EXPECT_NE(msg.find("cannot read database " + db.string()), std::string::npos) << msg;

    std::filesystem::remove(db);
    run_sql(db, "CREATE TABLE t(x)");   // SQLite, but never set up by lw-center
    msg = what_of([&] { store_reader r(db.string()); });
    EXPECT_NE(msg.find("is not a Liftwatch center database"), std::string::npos) << msg;
}

TEST_F(store_file, reader_refuses_a_schema_newer_than_it_knows) {
    { store w(db.string()); }
    run_sql(db, "PRAGMA user_version=" + std::to_string(store::schema_version_latest + 1));
    const auto msg = what_of([&] { store_reader r(db.string()); });
    EXPECT_NE(msg.find("schema version " + std::to_string(store::schema_version_latest + 1) +
                       ", which this program does not know"),
              std::string::npos)
        << msg;
    // The writer refuses it too, and changes nothing.
    EXPECT_NE(what_of([&] { store w(db.string()); }).find("is newer than this program"), std::string::npos);
}

TEST_F(store_file, reader_reads_what_the_writer_committed_while_the_writer_keeps_writing) {
    store w(db.string(), 20ms);
    ASSERT_EQ(w.commit({entry(1, t0, step::alarm_received, "node", "one")}, {open_incident(1, t0)}, {}, t0), "");
    store_reader r(db.string());
    EXPECT_EQ(r.schema_version(), store::schema_version_latest);
    EXPECT_EQ(r.timeline(1).size(), 1u);
    ASSERT_EQ(r.open_incidents().size(), 1u);

    // A write transaction open on another connection does not stop the reader (WAL).
    {
        SQLite::Database other(db.string(), SQLite::OPEN_READWRITE);
        other.exec("BEGIN IMMEDIATE");
        other.exec("INSERT INTO faults(elevator_id, seq, at_ms, code, code_name, raised, historical, detail) "
                   "VALUES('E1', 1, 0, 1, 'x', 1, 0, '')");
        EXPECT_EQ(r.timeline(1).size(), 1u);
        EXPECT_TRUE(r.faults("E1", 10).empty()) << "uncommitted rows are not visible";
        EXPECT_NE(w.commit({entry(1, t0 + 1s, step::dispatched, "center", "two")}, {}, {}, t0 + 1s), "")
            << "the writer waits 20 ms for the lock, then keeps the batch";
        other.exec("ROLLBACK");
    }
    ASSERT_EQ(w.flush(), "");
    const auto rows = r.timeline(1);
    ASSERT_EQ(rows.size(), 2u) << "the reader sees each commit once it is done";
    EXPECT_EQ(rows[1].details, "two");
    const auto v = r.verify();
    EXPECT_TRUE(v.ok);
    EXPECT_EQ(v.rows_checked, 2);
    EXPECT_EQ(v.head_hash, rows[1].hash);
}

TEST_F(store_file, an_edited_or_deleted_record_is_reported_by_row) {
    {
        store w(db.string());
        ASSERT_EQ(w.commit({entry(1, t0, step::alarm_received, "node", "one"),
                            entry(1, t0 + 1s, step::dispatched, "center", "two"),
                            entry(1, t0 + 2s, step::acknowledged, "crew", "three")},
                           {open_incident(1, t0)}, {}, t0 + 2s),
                  "");
        ASSERT_TRUE(w.verify().ok);
        ASSERT_EQ(w.timeline(1)[1].hash_version, 2);
    }
    EXPECT_NE(what_of([&] { run_sql(db, "UPDATE timeline SET actor = 'x' WHERE id = 2"); }).find("append-only"),
              std::string::npos)
        << "the triggers refuse edits";
    run_sql(db, "DROP TRIGGER timeline_no_update; UPDATE timeline SET details = 'TWO' WHERE id = 2");
    auto v = store_reader(db.string()).verify();
    EXPECT_FALSE(v.ok);
    ASSERT_EQ(v.problems.size(), 1u);
    EXPECT_EQ(v.problems[0], "row 2 (incident 1, dispatched): content does not match its hash (edited)");

    run_sql(db, "DROP TRIGGER timeline_no_delete; DELETE FROM timeline WHERE id = 2");
    v = store_reader(db.string()).verify();
    EXPECT_FALSE(v.ok);
    ASSERT_FALSE(v.problems.empty());
    EXPECT_EQ(v.problems[0], "rows 2..2 are missing (deleted) before row 3 (incident 1, acknowledged)");
}

// Appends, from outside the store, the record after the last one with `version` and `hash`
// (computed with timeline_hash unless given), as a forger with file access would.
void forge_next(const std::filesystem::path& db, int version, const std::optional<std::string>& hash = {}) {
    const auto rows = store_reader(db.string()).timeline_between(from_ms(0), from_ms(INT64_MAX));
    ASSERT_FALSE(rows.empty());
    timeline_row r{rows.back().id + 1, 1, rows.back().at, "closed", "op", "forged", rows.back().recorded,
                   rows.back().hash, {}, version};
    r.hash = hash ? *hash : timeline_hash(r, version).value();
    run_sql(db, "INSERT INTO timeline(id, incident_id, at_ms, step, actor, details, recorded_ms, prev_hash, hash, "
                "hash_version) VALUES(" + std::to_string(r.id) + ", 1, " + std::to_string(to_ms(r.at)) +
                    ", 'closed', 'op', 'forged', " + std::to_string(to_ms(r.recorded)) + ", '" + r.prev_hash + "', '" +
                    r.hash + "', " + std::to_string(version) + ")");
}

TEST_F(store_file, a_version_1_record_after_a_version_2_record_is_reported_as_a_downgrade) {
    {
        store w(db.string());
        ASSERT_EQ(w.commit({entry(1, t0, step::alarm_received, "node", "one")}, {open_incident(1, t0)}, {}, t0), "");
    }
    forge_next(db, 1);   // a record whose version-1 hash is correct
    const auto v = store_reader(db.string()).verify();
    EXPECT_FALSE(v.ok);
    ASSERT_EQ(v.problems.size(), 1u);
    EXPECT_EQ(v.problems[0], "row 2 (incident 1, closed): claims hash version 1 after a version 2 record (downgrade)");
}

TEST_F(store_file, an_unknown_hash_version_is_reported) {
    {
        store w(db.string());
        ASSERT_EQ(w.commit({entry(1, t0, step::alarm_received, "node", "one")}, {open_incident(1, t0)}, {}, t0), "");
    }
    forge_next(db, 3, std::string(64, 'a'));
    const auto v = store_reader(db.string()).verify();
    EXPECT_FALSE(v.ok);
    ASSERT_EQ(v.problems.size(), 1u);
    EXPECT_EQ(v.problems[0], "row 2 (incident 1, closed): unknown hash version 3");
}

TEST_F(store_file, a_second_writer_is_refused_with_the_owner_and_its_console_and_readers_still_open) {
    auto first = std::make_unique<store>(db.string());
    ASSERT_EQ(first->commit({entry(1, t0, step::alarm_received, "node", "one")}, {open_incident(1, t0)}, {}, t0), "");
    first->set_owner_console("127.0.0.1:8080");
    try {
        store second(db.string());
        FAIL() << "a second writer opened the database";
    } catch (const database_in_use& e) {
        EXPECT_EQ(e.pid(), ::getpid());
        EXPECT_EQ(e.console(), "127.0.0.1:8080");
        EXPECT_EQ(e.db_path(), db.string());
        EXPECT_EQ(std::string(e.what()), "database " + db.string() + " is in use by a running " +
                                             program_invocation_short_name + " (pid " + std::to_string(::getpid()) +
                                             ", console http://127.0.0.1:8080): send the change through it, "
                                             "e.g. --console 127.0.0.1:8080");
    }
    {
        store_reader r(db.string());
        EXPECT_EQ(r.timeline(1).size(), 1u) << "readers never take the owner lock";
    }
    // The refused writer changed nothing, and the owner goes on writing.
    EXPECT_EQ(first->commit({entry(1, t0 + 1s, step::dispatched, "center", "two")}, {}, {}, t0 + 1s), "");
    first.reset();
    store again(db.string());
    EXPECT_EQ(again.timeline(1).size(), 2u);
    EXPECT_TRUE(again.verify().ok);
}

TEST_F(store_file, a_refused_writer_without_a_console_note_says_how_to_proceed) {
    store first(db.string());
    const auto msg = what_of([&] { store second(db.string()); });
    EXPECT_NE(msg.find("(pid " + std::to_string(::getpid()) + "): stop it first, or send the change through its "
                       "console (--console HOST:PORT)"),
              std::string::npos)
        << msg;
}

// The owner is another process, killed with SIGKILL while it holds the database: no clean
// shutdown, the lock file stays behind with its pid, yet the next writer opens at once.
TEST_F(store_file, a_writer_killed_with_sigkill_does_not_block_the_next_one) {
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(ready[0]);
        try {
            store s(db.string());
            s.set_owner_console("127.0.0.1:9999");
            if (!s.commit({entry(7, t0, step::alarm_received, "node", "from the child")}, {open_incident(7, t0)}, {},
                          t0)
                     .empty())
                ::_exit(2);
            if (::write(ready[1], "1", 1) != 1) ::_exit(3);
            for (;;) ::pause();   // holds the store until killed
        } catch (...) {
            ::_exit(4);
        }
    }
    ::close(ready[1]);
    pollfd p{ready[0], POLLIN, 0};
    char c = 0;
    const bool child_ready = ::poll(&p, 1, 10'000) == 1 && ::read(ready[0], &c, 1) == 1;   // 10 s deadline
    ::close(ready[0]);
    if (!child_ready) {
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        FAIL() << "the child could not open the store";
    }

    try {
        store second(db.string());
        ADD_FAILURE() << "a second writer opened the database while the child held it";
    } catch (const database_in_use& e) {
        EXPECT_EQ(e.pid(), child);
        EXPECT_EQ(e.console(), "127.0.0.1:9999");
    }
    EXPECT_EQ(store_reader(db.string()).timeline(7).size(), 1u);

    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    EXPECT_TRUE(std::filesystem::exists(db.string() + ".owner")) << "the stale lock file is still there";

    store after(db.string());
    ASSERT_EQ(after.open_incidents().size(), 1u) << "what the killed writer committed is there";
    EXPECT_EQ(after.commit({entry(7, t0 + 1s, step::dispatched, "center", "after the kill")}, {}, {}, t0 + 1s), "");
    EXPECT_TRUE(after.verify().ok);
}

}  // namespace
}  // namespace lw::center
