#include "lw/sim/city_gen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>

namespace lw::sim {
namespace {

struct district {
    const char* id;      // topic-safe short code
    const char* name;
    geo_point center;
    double radius_deg;   // urban area radius
};

constexpr district districts[] = {
    {"QZ", "Qinzhou", {34.5809, 105.7249}, 0.035},
    {"MJ", "Maiji", {34.5706, 105.8975}, 0.030},
};

// Named crowd places near which emergency workstations stand (Tianshui plan, implementation step 1).
struct place {
    const char* district;
    const char* kind;
    const char* name;
    geo_point at;
};
constexpr place places[] = {
    {"QZ", "hospital", "Tianshui First People's Hospital", {34.5797, 105.7186}},
    {"QZ", "school", "Tianshui No. 1 Middle School", {34.5838, 105.7297}},
    {"QZ", "mall", "Qinzhou Central Plaza mall", {34.5781, 105.7262}},
    {"QZ", "kindergarten", "Qinzhou Experimental Kindergarten", {34.5862, 105.7144}},
    {"QZ", "park", "Nanguo Temple park gate", {34.5698, 105.7205}},
    {"MJ", "station", "Tianshui South Railway Station", {34.5600, 105.9052}},
    {"MJ", "hospital", "Maiji District Hospital", {34.5729, 105.8921}},
    {"MJ", "mall", "Maiji Wanda mall", {34.5688, 105.8880}},
    {"MJ", "school", "Maiji No. 2 Middle School", {34.5751, 105.9010}},
    {"MJ", "station", "Tianshui Railway Station (Maiji)", {34.5661, 105.8944}},
    {"MJ", "kindergarten", "Maiji Sunshine Kindergarten", {34.5738, 105.8868}},
    {"MJ", "park", "Maiji Riverside Park", {34.5672, 105.9063}},
};

// Share of the buildings in Qinzhou (the larger, older district); the rest are in Maiji.
constexpr double qinzhou_share = 0.55;

const char* const company_names[] = {"Longyuan Elevator Service", "Qinzhou Lift Maintenance", "Maiji Anxin Elevator",
                                     "Gansu Tianyun Lift",       "Weihe Elevator Engineering", "Fuxi Vertical Transport",
                                     "Longnan Lift Care",         "Jiaxin Elevator Service"};
const char* const streets[] = {"Minzhu Road", "Jiefang Road", "Zhongshan Road", "Renmin Road", "Dazhong Road",
                               "Longchang Road", "Weibin Road", "Huangjin Road", "Yingbin Road", "Chengji Road"};
const char* const building_kinds[] = {"Residential Tower", "Office Building", "Hospital Block", "Shopping Center",
                                      "Apartment Block", "Hotel", "School Building", "Government Center"};
// Types other than machine-room-less, weighted: mostly traction with a machine room.
const char* const types[] = {"traction_machine_room", "traction_machine_room", "traction_machine_room", "hydraulic"};

geo_point jitter(std::mt19937_64& rng, geo_point c, double r) {
    std::uniform_real_distribution<double> u(0, 1);
    const double a = u(rng) * 2 * 3.14159265358979, d = r * std::sqrt(u(rng));
    return {c.lat_deg + d * std::sin(a), c.lon_deg + d * std::cos(a) / std::cos(c.lat_deg * 3.14159265358979 / 180)};
}

std::string pad(int n, int w) {
    char b[16];
    std::snprintf(b, sizeof b, "%0*d", w, n);
    return b;
}

}  // namespace

center::city generate_city(const city_options& o) {
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u(0, 1);
    center::city c;
    c.region = "tianshui";
    const int n_companies = std::max(2, std::min<int>(o.companies, std::size(company_names)));
    const int crews_per_company = std::max(1, o.crews_per_company);

    // Maintenance companies: each responsible for one district (分片包干), alternating, so both
    // districts have at least one company (n_companies >= 2).
    for (int i = 0; i < n_companies; ++i) {
        const auto& d = districts[i % 2];
        center::company_record r;
        r.id = "mc" + pad(i + 1, 2);
        r.name = company_names[i];
        r.phone = "0938-82" + pad(10000 + i * 137, 5);
        r.zones = {d.name};
        c.companies.push_back(r);
        for (int k = 0; k < crews_per_company; ++k) {
            center::crew_record cr;
            cr.id = r.id + "-c" + pad(k + 1, 2);
            cr.company_id = r.id;
            cr.kind = "maintenance";
            cr.name = r.name + " crew " + std::to_string(k + 1);
            cr.phone = "139" + pad(static_cast<int>(rng() % 100000000), 8);
            cr.position = jitter(rng, d.center, d.radius_deg);
            c.crews.push_back(cr);
        }
    }
    // Emergency workstations near crowd places, each with a professional rescue team.
    int ws_n = 0;
    for (const auto& p : places) {
        center::workstation_record w;
        w.id = "ws" + pad(++ws_n, 2);
        w.name = std::string(p.district) + " workstation " + std::to_string(ws_n);
        w.near = std::string(p.name) + " (" + p.kind + ")";
        w.district = p.district[0] == 'Q' ? "Qinzhou" : "Maiji";
        w.position = p.at;
        c.workstations.push_back(w);
        center::crew_record cr;
        cr.id = "rt" + pad(ws_n, 2);
        cr.company_id = "rescue";
        cr.kind = "rescue_team";
        cr.name = "Rescue team at " + w.name;
        cr.phone = "0938-96333";
        cr.workstation_id = w.id;
        cr.position = p.at;
        c.crews.push_back(cr);
    }
    // Expert team (inspection institute) and the 119 station.
    c.crews.push_back({"expert01", "experts", "expert", "Tianshui special-equipment inspection institute experts",
                       "0938-8211000", "", {34.5789, 105.7402}});
    c.crews.push_back({"fire119-qz", "119", "fire", "Qinzhou fire rescue station", "119", "", {34.5825, 105.7310}});
    c.crews.push_back({"fire119-mj", "119", "fire", "Maiji fire rescue station", "119", "", {34.5690, 105.8990}});

    // Buildings, each with a using unit and 1..2x elevators_per_building elevators.
    int made = 0, building = 0;
    while (made < o.elevators) {
        ++building;
        const bool rural = u(rng) < o.rural_share;
        const int district_index = u(rng) < qinzhou_share ? 0 : 1;
        const auto& d = districts[district_index];
        const geo_point at = jitter(rng, d.center, rural ? d.radius_deg * 4 : d.radius_deg);
        center::using_unit_record uu;
        uu.id = "uu" + pad(building, 5);
        uu.name = std::string(d.name) + " " + building_kinds[rng() % std::size(building_kinds)] + " " +
                  std::to_string(building);
        uu.person_in_charge = "Manager " + std::to_string(building);
        uu.phone = "138" + pad(static_cast<int>(rng() % 100000000), 8);
        c.using_units.push_back(uu);
        // The building's maintenance company: one of those whose zone is this district.
        std::vector<int> eligible;
        for (int i = 0; i < n_companies; ++i)
            if (i % 2 == district_index) eligible.push_back(i);
        const auto& company = c.companies[eligible[rng() % eligible.size()]];
        const int floors = 6 + static_cast<int>(rng() % 28);
        const int lifts = std::max(1, static_cast<int>(o.elevators_per_building * (0.5 + u(rng))));
        const std::string street = streets[rng() % std::size(streets)];
        const int number = 1 + static_cast<int>(rng() % 300);
        for (int k = 0; k < lifts && made < o.elevators; ++k) {
            ++made;
            center::elevator_record e;
            e.id = "TS-" + std::string(d.id) + "-" + pad(made, 5);
            e.rescue_code = pad(100000 + static_cast<int>(rng() % 900000), 6);
            e.region = c.region;
            e.address = std::to_string(number) + " " + street + ", " + d.name + " District, Tianshui (car " +
                        std::to_string(k + 1) + ")";
            e.district = d.name;
            const int gx = static_cast<int>((at.lat_deg - d.center.lat_deg + 0.2) / 0.01);
            const int gy = static_cast<int>((at.lon_deg - d.center.lon_deg + 0.2) / 0.01);
            e.grid = std::string(d.id) + "-" + pad(gx, 2) + pad(gy, 2);
            e.position = at;
            e.using_unit_id = uu.id;
            e.company_id = company.id;
            e.machine_room_less = u(rng) < o.machine_room_less_share;
            e.type = e.machine_room_less ? "machine_room_less" : types[rng() % std::size(types)];
            e.floors = floors;
            e.year = 2000 + static_cast<int>(rng() % 26);
            const int due_month = 1 + static_cast<int>(rng() % 12);
            e.inspection_due = std::string(rng() % 20 == 0 ? "2026" : "2027") + "-" + pad(due_month, 2) + "-15";
            e.maintenance_due = "2026-12-" + pad(1 + static_cast<int>(rng() % 28), 2);
            e.urban = !rural;
            c.elevators.push_back(e);
        }
    }
    return c;
}

city_options city_options_from(const scenario& sc) {
    city_options o;
    o.seed = sc.seed;
    o.elevators = sc.elevators;
    o.companies = sc.companies;
    o.crews_per_company = sc.crews_per_company;
    return o;
}

std::string apply_overrides(center::city& c, const std::vector<elevator_override>& overrides) {
    for (const auto& o : overrides) {
        auto e = std::find_if(c.elevators.begin(), c.elevators.end(),
                              [&](const center::elevator_record& r) { return r.id == o.elevator_id; });
        if (e == c.elevators.end())
            return "scenario line " + std::to_string(o.line) + ": no elevator '" + o.elevator_id + "' in the city";
        if (o.machine_room_less) e->machine_room_less = *o.machine_room_less;
        if (!o.type.empty()) e->type = o.type;
        else if (o.machine_room_less) e->type = *o.machine_room_less ? "machine_room_less" : "traction_machine_room";
    }
    return {};
}

std::string check_against_city(const scenario& sc, const center::city& c) {
    std::set<std::string> elevators;
    for (const auto& e : c.elevators) elevators.insert(e.id);
    // Every reference with its line, checked in the order of the file.
    std::vector<std::pair<int, std::string>> named;
    for (const auto& a : sc.actions) named.emplace_back(a.line, a.elevator_id);
    for (const auto& x : sc.expectations) named.emplace_back(x.line, x.elevator_id);
    for (const auto& o : sc.overrides) named.emplace_back(o.line, o.elevator_id);
    std::vector<std::pair<int, std::string>> problems;
    for (const auto& [line, id] : named)
        if (!elevators.count(id)) problems.emplace_back(line, "no elevator '" + id + "' in the city");
    for (const auto& r : sc.crews) {
        const bool any = std::any_of(c.crews.begin(), c.crews.end(),
                                     [&](const center::crew_record& cr) { return crew_matches(r.crew_id, cr.id); });
        if (!any) problems.emplace_back(r.line, "no crew '" + r.crew_id + "' in the city");
    }
    if (problems.empty()) return {};
    const auto first = std::min_element(problems.begin(), problems.end(),
                                        [](const auto& a, const auto& b) { return a.first < b.first; });
    return "line " + std::to_string(first->first) + ": " + first->second;
}

bool crew_matches(const std::string& pattern, const std::string& crew_id) {
    if (!pattern.empty() && pattern.back() == '*') return crew_id.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
    return pattern == crew_id;
}

}  // namespace lw::sim
