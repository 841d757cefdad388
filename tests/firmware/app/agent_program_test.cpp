// The real lw-agent binary refuses what it does not understand before it touches the outbox
// or the network: exit code 2, one line on stderr naming the option or key (and the file and
// line); --help lists the definitions.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lw/agent/app.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/refusals.hpp"

namespace {
using lw::test::run_program;

TEST(agent_program, unknown_option_exits_2_naming_it) {
    const auto r = run_program("lw-agent", {"--elevatr", "x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-agent: unknown option '--elevatr' (see lw-agent --help)\n");
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(run_program("lw-agent", {"--elevator_id", "E1", "stray"}).exit_code, 2);
}

TEST(agent_program, config_file_errors_exit_2_naming_key_file_and_line) {
    lw::test::temp_dir dir;
    const auto conf = dir.path() / "agent.conf";
    const auto outbox = dir.path() / "outbox.db";
    std::ofstream(conf) << "elevator_id = E1\n"
                        << "outbox = " << outbox.string() << "\n"
                        << "script = " << (dir.path() / "s.script").string() << "\n"
                        << "gpio.door_clsed = gpiochip0:5 active_low\n";
    std::ofstream(dir.path() / "s.script") << "0 floor=1\n";
    auto r = run_program("lw-agent", {"--config", conf.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-agent: " + conf.string() + ":4: unknown key 'gpio.door_clsed' (see lw-agent --help)\n");

    std::ofstream(conf) << "elevator_id = E1\n"
                        << "outbox = " << outbox.string() << "\n"
                        << "sample_hz = 1000\n";
    r = run_program("lw-agent", {"--config", conf.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-agent: " + conf.string() + ":3: key 'sample_hz': 1000 is outside 1..100 (see lw-agent --help)\n");
    EXPECT_FALSE(std::filesystem::exists(outbox));   // refused before the outbox was opened

    r = run_program("lw-agent", {"--elevator_id", "E1", "--sample_hz", "fast"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-agent: option '--sample_hz': 'fast' is not a whole number (see lw-agent --help)\n");
    r = run_program("lw-agent", {"--elevator_id", "E1", "--outbox", outbox.string(), "--tls_cert", "c.pem"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "lw-agent: tls_cert/tls_key need tls_ca (see lw-agent --help)\n");
}

TEST(agent_program, help_lists_every_key) {
    const auto r = run_program("lw-agent", {"--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    for (const auto& o : lw::agent::agent_definitions().options())
        EXPECT_NE(r.out.find("--" + o.name), std::string::npos) << o.name << "\n" << r.out;
}

// Every generic mistake (issue 9, item 13): one line naming it, exit 2, before anything starts.
TEST(agent_program, each_option_mistake_is_named_in_one_line) {
    lw::test::expect_each_mistake_named_in_one_line("lw-agent", {}, lw::agent::agent_definitions(),
                                                    {{"elevator_id", "E1"}});
}

}  // namespace
