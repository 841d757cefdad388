// The real lw-sim binary refuses what it does not understand: exit code 2 and one line on
// stderr naming the option; --help lists the definitions.
#include <gtest/gtest.h>

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

}  // namespace
