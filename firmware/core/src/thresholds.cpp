#include "lw/agent/thresholds.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace lw::agent {
namespace {

struct threshold {
    std::string_view name;
    double min, max;            // accepted range, in the name's unit
    double (*get)(const detector_config&);
    void (*set)(detector_config&, double);
};

duration seconds_of(double s) { return duration{static_cast<std::int64_t>(std::llround(s * 1000))}; }
double in_seconds(duration d) { return static_cast<double>(d.count()) / 1000.0; }

// The ranges are those of lw-agent's own options (app.cpp) where it has one: what a board may be
// configured with at start it may be set to at run time, nothing wider.
constexpr std::array<threshold, 7> thresholds{{
    {"entrapment_between_floors_s", 1, 3600, [](const detector_config& c) { return in_seconds(c.entrapment_between_floors_after); },
     [](detector_config& c, double v) { c.entrapment_between_floors_after = seconds_of(v); }},
    {"entrapment_at_floor_s", 1, 3600, [](const detector_config& c) { return in_seconds(c.entrapment_at_floor_after); },
     [](detector_config& c, double v) { c.entrapment_at_floor_after = seconds_of(v); }},
    {"stopped_outside_door_zone_s", 1, 3600,
     [](const detector_config& c) { return in_seconds(c.stopped_outside_door_zone_after); },
     [](detector_config& c, double v) { c.stopped_outside_door_zone_after = seconds_of(v); }},
    {"alarm_button_hold_at_landing_s", 0.5, 60,
     [](const detector_config& c) { return in_seconds(c.alarm_button_hold_at_landing); },
     [](detector_config& c, double v) { c.alarm_button_hold_at_landing = seconds_of(v); }},
    {"repeat_suppression_s", 0, 86'400, [](const detector_config& c) { return in_seconds(c.repeat_suppression); },
     [](detector_config& c, double v) { c.repeat_suppression = seconds_of(v); }},
    {"battery_low_pct", 0, 100, [](const detector_config& c) { return static_cast<double>(c.battery_low_pct); },
     [](detector_config& c, double v) { c.battery_low_pct = static_cast<int>(std::lround(v)); }},
    {"rated_speed_mps", 0.1, 20, [](const detector_config& c) { return c.rated_speed_mps; },
     [](detector_config& c, double v) { c.rated_speed_mps = v; }},
}};

const threshold* find(const std::string& name) {
    for (const auto& t : thresholds)
        if (t.name == name) return &t;
    return nullptr;
}

std::string known_names() {
    std::string out;
    for (const auto& t : thresholds) out += (out.empty() ? "" : ", ") + std::string(t.name);
    return out;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

std::string apply_thresholds(detector_config& cfg, const std::map<std::string, std::string>& changes) {
    if (changes.empty()) return "no thresholds given (known: " + known_names() + ")";
    detector_config next = cfg;
    for (const auto& [name, text] : changes) {
        const auto* t = find(name);
        if (!t) return "unknown threshold '" + name + "' (known: " + known_names() + ")";
        double v = 0;
        std::size_t used = 0;
        try {
            v = std::stod(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != text.size() || !std::isfinite(v)) return name + "='" + text + "' is not a number";
        if (v < t->min || v > t->max)
            return name + "=" + text + " is out of range " + number(t->min) + ".." + number(t->max);
        t->set(next, v);
    }
    cfg = next;
    return {};
}

std::string describe_thresholds(const detector_config& cfg, const std::map<std::string, std::string>& names) {
    std::string out;
    for (const auto& [name, value] : names) {
        (void)value;
        if (const auto* t = find(name)) out += (out.empty() ? "" : ", ") + name + "=" + number(t->get(cfg));
    }
    return out;
}

}  // namespace lw::agent
