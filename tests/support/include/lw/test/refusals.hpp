#pragma once
// The one-line refusal every program gives for a bad command line (common/options): exit 2,
// nothing on stdout, one line on stderr, "<program>: <what> (see <program> --help)". And a
// sweep of the generic ways to get a command's options wrong, for every command of a program.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lw/options.hpp"
#include "lw/test/broker.hpp"

namespace lw::test {

inline ::testing::AssertionResult refused_in_one_line(const program_run& r, const std::string& program,
                                                       const std::string& what) {
    const auto line = program + ": " + what + " (see " + program + " --help)\n";
    if (r.exit_code == 2 && r.out.empty() && r.err == line) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected exit 2 and the one line\n  " << line << "got exit "
                                         << r.exit_code << ", stdout '" << r.out << "', stderr '" << r.err << "'";
}

// `exe` run with `command` (the command word, or nothing for a program without commands) and
// `d`, its definitions: an unknown option; an option given last without its value (the first
// option that takes one); a word that
// is no number for every number option and no allowed word for every word option; more words
// than the command takes. `valid` holds valid values of the options the command requires, given
// in every case so that each case has exactly one thing wrong.
inline void expect_each_mistake_named_in_one_line(const std::string& exe, const std::vector<std::string>& command,
                                                  const lw::options::definitions& d,
                                                  const std::map<std::string, std::string>& valid) {
    namespace o = lw::options;
    std::vector<std::string> base = command;
    for (const auto& opt : d.options())
        if (opt.required) {
            ASSERT_TRUE(valid.count(opt.name)) << d.program() << ": give a valid value for --" << opt.name;
            base.push_back("--" + opt.name);
            base.push_back(valid.at(opt.name));
        }
    auto with = [&](std::vector<std::string> extra) {
        auto args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_program(exe, args);
    };
    EXPECT_TRUE(refused_in_one_line(with({"--no-such-option"}), d.program(), "unknown option '--no-such-option'"));
    bool value_missing_checked = false;
    for (const auto& opt : d.options()) {
        if (opt.type == o::kind::flag || opt.required) continue;
        if (!value_missing_checked) {   // the same code path for every option: once per command
            EXPECT_TRUE(refused_in_one_line(with({"--" + opt.name}), d.program(), "option '--" + opt.name + "' needs a value"));
            value_missing_checked = true;
        }
        std::string why;
        if (opt.type == o::kind::integer) why = "'many' is not a whole number";
        else if (opt.type == o::kind::real) why = "'many' is not a number";
        else if (opt.type == o::kind::word) {
            why = "'many' is not one of ";
            for (std::size_t i = 0; i < opt.words.size(); ++i) why += (i ? ", " : "") + opt.words[i];
        } else {
            continue;   // text: what is valid is the option's own check
        }
        EXPECT_TRUE(refused_in_one_line(with({"--" + opt.name, "many"}), d.program(), "option '--" + opt.name + "': " + why));
    }
    const auto r = with({"w1", "w2", "w3", "w4", "w5"});
    EXPECT_EQ(r.exit_code, 2) << d.program() << ": " << r.err;
    EXPECT_EQ(r.out, "") << d.program();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << d.program() << ": " << r.err;
    EXPECT_NE(r.err.find("unexpected argument 'w"), std::string::npos) << d.program() << ": " << r.err;
}

}  // namespace lw::test
