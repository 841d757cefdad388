#pragma once
// Pure text work of the operator commands: reading elevator CSV files and formatting what the
// store returns. No I/O.
#include <string>
#include <vector>

#include "lw/center/store.hpp"

namespace lw::center::cli {

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

// Elevators from CSV text whose header names the city JSON's elevator keys (id, rescue_code,
// region, address, district, grid, lat, lon, using_unit, company, type, machine_room_less,
// floors, year, inspection_due, maintenance_due, urban): a JSON array of elevator objects in
// `json_out`. Returns "" or what is wrong ("line 3: column lat is not valid: 'x'").
std::string csv_elevators_to_json(const std::string& csv_text, std::string& json_out);

// The elevator's dossier: registry data with its using unit and maintenance company, then its
// incidents and faults (newest first, as given).
std::string format_dossier(const elevator_record& e, const std::vector<using_unit_record>& units,
                           const std::vector<company_record>& companies, const std::vector<incident_row>& incidents,
                           const std::vector<fault_row>& faults);

// verify's report: one TAMPERED line per problem, OK/FAILED with the count, the chain head.
std::string format_verify(const verify_result& v, const std::string& db_path);

}  // namespace lw::center::cli
