// The real lw-center binary refuses what it does not understand: exit code 2, one line on
// stderr naming the option (and the config file and line), nothing started; --help lists the
// definitions.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "lw/center/cli/commands.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/refusals.hpp"

namespace {
using lw::test::run_program;

TEST(center_program, unknown_option_exits_2_naming_it) {
    const auto r = run_program("lw-center", {"serve", "--ack-limt-s", "5"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-center serve: unknown option '--ack-limt-s' (see lw-center serve --help)\n");
    EXPECT_EQ(r.out, "");
    // The brief's example: a valid option first does not let the misspelt one through.
    EXPECT_EQ(run_program("lw-center", {"serve", "--tls-ca", "x", "--ack-limt-s", "5"}).exit_code, 2);
    const auto op = run_program("lw-center", {"incidents", "--db", "x.db", "--opne"});
    EXPECT_EQ(op.exit_code, 2);
    EXPECT_NE(op.err.find("unknown option '--opne'"), std::string::npos) << op.err;
}

TEST(center_program, bad_and_missing_values_exit_2_naming_the_option) {
    auto r = run_program("lw-center", {"serve", "--ack-limit-s", "abc"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-center serve: option '--ack-limit-s': 'abc' is not a whole number (see lw-center serve --help)\n");
    r = run_program("lw-center", {"serve", "--clock", "fast"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("option '--clock': 'fast' is not one of wall, drill"), std::string::npos) << r.err;
    r = run_program("lw-center", {"serve", "--db"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("option '--db' needs a value"), std::string::npos) << r.err;
    r = run_program("lw-center", {"sreve"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-center: unknown command 'sreve' (see lw-center --help)\n");
}

TEST(center_program, config_file_with_an_unknown_key_exits_2_naming_key_file_and_line) {
    lw::test::temp_dir dir;
    const auto conf = dir.path() / "center.conf";
    std::ofstream(conf) << "# lw-center serve\n"
                        << "db = " << (dir.path() / "c.db").string() << "\n"
                        << "ack-limt-s = 5\n";
    auto r = run_program("lw-center", {"serve", "--config", conf.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-center serve: " + conf.string() + ":3: unknown key 'ack-limt-s' (see lw-center serve --help)\n");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "c.db"));   // refused before anything started

    std::ofstream(conf) << "ack-limit-s = soon\n";
    r = run_program("lw-center", {"serve", "--config", conf.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(conf.string() + ":1: key 'ack-limit-s': 'soon' is not a whole number"), std::string::npos)
        << r.err;
    r = run_program("lw-center", {"serve", "--config", (dir.path() / "none.conf").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("cannot read config file"), std::string::npos) << r.err;
}

TEST(center_program, help_lists_every_command_and_their_options) {
    const auto& defs = lw::center::cli::definitions();
    const auto top = run_program("lw-center", {"--help"});
    EXPECT_EQ(top.exit_code, 0);
    EXPECT_EQ(top.err, "");
    for (const auto& name : defs.names()) {
        EXPECT_NE(top.out.find("lw-center " + name), std::string::npos) << name;
        const auto h = run_program("lw-center", {name, "--help"});
        EXPECT_EQ(h.exit_code, 0) << name;
        for (const auto& o : defs.find(name)->options())
            EXPECT_NE(h.out.find("--" + o.name), std::string::npos) << name << " --" << o.name << "\n" << h.out;
    }
}

// Every command, every generic mistake (issue 9, item 13): one line naming it, exit 2.
TEST(center_program, every_command_names_each_option_mistake_in_one_line) {
    const auto& defs = lw::center::cli::definitions();
    for (const auto& name : defs.names()) {
        SCOPED_TRACE("lw-center " + name);
        lw::test::expect_each_mistake_named_in_one_line("lw-center", {name}, *defs.find(name),
                                                        {{"console", "127.0.0.1:1"}});
    }
}

// The words after the options: a missing or malformed id, an unknown action, a wrong verb.
TEST(center_program, every_argument_mistake_is_named_in_one_line) {
    using lw::test::refused_in_one_line;
    const std::string c = "127.0.0.1:1";
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"timeline", "--db", "D"}), "lw-center timeline", "expected ID"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"timeline", "--db", "D", "abc"}), "lw-center timeline",
                                    "incident id must be a positive number: 'abc'"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"timeline", "--db", "D", "99999999999999999999"}),
                                    "lw-center timeline", "incident id must be a positive number: '99999999999999999999'"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"act", "--console", c, "1"}), "lw-center act",
                                    "expected ID ACTION"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"act", "--console", c, "x1", "close"}), "lw-center act",
                                    "incident id must be a positive number: 'x1'"));
    EXPECT_TRUE(refused_in_one_line(
        run_program("lw-center", {"act", "--console", c, "1", "banana"}), "lw-center act",
        "action must be callback, cause=CATEGORY, handover, close or false_alarm, got 'banana'"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"elevator", "--db", "D"}), "lw-center elevator",
                                    "expected show ID"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"elevator", "--db", "D", "list", "E1"}),
                                    "lw-center elevator", "expected 'show ID', got 'list'"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"crew", "--db", "D"}), "lw-center crew", "expected set ID"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"import", "--db", "D"}), "lw-center import", "expected FILE"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"wait", "--console", "127.0.0.1"}), "lw-center wait",
                                    "option '--console': '127.0.0.1' is not HOST:PORT"));
    EXPECT_TRUE(refused_in_one_line(run_program("lw-center", {"wait"}), "lw-center wait", "option '--console' is required"));
}

// lw-center wait, with nobody listening: exit 1 after the timeout, one line naming the console.
TEST(center_program, wait_names_the_console_that_did_not_answer_within_the_timeout) {
    const auto port = std::to_string(lw::test::free_loopback_port());
    const auto started = std::chrono::steady_clock::now();
    const auto r = run_program("lw-center", {"wait", "--console", "127.0.0.1:" + port, "--timeout-s", "1"});
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("lw-center: no answer from the console at 127.0.0.1:" + port + " within 1 s (", 0), 0u)
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_GE(took, std::chrono::milliseconds{900});
    EXPECT_LT(took, std::chrono::seconds{5});
}

}  // namespace
