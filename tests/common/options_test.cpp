#include "lw/options.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace {
namespace o = lw::options;

o::definitions serve_like() {
    o::definitions d("lw-test serve", "run something");
    d.config_file("config", "read key = value lines");
    d.add(o::text("db", "FILE", "database").defaults_to("var/x.db"));
    d.add(o::integer("ack-limit-s", "acknowledge within").between(1, 86400).defaults_to(180));
    d.add(o::real("road-factor", "road / straight line").between(1, 10).defaults_to(1.4));
    d.add(o::word("clock", {"wall", "drill"}, "which clock").defaults_to("wall"));
    d.add(o::integer("floor", "a floor").between(-10, 500));
    d.add(o::real("lat", "latitude").between(-90, 90));
    d.add(o::text("gpio.door_closed", "SPEC", "a dotted key"));
    d.add(o::text("broker", "HOST:PORT", "broker").checked_by([](const std::string& s) {
        return s.find(':') == std::string::npos ? "'" + s + "' is not HOST:PORT" : std::string{};
    }));
    d.add(o::flag("open", "only open ones"));
    d.add(o::text("password", "TEXT", "may be empty"));
    return d;
}

// Config files from memory: unit tests read no disk.
o::file_reader files(std::map<std::string, std::string> m) {
    return [m](const std::string& path) -> std::optional<std::string> {
        auto f = m.find(path);
        if (f == m.end()) return std::nullopt;
        return f->second;
    };
}

std::string error_of(const o::parse_result& r) {
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.help_requested());
    return r.message();
}

TEST(options, defaults_when_nothing_is_given) {
    const auto r = o::parse(serve_like(), {});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& v = r.values();
    EXPECT_FALSE(v.given("db"));
    EXPECT_EQ(v.text("db"), "var/x.db");
    EXPECT_EQ(v.integer("ack-limit-s"), 180);
    EXPECT_DOUBLE_EQ(v.real("road-factor"), 1.4);
    EXPECT_EQ(v.text("clock"), "wall");
    EXPECT_EQ(v.text("broker"), "");
    EXPECT_FALSE(v.flag("open"));
    EXPECT_THROW(v.integer("floor"), std::logic_error);   // neither given nor defaulted
    EXPECT_THROW(v.text("nonsense"), std::logic_error);
    EXPECT_THROW(v.integer("db"), std::logic_error);
}

TEST(options, given_values_of_every_kind) {
    const auto r = o::parse(serve_like(), {"--db", "a b.db", "--ack-limit-s=5", "--road-factor", "2.5", "--clock",
                                           "drill", "--floor", "-2", "--lat", "-33.5", "--open", "--gpio.door_closed",
                                           "gpiochip0:5 active_low", "--broker", "h:1"});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& v = r.values();
    EXPECT_TRUE(v.given("db"));
    EXPECT_EQ(v.text("db"), "a b.db");
    EXPECT_EQ(v.integer("ack-limit-s"), 5);
    EXPECT_DOUBLE_EQ(v.real("road-factor"), 2.5);
    EXPECT_EQ(v.text("clock"), "drill");
    EXPECT_EQ(v.integer("floor"), -2);
    EXPECT_DOUBLE_EQ(v.real("lat"), -33.5);
    EXPECT_TRUE(v.flag("open"));
    EXPECT_EQ(v.text("gpio.door_closed"), "gpiochip0:5 active_low");
    EXPECT_EQ(v.where("db"), "option '--db'");
}

TEST(options, unknown_options_are_refused_with_their_name) {
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--db", "x", "--ack-limt-s", "5"})),
              "lw-test serve: unknown option '--ack-limt-s' (see lw-test serve --help)");
    // No guessing: a prefix of a defined name is not that option.
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--ack-limit", "5"})),
              "lw-test serve: unknown option '--ack-limit' (see lw-test serve --help)");
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--gpio.door_clsed", "x"})),
              "lw-test serve: unknown option '--gpio.door_clsed' (see lw-test serve --help)");
    EXPECT_NE(error_of(o::parse(serve_like(), {"-x"})).find("unknown option '-x'"), std::string::npos);
}

TEST(options, missing_and_extra_values) {
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--db"})),
              "lw-test serve: option '--db' needs a value (see lw-test serve --help)");
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--open=1"})),
              "lw-test serve: option '--open' takes no value (see lw-test serve --help)");
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--db", "a", "--db", "b"})),
              "lw-test serve: option '--db' is given more than once (see lw-test serve --help)");
}

TEST(options, bad_values_name_the_option) {
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--ack-limit-s", "abc"})),
              "lw-test serve: option '--ack-limit-s': 'abc' is not a whole number (see lw-test serve --help)");
    EXPECT_NE(error_of(o::parse(serve_like(), {"--ack-limit-s", "5s"})).find("'5s' is not a whole number"),
              std::string::npos);
    EXPECT_NE(error_of(o::parse(serve_like(), {"--ack-limit-s", "0"})).find("option '--ack-limit-s': 0 is outside 1..86400"),
              std::string::npos);
    EXPECT_NE(error_of(o::parse(serve_like(), {"--road-factor", "fast"})).find("'fast' is not a number"),
              std::string::npos);
    EXPECT_NE(error_of(o::parse(serve_like(), {"--road-factor", "nan"})).find("'nan' is not a number"),
              std::string::npos);
    EXPECT_NE(error_of(o::parse(serve_like(), {"--road-factor", "10.5"})).find("10.5 is outside 1..10"),
              std::string::npos);
    EXPECT_NE(error_of(o::parse(serve_like(), {"--clock", "sundial"})).find("option '--clock': 'sundial' is not one of wall, drill"),
              std::string::npos);
    EXPECT_NE(error_of(o::parse(serve_like(), {"--broker", "nowhere"})).find("option '--broker': 'nowhere' is not HOST:PORT"),
              std::string::npos);
}

TEST(options, config_file_fills_what_the_command_line_does_not_give) {
    const auto r = o::parse(serve_like(), {"--config", "c.conf", "--db", "cli.db"},
                            files({{"c.conf", "# comment line\n"
                                              "db = file.db\n"
                                              "ack-limit-s = 60     # inline comment\n"
                                              "\n"
                                              "gpio.door_closed   =  gpiochip0:5  active_low\n"
                                              "password =\n"}}));
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& v = r.values();
    EXPECT_EQ(v.text("db"), "cli.db");   // the command line wins
    EXPECT_EQ(v.integer("ack-limit-s"), 60);
    EXPECT_EQ(v.text("gpio.door_closed"), "gpiochip0:5  active_low");
    EXPECT_TRUE(v.given("password"));
    EXPECT_EQ(v.text("password"), "");
    EXPECT_EQ(v.where("ack-limit-s"), "c.conf:3: key 'ack-limit-s'");
    EXPECT_EQ(v.where("db"), "option '--db'");
}

TEST(options, config_file_errors_name_the_file_line_and_key) {
    const auto parse_file = [](const std::string& text) {
        return o::parse(serve_like(), {"--config", "c.conf"}, files({{"c.conf", text}}));
    };
    EXPECT_EQ(error_of(parse_file("db = x\n# note\nack-limt-s = 5\n")),
              "lw-test serve: c.conf:3: unknown key 'ack-limt-s' (see lw-test serve --help)");
    EXPECT_EQ(error_of(parse_file("ack-limit-s = 1000000\n")),
              "lw-test serve: c.conf:1: key 'ack-limit-s': 1000000 is outside 1..86400 (see lw-test serve --help)");
    EXPECT_EQ(error_of(parse_file("db = x\njust words\n")),
              "lw-test serve: c.conf:2: expected 'key = value', got 'just words' (see lw-test serve --help)");
    EXPECT_EQ(error_of(parse_file("db = x\ndb = y\n")),
              "lw-test serve: c.conf:2: key 'db' is given more than once (see lw-test serve --help)");
    EXPECT_NE(error_of(parse_file("config = other.conf\n")).find("c.conf:1: unknown key 'config'"), std::string::npos);
    EXPECT_NE(error_of(parse_file("help = 1\n")).find("unknown key 'help'"), std::string::npos);
    EXPECT_NE(error_of(parse_file("open = maybe\n")).find("c.conf:1: key 'open': 'maybe' is not true or false"),
              std::string::npos);
    EXPECT_EQ(error_of(o::parse(serve_like(), {"--config", "missing.conf"}, files({}))),
              "lw-test serve: cannot read config file 'missing.conf' (see lw-test serve --help)");
    const auto flags = parse_file("open = true\n");
    ASSERT_TRUE(flags.ok()) << flags.message();
    EXPECT_TRUE(flags.values().flag("open"));
}

TEST(options, arguments_and_required_options) {
    o::definitions d("lw-test act", "act on an incident");
    d.arguments("ID ACTION", 2, 2);
    d.add(o::text("console", "HOST:PORT", "the running center").must_be_given());
    EXPECT_EQ(error_of(o::parse(d, {"1", "close"})),
              "lw-test act: option '--console' is required (see lw-test act --help)");
    EXPECT_EQ(error_of(o::parse(d, {"--console", "h:1", "1"})), "lw-test act: expected ID ACTION (see lw-test act --help)");
    EXPECT_EQ(error_of(o::parse(d, {"--console", "h:1", "1", "close", "now"})),
              "lw-test act: unexpected argument 'now' (see lw-test act --help)");
    const auto r = o::parse(d, {"1", "--console", "h:1", "cause=human"});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.values().arguments(), (std::vector<std::string>{"1", "cause=human"}));
    // Without arguments() a stray word is refused too.
    EXPECT_NE(error_of(o::parse(serve_like(), {"stray"})).find("unexpected argument 'stray'"), std::string::npos);
}

TEST(options, help_is_generated_from_the_definitions) {
    const auto d = serve_like();
    for (const auto& args : {std::vector<std::string>{"--help"}, {"--db", "x", "-h"}, {"--ack-limt-s", "5", "--help"}}) {
        const auto r = o::parse(d, args);
        EXPECT_FALSE(r.ok());
        EXPECT_TRUE(r.help_requested());
        EXPECT_EQ(r.message(), d.help());
    }
    const auto h = d.help();
    for (const auto& opt : d.options()) EXPECT_NE(h.find("--" + opt.name), std::string::npos) << opt.name << "\n" << h;
    EXPECT_NE(h.find("lw-test serve: run something"), std::string::npos) << h;
    EXPECT_NE(h.find("--db FILE"), std::string::npos) << h;
    EXPECT_NE(h.find("(default var/x.db)"), std::string::npos) << h;
    EXPECT_NE(h.find("(default 180; 1..86400)"), std::string::npos) << h;
    EXPECT_NE(h.find("--clock wall|drill"), std::string::npos) << h;
    EXPECT_NE(h.find("--help"), std::string::npos) << h;
}

TEST(options, report_prints_help_on_out_and_errors_on_err) {
    std::ostringstream out, err;
    EXPECT_EQ(o::parse(serve_like(), {"--help"}).report(out, err), 0);
    EXPECT_NE(out.str().find("--ack-limit-s"), std::string::npos);
    EXPECT_TRUE(err.str().empty());
    out.str("");
    EXPECT_EQ(o::parse(serve_like(), {"--nope"}).report(out, err), 2);
    EXPECT_TRUE(out.str().empty());
    EXPECT_EQ(err.str(), "lw-test serve: unknown option '--nope' (see lw-test serve --help)\n");
    out.str("");
    err.str("");
    EXPECT_EQ(o::parse(serve_like(), {"--db", "x"}).report(out, err), 0);
    EXPECT_TRUE(out.str().empty());
    EXPECT_TRUE(err.str().empty());
}

TEST(options, commands_pick_their_definitions) {
    o::commands c("lw-test", "a test program");
    c.add("serve", "run it").add(o::integer("n", "a number").defaults_to(3));
    c.add("show", "show one").arguments("ID", 1, 1).usage("lw-test show ID");
    EXPECT_EQ(error_of(o::parse(c, {})), "lw-test: no command given (see lw-test --help)");
    EXPECT_EQ(error_of(o::parse(c, {"srve"})), "lw-test: unknown command 'srve' (see lw-test --help)");
    EXPECT_EQ(error_of(o::parse(c, {"show"})), "lw-test show: expected ID (see lw-test show --help)");
    const auto r = o::parse(c, {"serve", "--n", "7"});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.values().command(), "serve");
    EXPECT_EQ(r.values().integer("n"), 7);
    EXPECT_EQ(r.values().error("bad n").what(), std::string("lw-test serve: bad n (see lw-test serve --help)"));
    for (const auto& top : {"--help", "-h", "help"}) {
        const auto h = o::parse(c, {top});
        EXPECT_TRUE(h.help_requested());
        EXPECT_NE(h.message().find("lw-test show ID"), std::string::npos) << h.message();
        EXPECT_NE(h.message().find("run it"), std::string::npos) << h.message();
    }
    const auto sh = o::parse(c, {"serve", "--help"});
    EXPECT_TRUE(sh.help_requested());
    EXPECT_NE(sh.message().find("--n N"), std::string::npos) << sh.message();
}

TEST(options, contradictory_definitions_are_programming_errors) {
    o::definitions d("p", "s");
    d.add(o::text("db", "FILE", "x"));
    EXPECT_THROW(d.add(o::text("db", "FILE", "again")), std::logic_error);
    EXPECT_THROW(d.add(o::text("help", "X", "reserved")), std::logic_error);
    EXPECT_THROW(d.add(o::integer("n", "x").between(1, 10).defaults_to(11)), std::logic_error);
    EXPECT_THROW(d.add(o::word("w", {"a", "b"}, "x").defaults_to("c")), std::logic_error);
    EXPECT_THROW(d.add(o::text("a,b", "X", "comma")), std::logic_error);
}

TEST(options, run_main_maps_help_bad_options_and_errors_to_exit_codes) {
    std::ostringstream out, err;
    int runs = 0;
    const o::main_function fn = [&](const o::values& v) {
        ++runs;
        if (v.text("db") == "usage") throw v.error("--db usage is refused");
        if (v.text("db") == "boom") throw std::runtime_error("cannot open boom");
        return static_cast<int>(v.integer("ack-limit-s"));
    };
    auto run = [&](std::vector<std::string> args) {
        out.str("");
        err.str("");
        return o::run_main(o::parse(serve_like(), args), "lw-test", fn, out, err);
    };
    EXPECT_EQ(run({"--ack-limit-s", "7"}), 7);
    EXPECT_TRUE(out.str().empty());
    EXPECT_TRUE(err.str().empty());
    EXPECT_EQ(run({"--help"}), 0);
    EXPECT_NE(out.str().find("--ack-limit-s"), std::string::npos);
    EXPECT_EQ(run({"--nope"}), 2);
    EXPECT_EQ(err.str(), "lw-test serve: unknown option '--nope' (see lw-test serve --help)\n");
    EXPECT_EQ(runs, 1);   // neither --help nor a bad option runs it
    EXPECT_EQ(run({"--db", "usage"}), 2);
    EXPECT_EQ(err.str(), "lw-test serve: --db usage is refused (see lw-test serve --help)\n");
    EXPECT_EQ(run({"--db", "boom"}), 1);
    EXPECT_EQ(err.str(), "lw-test: cannot open boom\n");
}

}  // namespace
