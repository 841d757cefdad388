#pragma once
// Internal to lw_center_store: the registry (companies, using units, workstations, crews,
// elevators). Reads for every connection; import_city and set_crew_position for the writer.
#include <optional>
#include <string>
#include <vector>

#include "lw/center/registry.hpp"
#include "sqlite_support.hpp"

namespace lw::center::detail {

class registry_tables {
public:
    explicit registry_tables(SQLite::Database& db);

    // All or nothing, in one transaction; the error text says what failed.
    std::string import_city(const city& c);
    // Error text when the crew is unknown.
    std::string set_crew_position(const std::string& crew_id, geo_point p);

    std::vector<elevator_record> elevators();
    std::optional<elevator_record> elevator(const std::string& id);
    std::vector<crew_record> crews();
    std::vector<company_record> companies();
    std::vector<using_unit_record> using_units();
    std::vector<workstation_record> workstations();

private:
    SQLite::Database& db_;
    cached_statement upsert_company_, upsert_using_unit_, upsert_workstation_, upsert_crew_, upsert_elevator_,
        crew_position_, elevators_, elevator_one_, crews_, companies_, using_units_, workstations_;
};

}  // namespace lw::center::detail
