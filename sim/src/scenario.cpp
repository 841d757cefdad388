#include "lw/sim/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>

#include "lw/agent/hal.hpp"
#include "lw/domain/rescue.hpp"

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
            else if (k == "elevators" && w.size() == 2) {
                sc.elevators = std::stoi(w[1]);
                if (sc.elevators < 1 || sc.elevators > 1000000) return err("elevators must be in [1, 1000000]");
            } else if (k == "companies" && w.size() == 2) {
                sc.companies = std::stoi(w[1]);
                if (sc.companies < 2 || sc.companies > 8) return err("companies must be in [2, 8]");
            } else if (k == "crews_per_company" && w.size() == 2) {
                sc.crews_per_company = std::stoi(w[1]);
                if (sc.crews_per_company < 1 || sc.crews_per_company > 100) return err("crews_per_company must be in [1, 100]");
            } else if (k == "elevator" && w.size() >= 3) {
                elevator_override o;
                o.elevator_id = w[1];
                o.line = n;
                for (std::size_t i = 2; i < w.size(); ++i) {
                    if (w[i] == "machine_room_less") o.machine_room_less = true;
                    else if (w[i].rfind("type=", 0) == 0 && w[i].size() > 5) {
                        o.type = w[i].substr(5);
                        o.machine_room_less = o.type == "machine_room_less";
                    } else return err("expected machine_room_less or type=T, got '" + w[i] + "'");
                }
                sc.overrides.push_back(o);
            } else if (k == "outage" && w.size() == 3) {
                auto from = parse_duration(w[1]), to = parse_duration(w[2]);
                if (!from || !to || *to <= *from) return err("outage needs FROM TO with FROM < TO");
                sc.outages.push_back({*from, *to, n});
            } else if (k == "random_entrapments" && w.size() >= 2) {
                random_entrapment_rule r;
                for (std::size_t i = 1; i < w.size(); ++i) {
                    const auto eq = w[i].find('=');
                    if (eq == std::string::npos) return err("expected key=value, got '" + w[i] + "'");
                    const auto key = w[i].substr(0, eq), val = w[i].substr(eq + 1);
                    if (key == "rate_per_month") r.rate_per_month = std::stod(val);
                    else if (key == "seed") r.seed = std::stoull(val);
                    else if (key == "people") r.people = std::stoi(val);
                    else if (key == "until") {
                        r.until = parse_duration(val);
                        if (!r.until) return err("bad duration '" + val + "'");
                    } else return err("unknown key '" + key + "'");
                }
                if (r.rate_per_month <= 0 || r.rate_per_month > 1) return err("rate_per_month must be in (0, 1]");
                sc.random_entrapments = r;
            } else if (k == "expect" && w.size() >= 3) {
                expectation x;
                x.elevator_id = w[1];
                x.step = w[2];
                x.line = n;
                if (!domain::parse<domain::timeline_step>(x.step))
                    return err("unknown timeline step '" + x.step + "' (one of " +
                               domain::names_list<domain::timeline_step>() + ")");
                for (std::size_t i = 3; i < w.size(); ++i) {
                    const auto eq = w[i].find('=');
                    if (eq == std::string::npos) return err("expected key=value, got '" + w[i] + "'");
                    const auto key = w[i].substr(0, eq), val = w[i].substr(eq + 1);
                    if (key == "match") {
                        x.match = val;
                        continue;
                    }
                    auto d = parse_duration(val);
                    if (!d) return err("bad duration '" + val + "'");
                    if (key == "at") x.at = d;
                    else if (key == "after") x.after = d;
                    else if (key == "within") x.within = d;
                    else return err("unknown key '" + key + "'");
                }
                if (x.at && x.after) return err("expect takes at= or after=, not both");
                sc.expectations.push_back(x);
            }
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
                else if (what == "fault") a.kind = action_kind::fault;
                else return err("unknown action '" + what + "'");
                for (; rest < w.size(); ++rest) {
                    const auto eq = w[rest].find('=');
                    if (eq == std::string::npos) return err("expected key=value, got '" + w[rest] + "'");
                    const auto key = w[rest].substr(0, eq), val = w[rest].substr(eq + 1);
                    if (a.kind == action_kind::fault) {
                        agent::car_sample probe;
                        if (auto e = agent::apply_field(probe, key, val); !e.empty()) return err(e);
                        a.fields.emplace_back(key, val);
                        continue;
                    }
                    if (key == "people") a.people = std::stoi(val);
                    else if (key == "caller") a.caller = val;
                    else if (key == "notes") {
                        a.notes = val;
                        std::replace(a.notes.begin(), a.notes.end(), '_', ' ');
                    } else return err("unknown key '" + key + "'");
                }
                if (a.kind == action_kind::fault && a.fields.empty()) return err("fault needs field=value settings");
                sc.actions.push_back(a);
            } else if (k == "crew" && w.size() >= 3) {
                crew_rule r{w[1], {w.begin() + 2, w.end()}, n};
                for (const auto& s : r.settings) {
                    const auto key = s.substr(0, s.find('='));
                    if (key != "silent" && key != "decline" && key != "cannot_handle" && key != "cannot_handle_mrl" &&
                        key != "ack_delay" && key != "on_site" && key != "extra_travel" && key != "speed_kmh" &&
                        key != "late")
                        return err("unknown crew setting '" + s + "'");
                    const bool timed = key == "ack_delay" || key == "on_site" || key == "extra_travel" || key == "late";
                    if (timed && !parse_duration(s.substr(std::min(s.size(), key.size() + 1))))
                        return err("bad duration in '" + s + "'");
                    if (key == "speed_kmh") {
                        const auto v = s.substr(std::min(s.size(), key.size() + 1));
                        std::size_t used = 0;
                        double kmh = 0;
                        try {
                            kmh = std::stod(v, &used);
                        } catch (const std::exception&) {
                            used = 0;
                        }
                        if (v.empty() || used != v.size() || kmh <= 0 || kmh > 200)
                            return err("speed_kmh must be a number in (0, 200], got '" + v + "'");
                    }
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
                    } else if (key == "cause") {
                        // The operator persona records it: a cause the center does not know would
                        // be refused at every attempt.
                        if (!domain::parse<domain::cause_category>(val))
                            return err("unknown cause '" + val + "' (one of " +
                                       domain::names_list<domain::cause_category>() + ")");
                        sc.cause = val;
                    }
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

std::string_view to_string(action_kind k) {
    switch (k) {
        case action_kind::entrapment: return "entrapment";
        case action_kind::hotline: return "hotline_96333";
        case action_kind::transfer_110: return "transfer_110";
        case action_kind::transfer_119: return "transfer_119";
        case action_kind::using_unit_call: return "using_unit";
        case action_kind::fault: return "fault";
    }
    return "?";
}

std::vector<scenario_action> draw_random_entrapments(const random_entrapment_rule& rule,
                                                     const std::vector<std::string>& elevator_ids, duration limit,
                                                     std::size_t max_count) {
    std::vector<scenario_action> out;
    if (elevator_ids.empty() || limit <= duration{}) return out;
    constexpr double month_s = 30.0 * 24 * 3600;
    const double per_s = rule.rate_per_month * static_cast<double>(elevator_ids.size()) / month_s;
    std::mt19937_64 rng(rule.seed);
    std::exponential_distribution<double> gap(per_s);
    std::uniform_int_distribution<std::size_t> pick(0, elevator_ids.size() - 1);
    std::bernoulli_distribution between(0.7);
    const double limit_s = std::chrono::duration<double>(limit).count();
    double t = 0;
    for (std::size_t draws = 0; out.size() < max_count && draws < 100 * max_count; ++draws) {
        t += gap(rng);
        if (t >= limit_s) break;
        scenario_action a;
        a.at = duration{static_cast<std::int64_t>(t * 1000)};
        a.kind = action_kind::entrapment;
        a.elevator_id = elevator_ids[pick(rng)];
        a.between_floors = between(rng);
        a.people = rule.people;
        if (std::any_of(out.begin(), out.end(), [&](const scenario_action& b) { return b.elevator_id == a.elevator_id; }))
            continue;   // one entrapment per elevator per drill
        out.push_back(a);
    }
    return out;
}

}  // namespace lw::sim
