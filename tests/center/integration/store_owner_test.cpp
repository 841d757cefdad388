// One writer per database, end to end: while a real lw-center serves a database, the command
// line's writing commands on the same file (crew set --db, import --db) stop with a message
// that names the running center and its console, and change nothing; its reading commands
// (verify, incidents, elevator show) work. Once the center stops, the writing commands work.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "center_harness.hpp"
#include "lw/center/city_json.hpp"
#include "lw/center/store_reader.hpp"

namespace {
using namespace lw::test::center;

TEST(center_store_owner, cli_writes_are_refused_while_the_center_owns_the_database_and_reads_work) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const auto db = h.db().string();
    const auto console = h.console();

    auto r = run_cli({"crew", "set", "--db", db, "north-far", "--lat", "34.6", "--lon", "105.7"}, h.dir());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("database " + db + " is in use by a running lw-center (pid "), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("console http://" + console + "): send the change through it, e.g. --console " + console),
              std::string::npos)
        << r.output;
    const auto crews = lw::center::store_reader(db).crews();
    const auto far = std::find_if(crews.begin(), crews.end(), [](const auto& c) { return c.id == "north-far"; });
    ASSERT_NE(far, crews.end());
    EXPECT_NE(far->position.lat_deg, 34.6) << "the refused edit changed nothing";

    const auto city = h.dir() / "again.json";
    std::ofstream(city) << lw::center::to_json(small_city());
    r = run_cli({"import", "--db", db, city.string()}, h.dir());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("is in use by a running lw-center"), std::string::npos) << r.output;

    r = run_cli({"verify", "--db", db}, h.dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(run_cli({"incidents", "--db", db}, h.dir()).exit_code, 0);
    EXPECT_EQ(run_cli({"elevator", "show", "--db", db, "E1"}, h.dir()).exit_code, 0);

    ASSERT_EQ(h.stop_center(), 0);
    r = run_cli({"crew", "set", "--db", db, "north-far", "--lat", "34.6", "--lon", "105.7"}, h.dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    // And a second center after the first was killed with SIGKILL starts at once.
    ASSERT_TRUE(h.started());
    h.kill9_center();
    ASSERT_TRUE(h.started());
}

// Two centers on one database: the second stops at once with the owner's message.
TEST(center_store_owner, a_second_center_on_the_same_database_stops) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const auto log = h.dir() / "second.log";
    lw::test::child_process second(lw::test::program("lw-center"),
                                   {"serve", "--db", h.db().string(), "--broker", "127.0.0.1:1", "--http",
                                    "127.0.0.1:0"},
                                   log);
    EXPECT_EQ(second.wait(std::chrono::seconds{10}), 1);
    std::ifstream f(log);
    const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("is in use by a running lw-center"), std::string::npos) << text;
    EXPECT_TRUE(h.center_running());
}

}  // namespace
