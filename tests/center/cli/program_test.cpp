// The real lw-center binary refuses what it does not understand: exit code 2, one line on
// stderr naming the option (and the config file and line), nothing started; --help lists the
// definitions.
#include <gtest/gtest.h>

#include <fstream>

#include "lw/center/cli/commands.hpp"
#include "lw/test/broker.hpp"

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

}  // namespace
