#include "lw/center/city_json.hpp"

#include <nlohmann/json.hpp>

#include <set>

#include "lw/domain/rescue.hpp"
#include "lw/topics.hpp"

namespace lw::center {
namespace {
using json = nlohmann::json;

json pos(geo_point p) { return json{{"lat", p.lat_deg}, {"lon", p.lon_deg}}; }

geo_point read_pos(const json& j) {
    return geo_point{j.at("lat").get<double>(), j.at("lon").get<double>()};
}

std::string str(const json& j, const char* k) { return j.contains(k) ? j.at(k).get<std::string>() : std::string{}; }
}  // namespace

std::string to_json(const city& c, int indent) {
    json j;
    j["region"] = c.region;
    j["companies"] = json::array();
    for (const auto& x : c.companies)
        j["companies"].push_back({{"id", x.id}, {"name", x.name}, {"phone", x.phone}, {"zones", x.zones}});
    j["using_units"] = json::array();
    for (const auto& x : c.using_units)
        j["using_units"].push_back(
            {{"id", x.id}, {"name", x.name}, {"person_in_charge", x.person_in_charge}, {"phone", x.phone}});
    j["workstations"] = json::array();
    for (const auto& x : c.workstations) {
        json w = {{"id", x.id}, {"name", x.name}, {"near", x.near}, {"district", x.district}};
        w.update(pos(x.position));
        j["workstations"].push_back(w);
    }
    j["crews"] = json::array();
    for (const auto& x : c.crews) {
        json w = {{"id", x.id},     {"company", x.company_id}, {"kind", x.kind},
                  {"name", x.name}, {"phone", x.phone},        {"workstation", x.workstation_id}};
        w.update(pos(x.position));
        j["crews"].push_back(w);
    }
    j["elevators"] = json::array();
    for (const auto& x : c.elevators) {
        json w = {{"id", x.id},
                  {"rescue_code", x.rescue_code},
                  {"region", x.region},
                  {"address", x.address},
                  {"district", x.district},
                  {"grid", x.grid},
                  {"using_unit", x.using_unit_id},
                  {"company", x.company_id},
                  {"type", x.type},
                  {"machine_room_less", x.machine_room_less},
                  {"floors", x.floors},
                  {"year", x.year},
                  {"inspection_due", x.inspection_due},
                  {"maintenance_due", x.maintenance_due},
                  {"urban", x.urban}};
        w.update(pos(x.position));
        j["elevators"].push_back(w);
    }
    return j.dump(indent);
}

std::string parse_city(const std::string& text, city& out, const registry* known) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return "not valid JSON";
    city c;
    std::string where = "city";
    try {
        c.region = j.value("region", std::string("tianshui"));
        for (const auto& x : j.value("companies", json::array())) {
            where = "company " + x.dump();
            company_record r{str(x, "id"), str(x, "name"), str(x, "phone"),
                             x.value("zones", std::vector<std::string>{}), x.value("star_rating", 0)};
            c.companies.push_back(std::move(r));
        }
        for (const auto& x : j.value("using_units", json::array())) {
            where = "using unit " + x.dump();
            c.using_units.push_back({str(x, "id"), str(x, "name"), str(x, "person_in_charge"), str(x, "phone")});
        }
        for (const auto& x : j.value("workstations", json::array())) {
            where = "workstation " + x.dump();
            c.workstations.push_back({str(x, "id"), str(x, "name"), str(x, "near"), str(x, "district"), read_pos(x)});
        }
        for (const auto& x : j.value("crews", json::array())) {
            where = "crew " + x.dump();
            c.crews.push_back({str(x, "id"), str(x, "company"), x.value("kind", std::string("maintenance")),
                               str(x, "name"), str(x, "phone"), str(x, "workstation"), read_pos(x)});
        }
        for (const auto& x : j.value("elevators", json::array())) {
            where = "elevator " + x.value("id", std::string("?"));
            elevator_record e;
            e.id = str(x, "id");
            e.rescue_code = str(x, "rescue_code");
            e.region = x.value("region", c.region);
            e.address = str(x, "address");
            e.district = str(x, "district");
            e.grid = str(x, "grid");
            e.position = read_pos(x);
            e.using_unit_id = str(x, "using_unit");
            e.company_id = str(x, "company");
            e.type = x.value("type", std::string("traction_machine_room"));
            e.machine_room_less = x.value("machine_room_less", e.type == "machine_room_less");
            e.floors = x.value("floors", 0);
            e.year = x.value("year", 0);
            e.inspection_due = str(x, "inspection_due");
            e.maintenance_due = str(x, "maintenance_due");
            e.urban = x.value("urban", true);
            c.elevators.push_back(std::move(e));
        }
    } catch (const std::exception& e) {
        return where + ": " + e.what();
    }
    // Validation: ids unique and usable as topic levels, references resolve, coordinates sane.
    auto check_pos = [](geo_point p) { return p.lat_deg >= -90 && p.lat_deg <= 90 && p.lon_deg >= -180 && p.lon_deg <= 180; };
    std::set<std::string> companies, units, stations, ids;
    // References resolve to this file's records, or to those already registered.
    auto company_known = [&](const std::string& id) { return companies.count(id) || (known && known->company(id)); };
    auto unit_known = [&](const std::string& id) { return units.count(id) || (known && known->using_unit(id)); };
    for (const auto& x : c.companies) {
        if (!topics::valid_level(x.id) || !companies.insert(x.id).second) return "company id '" + x.id + "' is empty, duplicated or not topic-safe";
    }
    for (const auto& x : c.using_units)
        if (x.id.empty() || !units.insert(x.id).second) return "using unit id '" + x.id + "' is empty or duplicated";
    for (const auto& x : c.workstations)
        if (x.id.empty() || !stations.insert(x.id).second || !check_pos(x.position)) return "workstation '" + x.id + "' has a bad id or position";
    for (const auto& x : c.crews) {
        if (!topics::valid_level(x.id) || !ids.insert(x.id).second) return "crew id '" + x.id + "' is empty, duplicated or not topic-safe";
        if (!topics::valid_level(x.company_id)) return "crew " + x.id + ": company '" + x.company_id + "' is not topic-safe";
        if (x.kind == "maintenance" && !company_known(x.company_id)) return "crew " + x.id + ": unknown company '" + x.company_id + "'";
        if (!domain::parse<domain::crew_kind>(x.kind)) return "crew " + x.id + ": unknown kind '" + x.kind + "'";
        if (!check_pos(x.position)) return "crew " + x.id + ": position out of range";
    }
    ids.clear();
    for (const auto& x : c.elevators) {
        if (!topics::valid_level(x.id) || !ids.insert(x.id).second) return "elevator id '" + x.id + "' is empty, duplicated or not topic-safe";
        if (!company_known(x.company_id)) return "elevator " + x.id + ": unknown maintenance company '" + x.company_id + "'";
        if (!x.using_unit_id.empty() && !unit_known(x.using_unit_id)) return "elevator " + x.id + ": unknown using unit '" + x.using_unit_id + "'";
        if (!check_pos(x.position)) return "elevator " + x.id + ": position out of range";
    }
    out = std::move(c);
    return {};
}

}  // namespace lw::center
