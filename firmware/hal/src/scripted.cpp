#include <algorithm>
#include <sstream>

#include "lw/agent/hal.hpp"

namespace lw::agent {
namespace {

bool parse_bool(const std::string& v, bool& out) {
    if (v == "1" || v == "true" || v == "yes" || v == "on") return out = true, true;
    if (v == "0" || v == "false" || v == "no" || v == "off") return out = false, true;
    return false;
}

}  // namespace

std::string apply_field(car_sample& s, const std::string& f, const std::string& v) {
    bool b = false;
    try {
        if (f == "moving" || f == "in_door_zone" || f == "occupied" || f == "alarm_button" || f == "mains_ok" ||
            f == "safety_circuit_ok" || f == "door_lock_ok" || f == "overload" || f == "brake_ok") {
            if (!parse_bool(v, b)) return "'" + v + "' is not a boolean for " + f;
            if (f == "moving") s.moving = b;
            else if (f == "in_door_zone") s.in_door_zone = b;
            else if (f == "occupied") s.occupied = b;
            else if (f == "alarm_button") s.alarm_button = b;
            else if (f == "mains_ok") s.mains_ok = b;
            else if (f == "safety_circuit_ok") s.safety_circuit_ok = b;
            else if (f == "door_lock_ok") s.door_lock_ok = b;
            else if (f == "overload") s.overload = b;
            else s.brake_ok = b;
            return {};
        }
        if (f == "door") {
            static const std::pair<const char*, door_state> names[] = {
                {"closed", door_state::closed}, {"opening", door_state::opening}, {"open", door_state::open},
                {"closing", door_state::closing}, {"locked", door_state::locked},
                {"not_fully_closed", door_state::not_fully_closed}};
            for (const auto& [n, d] : names)
                if (v == n) return s.door = d, std::string{};
            return "unknown door state '" + v + "'";
        }
        if (f == "mode") {
            static const std::pair<const char*, service_mode> names[] = {
                {"normal", service_mode::normal}, {"inspection", service_mode::inspection},
                {"fire_return", service_mode::fire_return}, {"firefighter", service_mode::firefighter},
                {"emergency_power", service_mode::emergency_power}, {"earthquake", service_mode::earthquake},
                {"out_of_service", service_mode::out_of_service}};
            for (const auto& [n, m] : names)
                if (v == n) return s.mode = m, std::string{};
            return "unknown service mode '" + v + "'";
        }
        if (f == "direction") {
            if (v == "up") s.direction = travel_direction::up;
            else if (v == "down") s.direction = travel_direction::down;
            else if (v == "none") s.direction = travel_direction::none;
            else return "unknown direction '" + v + "'";
            return {};
        }
        if (f == "floor") {
            if (v == "lost") s.floor.reset();
            else s.floor = std::stoi(v);
            return {};
        }
        if (f == "battery_pct") return s.battery_pct = std::stoi(v), std::string{};
        if (f == "speed_mps") return s.speed_mps = std::stod(v), std::string{};
        if (f == "temperature_c") return s.temperature_c = std::stod(v), std::string{};
    } catch (const std::exception&) {
        return "'" + v + "' is not a number for " + f;
    }
    return "unknown field '" + f + "'";
}

std::optional<car_sample> scripted_sensor::read(timestamp now) {
    while (next_ < script_.size() && script_[next_].at <= now) {
        apply_field(current_, script_[next_].field, script_[next_].value);
        ++next_;
    }
    current_.at = now;
    return current_;
}

std::string scripted_sensor::load_script(const std::string& text, timestamp start) {
    std::istringstream in(text);
    std::string line;
    int line_no = 0;
    std::vector<change> changes;
    while (std::getline(in, line)) {
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        std::istringstream ls(line);
        double t_s = 0;
        if (!(ls >> t_s)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            return "line " + std::to_string(line_no) + ": expected '<seconds> field=value ...'";
        }
        std::string kv;
        while (ls >> kv) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos) return "line " + std::to_string(line_no) + ": '" + kv + "' is not field=value";
            car_sample probe;
            if (auto err = apply_field(probe, kv.substr(0, eq), kv.substr(eq + 1)); !err.empty())
                return "line " + std::to_string(line_no) + ": " + err;
            changes.push_back({start + std::chrono::duration_cast<duration>(std::chrono::duration<double>(t_s)),
                               kv.substr(0, eq), kv.substr(eq + 1)});
        }
    }
    std::stable_sort(changes.begin(), changes.end(), [](const change& a, const change& b) { return a.at < b.at; });
    script_ = std::move(changes);
    next_ = 0;
    return {};
}

}  // namespace lw::agent
