#include "lw/sim/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace lw::sim {

std::optional<duration> parse_duration(const std::string& s) {
    if (s.empty()) return std::nullopt;
    double total_s = 0;
    std::size_t i = 0;
    bool any = false;
    while (i < s.size()) {
        std::size_t j = i;
        while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
        if (j == i) return std::nullopt;
        double v = 0;
        try {
            v = std::stod(s.substr(i, j - i));
        } catch (const std::exception&) {
            return std::nullopt;
        }
        double unit = 1;
        if (j < s.size()) {
            const char u = s[j];
            if (u == 's') unit = 1;
            else if (u == 'm') unit = 60;
            else if (u == 'h') unit = 3600;
            else return std::nullopt;
            ++j;
        }
        total_s += v * unit;
        any = true;
        i = j;
    }
    if (!any) return std::nullopt;
    return duration{static_cast<std::int64_t>(total_s * 1000)};
}

std::string parse_scenario(const std::string& text, scenario& out) {
    scenario sc;
    std::istringstream in(text);
    std::string line;
    int n = 0;
    auto err = [&](const std::string& what) { return "line " + std::to_string(n) + ": " + what; };
    while (std::getline(in, line)) {
        ++n;
        if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
        std::istringstream ls(line);
        std::vector<std::string> w;
        for (std::string x; ls >> x;) w.push_back(x);
        if (w.empty()) continue;
        const auto& k = w[0];
        try {
            if (k == "name" && w.size() == 2) sc.name = w[1];
            else if (k == "seed" && w.size() == 2) sc.seed = std::stoull(w[1]);
            else if (k == "elevators" && w.size() == 2) sc.elevators = std::stoi(w[1]);
            else if (k == "scale" && w.size() == 2) {
                sc.scale = std::stod(w[1]);
                if (sc.scale <= 0 || sc.scale > 10000) return err("scale must be in (0, 10000]");
            } else if (k == "duration" && w.size() == 2) {
                auto d = parse_duration(w[1]);
                if (!d) return err("bad duration '" + w[1] + "'");
                sc.limit = *d;
            } else if (k == "at" && w.size() >= 4) {
                scenario_action a;
                a.line = n;
                auto d = parse_duration(w[1]);
                if (!d) return err("bad time '" + w[1] + "'");
                a.at = *d;
                const auto& what = w[2];
                a.elevator_id = w[3];
                std::size_t rest = 4;
                if (what == "entrapment") {
                    a.kind = action_kind::entrapment;
                    if (w.size() > 4 && (w[4] == "between_floors" || w[4] == "at_floor")) {
                        a.between_floors = w[4] == "between_floors";
                        rest = 5;
                    }
                } else if (what == "hotline") a.kind = action_kind::hotline;
                else if (what == "transfer_110") a.kind = action_kind::transfer_110;
                else if (what == "transfer_119") a.kind = action_kind::transfer_119;
                else if (what == "using_unit") a.kind = action_kind::using_unit_call;
                else return err("unknown action '" + what + "'");
                for (; rest < w.size(); ++rest) {
                    const auto eq = w[rest].find('=');
                    if (eq == std::string::npos) return err("expected key=value, got '" + w[rest] + "'");
                    const auto key = w[rest].substr(0, eq), val = w[rest].substr(eq + 1);
                    if (key == "people") a.people = std::stoi(val);
                    else if (key == "caller") a.caller = val;
                    else if (key == "notes") {
                        a.notes = val;
                        std::replace(a.notes.begin(), a.notes.end(), '_', ' ');
                    } else return err("unknown key '" + key + "'");
                }
                sc.actions.push_back(a);
            } else if (k == "crew" && w.size() >= 3) {
                crew_rule r{w[1], {w.begin() + 2, w.end()}, n};
                for (const auto& s : r.settings) {
                    const auto key = s.substr(0, s.find('='));
                    if (key != "silent" && key != "decline" && key != "cannot_handle" && key != "cannot_handle_mrl" &&
                        key != "ack_delay" && key != "on_site" && key != "extra_travel" && key != "speed_kmh")
                        return err("unknown crew setting '" + s + "'");
                }
                sc.crews.push_back(r);
            } else if (k == "operator" && w.size() >= 2) {
                for (std::size_t i = 1; i < w.size(); ++i) {
                    const auto eq = w[i].find('=');
                    const auto key = w[i].substr(0, eq), val = eq == std::string::npos ? "" : w[i].substr(eq + 1);
                    if (key == "callback_after") {
                        auto d = parse_duration(val);
                        if (!d) return err("bad duration '" + val + "'");
                        sc.callback_after = *d;
                    } else if (key == "cause") sc.cause = val;
                    else return err("unknown operator setting '" + w[i] + "'");
                }
            } else {
                return err("cannot read '" + line + "'");
            }
        } catch (const std::exception&) {
            return err("bad number in '" + line + "'");
        }
    }
    std::stable_sort(sc.actions.begin(), sc.actions.end(),
                     [](const scenario_action& a, const scenario_action& b) { return a.at < b.at; });
    out = std::move(sc);
    return {};
}

}  // namespace lw::sim
