#include "registry_tables.hpp"

#include <SQLiteCpp/Transaction.h>

#include <nlohmann/json.hpp>

namespace lw::center::detail {
namespace {
using json = nlohmann::json;

constexpr const char* elevator_columns =
    "SELECT id, rescue_code, region, address, district, grid, lat, lon, using_unit_id, company_id, type, "
    "machine_room_less, floors, year, inspection_due, maintenance_due, urban FROM elevators ";

elevator_record read_elevator(const SQLite::Statement& s) {
    elevator_record e;
    e.id = text(s, 0);
    e.rescue_code = text(s, 1);
    e.region = text(s, 2);
    e.address = text(s, 3);
    e.district = text(s, 4);
    e.grid = text(s, 5);
    e.position = {dbl(s, 6), dbl(s, 7)};
    e.using_unit_id = text(s, 8);
    e.company_id = text(s, 9);
    e.type = text(s, 10);
    e.machine_room_less = i64(s, 11) != 0;
    e.floors = static_cast<int>(i64(s, 12));
    e.year = static_cast<int>(i64(s, 13));
    e.inspection_due = text(s, 14);
    e.maintenance_due = text(s, 15);
    e.urban = i64(s, 16) != 0;
    return e;
}

crew_record read_crew(const SQLite::Statement& s) {
    return {text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4), text(s, 5), {dbl(s, 6), dbl(s, 7)}};
}

company_record read_company(const SQLite::Statement& s) {
    company_record c{text(s, 0), text(s, 1), text(s, 2), {}, static_cast<int>(i64(s, 4))};
    auto z = json::parse(text(s, 3), nullptr, false);
    if (z.is_array())
        for (auto& v : z)
            if (v.is_string()) c.zones.push_back(v.get<std::string>());
    return c;
}

using_unit_record read_using_unit(const SQLite::Statement& s) { return {text(s, 0), text(s, 1), text(s, 2), text(s, 3)}; }

workstation_record read_workstation(const SQLite::Statement& s) {
    return {text(s, 0), text(s, 1), text(s, 2), text(s, 3), {dbl(s, 4), dbl(s, 5)}};
}

}  // namespace

registry_tables::registry_tables(SQLite::Database& db)
    : db_(db),
      upsert_company_(db, "INSERT OR REPLACE INTO companies(id, name, phone, zones, star_rating) "
                          "VALUES(:id, :name, :phone, :zones, :stars)"),
      upsert_using_unit_(db, "INSERT OR REPLACE INTO using_units(id, name, person_in_charge, phone) "
                             "VALUES(:id, :name, :person, :phone)"),
      upsert_workstation_(db, "INSERT OR REPLACE INTO workstations(id, name, near, district, lat, lon) "
                              "VALUES(:id, :name, :near, :district, :lat, :lon)"),
      upsert_crew_(db, "INSERT OR REPLACE INTO crews(id, company_id, kind, name, phone, workstation_id, lat, lon) "
                       "VALUES(:id, :company, :kind, :name, :phone, :ws, :lat, :lon)"),
      upsert_elevator_(db,
                       "INSERT OR REPLACE INTO elevators(id, rescue_code, region, address, district, grid, lat, lon, "
                       "using_unit_id, company_id, type, machine_room_less, floors, year, inspection_due, "
                       "maintenance_due, urban) VALUES(:id, :code, :region, :address, :district, :grid, :lat, :lon, "
                       ":unit, :company, :type, :mrl, :floors, :year, :insp, :maint, :urban)"),
      crew_position_(db, "UPDATE crews SET lat = :lat, lon = :lon WHERE id = :id"),
      elevators_(db, std::string(elevator_columns) + "ORDER BY id"),
      elevator_one_(db, std::string(elevator_columns) + "WHERE id = :id"),
      crews_(db, "SELECT id, company_id, kind, name, phone, workstation_id, lat, lon FROM crews ORDER BY id"),
      companies_(db, "SELECT id, name, phone, zones, star_rating FROM companies ORDER BY id"),
      using_units_(db, "SELECT id, name, person_in_charge, phone FROM using_units ORDER BY id"),
      workstations_(db, "SELECT id, name, near, district, lat, lon FROM workstations ORDER BY id") {}

std::string registry_tables::import_city(const city& c) {
    try {
        SQLite::Transaction t(db_, SQLite::TransactionBehavior::IMMEDIATE);
        for (const auto& x : c.companies) {
            scoped_use s(upsert_company_);
            s->bind(":id", x.id);
            s->bind(":name", x.name);
            s->bind(":phone", x.phone);
            s->bind(":zones", json(x.zones).dump());
            s->bind(":stars", x.star_rating);
            s->exec();
        }
        for (const auto& x : c.using_units) {
            scoped_use s(upsert_using_unit_);
            s->bind(":id", x.id);
            s->bind(":name", x.name);
            s->bind(":person", x.person_in_charge);
            s->bind(":phone", x.phone);
            s->exec();
        }
        for (const auto& x : c.workstations) {
            scoped_use s(upsert_workstation_);
            s->bind(":id", x.id);
            s->bind(":name", x.name);
            s->bind(":near", x.near);
            s->bind(":district", x.district);
            s->bind(":lat", x.position.lat_deg);
            s->bind(":lon", x.position.lon_deg);
            s->exec();
        }
        for (const auto& x : c.crews) {
            scoped_use s(upsert_crew_);
            s->bind(":id", x.id);
            s->bind(":company", x.company_id);
            s->bind(":kind", x.kind);
            s->bind(":name", x.name);
            s->bind(":phone", x.phone);
            s->bind(":ws", x.workstation_id);
            s->bind(":lat", x.position.lat_deg);
            s->bind(":lon", x.position.lon_deg);
            s->exec();
        }
        for (const auto& x : c.elevators) {
            scoped_use s(upsert_elevator_);
            s->bind(":id", x.id);
            s->bind(":code", x.rescue_code);
            s->bind(":region", x.region);
            s->bind(":address", x.address);
            s->bind(":district", x.district);
            s->bind(":grid", x.grid);
            s->bind(":lat", x.position.lat_deg);
            s->bind(":lon", x.position.lon_deg);
            s->bind(":unit", x.using_unit_id);
            s->bind(":company", x.company_id);
            s->bind(":type", x.type);
            bind_bool(*s, ":mrl", x.machine_room_less);
            s->bind(":floors", x.floors);
            s->bind(":year", x.year);
            s->bind(":insp", x.inspection_due);
            s->bind(":maint", x.maintenance_due);
            bind_bool(*s, ":urban", x.urban);
            s->exec();
        }
        t.commit();
    } catch (const std::exception& e) {
        return std::string("import failed, nothing changed: ") + e.what();
    }
    return {};
}

std::string registry_tables::set_crew_position(const std::string& crew_id, geo_point p) {
    try {
        scoped_use s(crew_position_);
        s->bind(":lat", p.lat_deg);
        s->bind(":lon", p.lon_deg);
        s->bind(":id", crew_id);
        if (s->exec() == 0) return "no crew '" + crew_id + "'";
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::vector<elevator_record> registry_tables::elevators() { return all_rows(elevators_, read_elevator); }

std::optional<elevator_record> registry_tables::elevator(const std::string& id) {
    scoped_use s(elevator_one_);
    s->bind(":id", id);
    return first_row(*s, read_elevator);
}

std::vector<crew_record> registry_tables::crews() { return all_rows(crews_, read_crew); }

std::vector<company_record> registry_tables::companies() { return all_rows(companies_, read_company); }

std::vector<using_unit_record> registry_tables::using_units() { return all_rows(using_units_, read_using_unit); }

std::vector<workstation_record> registry_tables::workstations() { return all_rows(workstations_, read_workstation); }

}  // namespace lw::center::detail
