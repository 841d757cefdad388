// The real lw-sim binary refuses what it does not understand: exit code 2 and one line on
// stderr naming the option; --help lists the definitions.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lw/sim/cli.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/refusals.hpp"

namespace {
using lw::test::run_program;

TEST(sim_program, unknown_option_exits_2_naming_it) {
    const auto r = run_program("lw-sim", {"drill", "--scenaro", "x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-sim drill: unknown option '--scenaro' (see lw-sim drill --help)\n");
    EXPECT_EQ(r.out, "");
}

TEST(sim_program, bad_and_missing_values_exit_2_naming_the_option) {
    auto r = run_program("lw-sim", {"load", "--city", "c.json", "--connections", "many"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-sim load: option '--connections': 'many' is not a whole number (see lw-sim load --help)\n");
    r = run_program("lw-sim", {"city", "--elevators", "10"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-sim city: option '--out' is required (see lw-sim city --help)\n");
    r = run_program("lw-sim", {});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-sim: no command given (see lw-sim --help)\n");
}

TEST(sim_program, help_lists_every_command_and_their_options) {
    const auto& defs = lw::sim::cli_definitions();
    const auto top = run_program("lw-sim", {"--help"});
    EXPECT_EQ(top.exit_code, 0);
    for (const auto& name : defs.names()) {
        EXPECT_NE(top.out.find("lw-sim " + name), std::string::npos) << name;
        const auto h = run_program("lw-sim", {name, "--help"});
        EXPECT_EQ(h.exit_code, 0) << name;
        for (const auto& o : defs.find(name)->options())
            EXPECT_NE(h.out.find("--" + o.name), std::string::npos) << name << " --" << o.name << "\n" << h.out;
    }
    EXPECT_NE(run_program("lw-sim", {"drill", "--help"}).out.find("--manual-operator"), std::string::npos);
}

// Every command, every generic mistake (issue 9, item 13): one line naming it, exit 2.
TEST(sim_program, every_command_names_each_option_mistake_in_one_line) {
    const auto& defs = lw::sim::cli_definitions();
    for (const auto& name : defs.names()) {
        SCOPED_TRACE("lw-sim " + name);
        lw::test::expect_each_mistake_named_in_one_line("lw-sim", {name}, *defs.find(name),
                                                        {{"out", "city.json"}, {"scenario", "x.drill"}, {"city", "city.json"}});
    }
}

// Issue 9, item 11: a scenario is checked completely when it is read, by every command that
// reads one (city, drill): an unknown cause, elevator or crew is an error naming its line, exit
// 1, one line, nothing written and nothing connected.
TEST(sim_program, every_command_reading_a_scenario_names_an_unknown_cause_elevator_or_crew_with_its_line) {
    lw::test::temp_dir dir;
    const auto city = (dir.path() / "city.json").string();
    ASSERT_EQ(run_program("lw-sim", {"city", "--elevators", "8", "--seed", "7", "--out", city}).exit_code, 0);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"name bad\nat 30s entrapment TS-QZ-00001\noperator cause=banana\n",
         "line 3: unknown cause 'banana' (one of external, human, door_system, control_system, drive, power or other)"},
        {"name bad\nelevators 8\nseed 7\n\nat 30s entrapment TS-QZ-09999 between_floors\n",
         "line 5: no elevator 'TS-QZ-09999' in the city"},
        {"name bad\nelevators 8\nseed 7\nat 30s entrapment TS-QZ-00005\ncrew mc42-c01 silent\n",
         "line 5: no crew 'mc42-c01' in the city"},
    };
    int n = 0;
    for (const auto& [text, what] : cases) {
        const auto scenario = (dir.path() / ("bad" + std::to_string(++n) + ".drill")).string();
        std::ofstream(scenario) << text;
        SCOPED_TRACE(what);
        const auto out = (dir.path() / "out.json").string();
        const auto c = run_program("lw-sim", {"city", "--scenario", scenario, "--out", out});
        EXPECT_EQ(c.exit_code, 1);
        EXPECT_EQ(c.err.rfind("lw-sim: " + scenario + ": " + what, 0), 0u) << c.err;
        EXPECT_EQ(std::count(c.err.begin(), c.err.end(), '\n'), 1) << c.err;
        EXPECT_FALSE(std::filesystem::exists(out));
        // The drill checks before it looks for a center or a broker (none is running here).
        const auto d = run_program("lw-sim", {"drill", "--scenario", scenario, "--city", city, "--center",
                                              "127.0.0.1:1", "--broker", "127.0.0.1:1"});
        EXPECT_EQ(d.exit_code, 1);
        EXPECT_EQ(d.err.rfind("lw-sim: " + scenario + ": " + what, 0), 0u) << d.err;
        EXPECT_EQ(std::count(d.err.begin(), d.err.end(), '\n'), 1) << d.err;
    }
}

// A drill against a center that is not there stops at once with one line saying so (before,
// it connected the city and went on calling alarms into nothing).
TEST(sim_program, a_drill_against_an_unreachable_center_fails_at_once_in_one_line) {
    lw::test::temp_dir dir;
    lw::test::mosquitto_broker broker;
    const auto city = (dir.path() / "city.json").string();
    const auto scenario = std::string(LW_SOURCE_DIR) + "/scenarios/basic.drill";
    ASSERT_EQ(run_program("lw-sim", {"city", "--scenario", scenario, "--out", city}).exit_code, 0);
    const auto closed = lw::test::free_loopback_port();   // nobody listens there
    const auto center = "127.0.0.1:" + std::to_string(closed);
    const auto r = run_program("lw-sim", {"drill", "--scenario", scenario, "--city", city, "--center", center,
                                          "--broker", "127.0.0.1:" + std::to_string(broker.port())},
                               std::chrono::seconds{10});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.err.rfind("lw-sim: the center at " + center + " does not answer (", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("lw-center serve --clock drill"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "");
}

}  // namespace
