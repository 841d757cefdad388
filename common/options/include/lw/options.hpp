#pragma once
// One option library for lw-center, lw-agent and lw-sim (on Boost.Program_options, which stays
// out of this header). A program defines its options once — name, value type, default, allowed
// range or words, help — and the same definitions serve the command line (--name value,
// --name=value), the config file ("name = value" lines, '#' comments; the command line wins)
// and the generated --help.
//
// parse() never throws on bad input: unknown options or config keys, missing values, values
// given twice, numbers that do not parse or are out of range, words not in the allowed set and
// failed checks all give an error whose message is one line naming the option (and the config
// file and line), e.g. "lw-center serve: unknown option '--ack-limt-s' (see lw-center serve
// --help)". Programs exit 2 on it (report() does that). Definitions that contradict themselves
// (a duplicate name, a default out of range) are programming errors: std::logic_error.
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lw::options {

enum class kind { flag, text, integer, real, word };

// One option. Build it with flag(), text(), integer(), real() or word() below.
struct option {
    std::string name;                       // without "--"; dots are fine ("gpio.door_closed")
    kind type = kind::text;
    std::string value_name;                 // for --help: FILE, N, HOST:PORT, wall|drill
    std::string help;
    std::optional<std::string> default_text;   // as it would be written; checked like a given value
    std::optional<double> min, max;         // integer, real: the allowed range, both ends included
    std::vector<std::string> words;         // word: the allowed values
    bool required = false;
    // Extra check of a given text value: "" when fine, else what is wrong ("port out of range").
    std::function<std::string(const std::string&)> check;

    option& defaults_to(std::string text);
    option& defaults_to(const char* text) { return defaults_to(std::string(text)); }
    option& defaults_to(long long v);
    option& defaults_to(int v) { return defaults_to(static_cast<long long>(v)); }
    option& defaults_to(double v);
    option& between(double lo, double hi);
    option& at_least(double lo);
    option& must_be_given();
    option& checked_by(std::function<std::string(const std::string&)> f);
};

option flag(std::string name, std::string help);                            // --name, no value
option text(std::string name, std::string value_name, std::string help);
option integer(std::string name, std::string help);                         // a whole number
option real(std::string name, std::string help);
option word(std::string name, std::vector<std::string> words, std::string help);

// The options of one program or one command. `program` names it in messages and --help
// ("lw-agent", "lw-center serve"). -h/--help is always defined.
class definitions {
public:
    definitions(std::string program, std::string summary);
    definitions& add(option o);
    // --name FILE reads "key = value" lines for every other option from FILE.
    definitions& config_file(std::string name, std::string help);
    // Words that are not options (an id, a file): between `min` and `max` of them. Default: none.
    definitions& arguments(std::string value_name, std::size_t min, std::size_t max);
    definitions& usage(std::string line);   // a synopsis line for --help (default "<program> [options]")
    definitions& note(std::string text);    // a paragraph after the options in --help

    const std::string& program() const { return program_; }
    const std::string& summary() const { return summary_; }
    const std::vector<option>& options() const { return options_; }
    const std::vector<std::string>& usage_lines() const { return usage_; }
    std::string help() const;

private:
    friend class parser;
    std::string program_, summary_;
    std::vector<option> options_;
    std::string config_option_;
    std::string arguments_name_;
    std::size_t arguments_min_ = 0, arguments_max_ = 0;
    std::vector<std::string> usage_, notes_;
};

// A program of several commands (lw-center serve, lw-center import, ...): the first word picks
// the command's definitions; "--help", "-h" or "help" there gives the list of commands.
class commands {
public:
    commands(std::string program, std::string summary);
    definitions& add(std::string command, std::string summary);   // stable reference
    const definitions* find(std::string_view command) const;
    const std::string& program() const { return program_; }
    std::vector<std::string> names() const;
    std::string help() const;

private:
    std::string program_, summary_;
    std::vector<std::pair<std::string, std::unique_ptr<definitions>>> commands_;
};

// Bad input found after parsing (options that contradict each other, a value the program's
// domain refuses). Its what() is the whole one-line message; programs exit 2 on it.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What parse() found. Accessors take an option's name; asking for an undefined name, or a
// number of an option that is neither given nor defaulted, is a std::logic_error.
class values {
public:
    const std::string& command() const { return command_; }   // with commands; "" otherwise
    bool given(std::string_view name) const;          // on the command line or in the config file
    std::string text(std::string_view name) const;    // given, else the default, else ""
    long long integer(std::string_view name) const;
    double real(std::string_view name) const;
    bool flag(std::string_view name) const;
    const std::vector<std::string>& arguments() const { return arguments_; }
    // How a message should name a given option: "option '--db'" or "FILE:LINE: key 'db'".
    std::string where(std::string_view name) const;
    // The error to throw for bad input found after parsing, in parse()'s one-line format.
    usage_error error(const std::string& what) const;

private:
    friend class parser;
    struct entry {
        const option* def = nullptr;
        bool given = false;
        std::string value;
        std::string file;   // "" for the command line
        int line = 0;       // in `file`; 0 when not known
    };
    const entry& find(std::string_view name) const;
    std::shared_ptr<const definitions> defs_;
    std::string command_;
    std::vector<entry> entries_;
    std::vector<std::string> arguments_;
};

class parse_result {
public:
    bool ok() const { return values_.has_value(); }
    const lw::options::values& values() const;   // only when ok()
    bool help_requested() const { return help_; }
    const std::string& message() const { return message_; }   // the help text, or the error line
    // Prints the help on `out` (returns 0) or the error line on `err` (returns 2); after a
    // successful parse prints nothing and returns 0.
    int report(std::ostream& out, std::ostream& err) const;

private:
    friend class parser;
    std::optional<lw::options::values> values_;
    bool help_ = false;
    std::string message_;
};

// Reads a config file: its text, or nullopt when it cannot be read. The default reads the disk.
using file_reader = std::function<std::optional<std::string>(const std::string& path)>;

// `args`: the words after the program's name (argv[1..]).
parse_result parse(const definitions& defs, const std::vector<std::string>& args, const file_reader& read = {});
parse_result parse(const commands& cmds, const std::vector<std::string>& args, const file_reader& read = {});
std::vector<std::string> arguments(int argc, const char* const* argv);

// What a program's main() does around its work: parse argv[1..] and run `fn` on the values.
// Exit codes: --help printed on stdout, 0; a bad option, its line on stderr, 2; `fn` throws
// usage_error, its message on stderr, 2; any other exception, "<program>: <what>" on stderr, 1;
// otherwise what `fn` returns. Definitions that contradict themselves still throw std::logic_error.
using main_function = std::function<int(const values&)>;
int run_main(int argc, const char* const* argv, const definitions& defs, const main_function& fn);
int run_main(int argc, const char* const* argv, const commands& cmds, const main_function& fn);
// The same on a parse already done, with the streams given (`program` names it in messages).
int run_main(const parse_result& parsed, const std::string& program, const main_function& fn, std::ostream& out,
             std::ostream& err);

}  // namespace lw::options
