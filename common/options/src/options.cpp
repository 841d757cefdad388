#include "lw/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <ostream>
#include <sstream>

#include <boost/program_options.hpp>

namespace lw::options {
namespace po = boost::program_options;

namespace {

// The hidden option that collects the words that are not options.
constexpr const char* arguments_key = "lw.arguments";

std::string format_number(double v, kind type) {
    if (type == kind::integer) return std::to_string(static_cast<long long>(v));
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::optional<long long> to_integer(const std::string& s) {
    long long v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> to_real(const std::string& s) {
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::string join(const std::vector<std::string>& words, const char* sep) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
    return out;
}

std::string range_text(const option& o) {
    if (o.min && o.max) return format_number(*o.min, o.type) + ".." + format_number(*o.max, o.type);
    if (o.min) return ">= " + format_number(*o.min, o.type);
    if (o.max) return "<= " + format_number(*o.max, o.type);
    return {};
}

// What is wrong with `value` for `o` ("" when nothing).
std::string problem_with(const option& o, const std::string& value) {
    double number = 0;
    switch (o.type) {
    case kind::flag:
    case kind::text:
        break;
    case kind::integer:
        if (auto v = to_integer(value)) number = static_cast<double>(*v);
        else return "'" + value + "' is not a whole number";
        break;
    case kind::real:
        if (auto v = to_real(value)) number = *v;
        else return "'" + value + "' is not a number";
        break;
    case kind::word:
        if (std::find(o.words.begin(), o.words.end(), value) == o.words.end())
            return "'" + value + "' is not one of " + join(o.words, ", ");
        break;
    }
    if ((o.type == kind::integer || o.type == kind::real) &&
        ((o.min && number < *o.min) || (o.max && number > *o.max)))
        return value + " is outside " + range_text(o);
    if (o.check)
        if (auto why = o.check(value); !why.empty()) return why;
    return {};
}

std::string trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t\r"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
}

// The lines of a config file as Boost reads them (comment cut at '#', blanks trimmed, "[s]"
// sections prefixing "s."), so that an error Boost gives without a line can name one.
struct config_line {
    int number = 0;
    std::string key;     // "" for a line that is not "key = value"
    std::string text;
};
std::vector<config_line> index_config(const std::string& content) {
    std::vector<config_line> out;
    std::istringstream in(content);
    std::string line, prefix;
    for (int n = 1; std::getline(in, line); ++n) {
        if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
        line = trim(line);
        if (line.empty()) continue;
        if (line.front() == '[' && line.back() == ']') {
            prefix = trim(line.substr(1, line.size() - 2)) + ".";
            continue;
        }
        const auto eq = line.find('=');
        out.push_back({n, eq == std::string::npos ? std::string{} : prefix + trim(line.substr(0, eq)), line});
    }
    return out;
}

int line_of(const std::vector<config_line>& lines, const std::string& key, int occurrence = 1) {
    for (const auto& l : lines)
        if (!l.key.empty() && l.key == key && --occurrence == 0) return l.number;
    return 0;
}

std::string file_place(const std::string& file, int line) {
    return line > 0 ? file + ":" + std::to_string(line) : file;
}

std::optional<std::string> read_from_disk(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::stringstream ss;
    ss << f.rdbuf();
    if (f.bad()) return std::nullopt;
    return ss.str();
}

std::string help_line(const option& o) {
    std::vector<std::string> extra;
    if (o.default_text && !o.default_text->empty()) extra.push_back("default " + *o.default_text);
    if (const auto r = range_text(o); !r.empty()) extra.push_back(r);
    if (o.required) extra.push_back("required");
    return extra.empty() ? o.help : o.help + " (" + join(extra, "; ") + ")";
}

// "  --name VALUE   help..." with the help in a column, wrapped at `width`; a long name puts
// its help on the next line.
void format_option(std::ostream& out, const std::string& name, const std::string& help) {
    constexpr std::size_t column = 30, width = 100;
    std::string line = "  " + name;
    if (line.size() + 2 > column) {
        out << line << "\n";
        line.clear();
    }
    line.resize(column, ' ');
    std::istringstream words(help);
    bool first = true;
    for (std::string w; words >> w; first = false) {
        if (!first && line.size() + 1 + w.size() > width) {
            out << line << "\n";
            line = std::string(column, ' ');
            first = true;
        }
        line += (first ? "" : " ") + w;
    }
    out << line << "\n";
}

void check_definition(const option& o) {
    if (o.name.empty() || o.name.find_first_of(", =#") != std::string::npos || o.name.front() == '-')
        throw std::logic_error("option name '" + o.name + "' is not allowed");
    if (o.type == kind::word && o.words.empty()) throw std::logic_error("option '" + o.name + "' has no words");
    if (o.default_text && o.type != kind::flag)
        if (auto why = problem_with(o, *o.default_text); !why.empty())
            throw std::logic_error("default of option '" + o.name + "': " + why);
}

}  // namespace

option& option::defaults_to(std::string t) {
    default_text = std::move(t);
    return *this;
}
option& option::defaults_to(long long v) { return defaults_to(std::to_string(v)); }
option& option::defaults_to(double v) { return defaults_to(format_number(v, kind::real)); }
option& option::between(double lo, double hi) {
    min = lo;
    max = hi;
    return *this;
}
option& option::at_least(double lo) {
    min = lo;
    return *this;
}
option& option::must_be_given() {
    required = true;
    return *this;
}
option& option::checked_by(std::function<std::string(const std::string&)> f) {
    check = std::move(f);
    return *this;
}

namespace {
option make(std::string name, kind type, std::string value_name, std::string help) {
    option o;
    o.name = std::move(name);
    o.type = type;
    o.value_name = std::move(value_name);
    o.help = std::move(help);
    return o;
}
}  // namespace

option flag(std::string name, std::string help) { return make(std::move(name), kind::flag, "", std::move(help)); }
option text(std::string name, std::string value_name, std::string help) {
    return make(std::move(name), kind::text, std::move(value_name), std::move(help));
}
option integer(std::string name, std::string help) { return make(std::move(name), kind::integer, "N", std::move(help)); }
option real(std::string name, std::string help) { return make(std::move(name), kind::real, "X", std::move(help)); }
option word(std::string name, std::vector<std::string> words, std::string help) {
    auto o = make(std::move(name), kind::word, join(words, "|"), std::move(help));
    o.words = std::move(words);
    return o;
}

definitions::definitions(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {}

definitions& definitions::add(option o) {
    check_definition(o);
    if (o.name == "help" || o.name == config_option_ ||
        std::any_of(options_.begin(), options_.end(), [&](const option& x) { return x.name == o.name; }))
        throw std::logic_error("option '" + o.name + "' is defined twice for " + program_);
    options_.push_back(std::move(o));
    return *this;
}

definitions& definitions::config_file(std::string name, std::string help) {
    if (!config_option_.empty()) throw std::logic_error(program_ + " has two config file options");
    add(text(name, "FILE", std::move(help)));
    config_option_ = std::move(name);
    return *this;
}

definitions& definitions::arguments(std::string value_name, std::size_t min, std::size_t max) {
    if (min > max) throw std::logic_error("arguments of " + program_ + ": min > max");
    arguments_name_ = std::move(value_name);
    arguments_min_ = min;
    arguments_max_ = max;
    return *this;
}

definitions& definitions::usage(std::string line) {
    usage_.push_back(std::move(line));
    return *this;
}

definitions& definitions::note(std::string text) {
    notes_.push_back(std::move(text));
    return *this;
}

std::string definitions::help() const {
    std::ostringstream out;
    out << program_ << ": " << summary_ << "\n\nusage:\n";
    if (usage_.empty()) out << "  " << program_ << " [options]" << (arguments_name_.empty() ? "" : " " + arguments_name_) << "\n";
    for (const auto& u : usage_) out << "  " << u << "\n";
    out << "\noptions:\n";
    for (const auto& o : options_)
        format_option(out, "--" + o.name + (o.type == kind::flag ? "" : " " + o.value_name), help_line(o));
    format_option(out, "-h, --help", "print this help");
    for (const auto& n : notes_) out << "\n" << n << "\n";
    return out.str();
}

commands::commands(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {}

definitions& commands::add(std::string command, std::string summary) {
    if (find(command)) throw std::logic_error("command '" + command + "' is defined twice");
    auto d = std::make_unique<definitions>(program_ + " " + command, std::move(summary));
    auto& ref = *d;
    commands_.emplace_back(std::move(command), std::move(d));
    return ref;
}

const definitions* commands::find(std::string_view command) const {
    for (const auto& [name, d] : commands_)
        if (name == command) return d.get();
    return nullptr;
}

std::vector<std::string> commands::names() const {
    std::vector<std::string> out;
    for (const auto& c : commands_) out.push_back(c.first);
    return out;
}

std::string commands::help() const {
    std::ostringstream out;
    out << program_ << ": " << summary_ << "\n\nusage: " << program_ << " COMMAND [options]\n\ncommands:\n";
    for (const auto& [name, d] : commands_) {
        if (d->usage_lines().empty()) out << "  " << d->program() << " [options]\n";
        for (const auto& u : d->usage_lines()) out << "  " << u << "\n";
        out << "      " << d->summary() << "\n";
    }
    out << "\n'" << program_ << " COMMAND --help' lists the options of a command.\n";
    return out.str();
}

bool values::given(std::string_view name) const { return find(name).given; }

std::string values::text(std::string_view name) const {
    const auto& e = find(name);
    if (e.given) return e.value;
    return e.def->default_text.value_or("");
}

long long values::integer(std::string_view name) const {
    const auto& e = find(name);
    if (e.def->type != kind::integer) throw std::logic_error("option '" + e.def->name + "' is not an integer");
    if (!e.given && !e.def->default_text) throw std::logic_error("option '" + e.def->name + "' has no value");
    return *to_integer(text(name));   // checked by parse() (given) and add() (default)
}

double values::real(std::string_view name) const {
    const auto& e = find(name);
    if (e.def->type != kind::real) throw std::logic_error("option '" + e.def->name + "' is not a real number");
    if (!e.given && !e.def->default_text) throw std::logic_error("option '" + e.def->name + "' has no value");
    return *to_real(text(name));
}

bool values::flag(std::string_view name) const {
    const auto& e = find(name);
    if (e.def->type != kind::flag) throw std::logic_error("option '" + e.def->name + "' is not a flag");
    return e.given;
}

std::string values::where(std::string_view name) const {
    const auto& e = find(name);
    if (e.given && !e.file.empty()) return file_place(e.file, e.line) + ": key '" + e.def->name + "'";
    return "option '--" + e.def->name + "'";
}

usage_error values::error(const std::string& what) const {
    const auto& p = defs_->program();
    return usage_error(p + ": " + what + " (see " + p + " --help)");
}

const values::entry& values::find(std::string_view name) const {
    for (const auto& e : entries_)
        if (e.def->name == name) return e;
    throw std::logic_error("no option '" + std::string(name) + "' in " + defs_->program());
}

const values& parse_result::values() const {
    if (!values_) throw std::logic_error("parse_result::values() after a failed parse");
    return *values_;
}

int parse_result::report(std::ostream& out, std::ostream& err) const {
    if (help_) {
        out << message_;
        return 0;
    }
    if (ok()) return 0;
    err << message_ << "\n";
    return 2;
}

// Runs Boost.Program_options over the command line, then the config file, and checks every
// given value against its definition.
class parser {
public:
    static parse_result run(const definitions& d, const std::vector<std::string>& args, const file_reader& reader,
                            std::string command) {
        parse_result r;
        const auto program = d.program();
        auto fail = [&](const std::string& what) {
            r.message_ = program + ": " + what + " (see " + program + " --help)";
            return r;
        };
        for (const auto& a : args) {
            if (a == "--") break;
            if (a == "--help" || a == "-h") {
                r.help_ = true;
                r.message_ = d.help();
                return r;
            }
        }

        values v;
        v.defs_ = std::make_shared<const definitions>(d);
        v.command_ = std::move(command);
        for (const auto& o : v.defs_->options_) {
            values::entry e;
            e.def = &o;
            v.entries_.push_back(std::move(e));
        }
        auto entry_of = [&](const std::string& name) -> values::entry& {
            for (auto& e : v.entries_)
                if (e.def->name == name) return e;
            throw std::logic_error("Boost returned an undefined option " + name);
        };

        po::options_description cli_desc, file_desc;
        for (const auto& o : v.defs_->options_) {
            const bool file_too = o.name != d.config_option_;
            if (o.type == kind::flag) {
                cli_desc.add_options()(o.name.c_str(), "");
                if (file_too) file_desc.add_options()(o.name.c_str(), po::value<std::string>(), "");
            } else {
                cli_desc.add_options()(o.name.c_str(), po::value<std::string>(), "");
                if (file_too) file_desc.add_options()(o.name.c_str(), po::value<std::string>(), "");
            }
        }
        cli_desc.add_options()(arguments_key, po::value<std::vector<std::string>>(), "");
        po::positional_options_description positional;
        positional.add(arguments_key, -1);

        // The command line. No guessing: a prefix of a name ("--ack-limit") is unknown, not that option.
        po::parsed_options cli(&cli_desc);
        try {
            const int style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing &
                              ~po::command_line_style::allow_sticky;
            cli = po::command_line_parser(args).options(cli_desc).positional(positional).style(style).run();
        } catch (const po::unknown_option& e) {
            return fail("unknown option '" + e.get_option_name() + "'");
        } catch (const po::invalid_command_line_syntax& e) {
            if (e.kind() == po::invalid_syntax::missing_parameter)
                return fail("option '" + e.get_option_name() + "' needs a value");
            if (e.kind() == po::invalid_syntax::extra_parameter)
                return fail("option '" + e.get_option_name() + "' takes no value");
            return fail(e.what());
        } catch (const po::error& e) {
            return fail(e.what());
        }
        for (const auto& o : cli.options) {
            if (o.string_key == arguments_key) {
                v.arguments_.insert(v.arguments_.end(), o.value.begin(), o.value.end());
                continue;
            }
            auto& e = entry_of(o.string_key);
            if (e.given) return fail("option '--" + o.string_key + "' is given more than once");
            e.given = true;
            e.value = o.value.empty() ? std::string{} : o.value.front();
        }

        // The config file: fills what the command line did not give.
        if (!d.config_option_.empty() && entry_of(d.config_option_).given) {
            const auto file = entry_of(d.config_option_).value;
            const auto content = reader ? reader(file) : read_from_disk(file);
            if (!content) return fail("cannot read config file '" + file + "'");
            const auto lines = index_config(*content);
            po::parsed_options parsed(&file_desc);
            try {
                std::istringstream in(*content);
                parsed = po::parse_config_file(in, file_desc, false);
            } catch (const po::unknown_option& e) {
                std::string key = e.get_option_name();
                key.erase(0, key.find_first_not_of('-'));
                return fail(file_place(file, line_of(lines, key)) + ": unknown key '" + key + "'");
            } catch (const po::invalid_config_file_syntax& e) {
                for (const auto& l : lines)
                    if (l.key.empty()) return fail(file_place(file, l.number) + ": expected 'key = value', got '" + l.text + "'");
                return fail(file + ": " + e.what());
            } catch (const po::error& e) {
                return fail(file + ": " + e.what());
            }
            std::map<std::string, int> seen;
            for (const auto& o : parsed.options) {
                const int line = line_of(lines, o.string_key, ++seen[o.string_key]);
                if (seen[o.string_key] > 1)
                    return fail(file_place(file, line) + ": key '" + o.string_key + "' is given more than once");
                auto& e = entry_of(o.string_key);
                if (e.given) continue;   // the command line wins
                std::string value = o.value.empty() ? std::string{} : o.value.front();
                if (e.def->type == kind::flag) {
                    if (value == "false" || value == "0" || value == "no") continue;
                    if (value != "true" && value != "1" && value != "yes")
                        return fail(file_place(file, line) + ": key '" + o.string_key + "': '" + value +
                                    "' is not true or false");
                }
                e.given = true;
                e.value = std::move(value);
                e.file = file;
                e.line = line;
            }
        }

        for (const auto& e : v.entries_) {
            if (!e.given) {
                if (e.def->required) return fail("option '--" + e.def->name + "' is required");
                continue;
            }
            if (e.def->type == kind::flag) continue;
            if (auto why = problem_with(*e.def, e.value); !why.empty()) return fail(v.where(e.def->name) + ": " + why);
        }
        const auto n = v.arguments_.size();
        if (n > d.arguments_max_) {
            return fail("unexpected argument '" + v.arguments_[d.arguments_max_] + "'");
        }
        if (n < d.arguments_min_) return fail("expected " + d.arguments_name_);

        r.values_ = std::move(v);
        return r;
    }

    static parse_result run(const commands& cmds, const std::vector<std::string>& args, const file_reader& read) {
        parse_result r;
        const auto& program = cmds.program();
        auto fail = [&](const std::string& what) {
            r.message_ = program + ": " + what + " (see " + program + " --help)";
            return r;
        };
        if (args.empty()) return fail("no command given");
        const auto& cmd = args.front();
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            r.help_ = true;
            r.message_ = cmds.help();
            return r;
        }
        const auto* d = cmds.find(cmd);
        if (!d) return fail("unknown command '" + cmd + "'");
        return run(*d, {args.begin() + 1, args.end()}, read, cmd);
    }
};

parse_result parse(const definitions& defs, const std::vector<std::string>& args, const file_reader& read) {
    return parser::run(defs, args, read, {});
}

parse_result parse(const commands& cmds, const std::vector<std::string>& args, const file_reader& read) {
    return parser::run(cmds, args, read);
}

std::vector<std::string> arguments(int argc, const char* const* argv) {
    return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>{};
}

int run_main(const parse_result& parsed, const std::string& program, const main_function& fn, std::ostream& out,
             std::ostream& err) {
    if (!parsed.ok()) return parsed.report(out, err);   // --help: 0; bad options: 2
    try {
        return fn(parsed.values());
    } catch (const usage_error& e) {
        err << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << program << ": " << e.what() << "\n";
        return 1;
    }
}

int run_main(int argc, const char* const* argv, const definitions& defs, const main_function& fn) {
    return run_main(parse(defs, arguments(argc, argv)), defs.program(), fn, std::cout, std::cerr);
}

int run_main(int argc, const char* const* argv, const commands& cmds, const main_function& fn) {
    return run_main(parse(cmds, arguments(argc, argv)), cmds.program(), fn, std::cout, std::cerr);
}

}  // namespace lw::options
