// One writer per database: while lw-center runs, `import --db` and `crew set --db` stop with a
// message naming the running center, and `import --console` changes the registry through it —
// stored, and in effect at once.
#include <gtest/gtest.h>

#include <fstream>

#include "center_harness.hpp"
#include "lw/center/store_reader.hpp"

namespace {
using namespace std::chrono_literals;
using namespace lw::test::center;

TEST(center_registry, while_a_center_runs_registry_changes_go_through_it) {
    center_harness h;
    ASSERT_TRUE(h.started());
    const auto console = h.console();
    const auto db = h.db().string();

    // A second writer on the center's database stops and says where to send the change.
    const auto csv = h.dir() / "more.csv";
    std::ofstream(csv) << "id,rescue_code,region,address,district,lat,lon,using_unit,company\n"
                          "E3,777777,testcity,3 Test Road,Qinzhou,34.581,105.72,uu1,north\n";
    auto r = run_cli({"import", "--db", db, csv.string()}, h.dir());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("in use by a running lw-center"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("--console " + console), std::string::npos) << r.output;
    r = run_cli({"crew", "set", "--db", db, "north-near", "--lat", "34.6", "--lon", "105.7"}, h.dir());
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("in use by a running lw-center"), std::string::npos) << r.output;

    // Through the center: an elevators-only file whose company and using unit are registered.
    r = run_cli({"import", "--console", console, csv.string()}, h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output << h.center_log();
    EXPECT_NE(r.output.find("imported 1 elevators"), std::string::npos) << r.output;
    // In effect at once: a hotline call for the new elevator's rescue code is dispatched.
    r = run_cli({"alarm", "--console", console, "--rescue-code", "777777"}, h.dir());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ASSERT_TRUE(h.wait_order_for("north-near")) << h.center_log();
    EXPECT_EQ(h.orders_for("north-near").front().order.elevator_id(), "E3");

    // A file that refers to nothing known is refused whole, naming the record.
    const auto bad = h.dir() / "bad.csv";
    std::ofstream(bad) << "id,rescue_code,lat,lon,company\nE4,888888,34.5,105.7,south\n";
    r = run_cli({"import", "--console", console, bad.string()}, h.dir());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("unknown maintenance company 'south'"), std::string::npos) << r.output;

    // Stored: the database holds E3 (and not E4), read while the center still runs.
    {
        lw::center::store_reader reader(db);
        EXPECT_TRUE(reader.elevator("E3"));
        EXPECT_FALSE(reader.elevator("E4"));
    }
    EXPECT_EQ(h.stop_center(), 0);
    // Without a running center the direct path works again.
    r = run_cli({"crew", "set", "--db", db, "north-near", "--lat", "34.6", "--lon", "105.7"}, h.dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
