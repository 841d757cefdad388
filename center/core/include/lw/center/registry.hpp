#pragma once
// The center's registry: who and what it knows (Tianshui dossier, DESIGN §1). Plain data.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lw/geo.hpp"

namespace lw::center {

struct company_record {
    std::string id;
    std::string name;
    std::string phone;
    std::vector<std::string> zones;   // districts / grid cells it is responsible for (分片包干)
    int star_rating = 0;              // 0 = not yet rated
};

struct using_unit_record {
    std::string id;
    std::string name;
    std::string person_in_charge;
    std::string phone;
};

struct workstation_record {
    std::string id;
    std::string name;
    std::string near;                 // the crowd place it serves: school, hospital, station ...
    std::string district;
    geo_point position;
};

struct crew_record {
    std::string id;
    std::string company_id;           // for rescue teams: the workstation operator; "119" for fire
    std::string kind;                 // maintenance | rescue_team | expert | fire
    std::string name;
    std::string phone;
    std::string workstation_id;       // rescue teams: their workstation
    geo_point position;               // home base
};

// The elevator dossier (履历).
struct elevator_record {
    std::string id;                   // registration code
    std::string rescue_code;          // 6-digit code posted in the car
    std::string region = "tianshui";
    std::string address;
    std::string district;
    std::string grid;                 // grid cell (网格)
    geo_point position;
    std::string using_unit_id;
    std::string company_id;           // maintenance company
    std::string type;                 // traction_machine_room | machine_room_less | hydraulic | ...
    bool machine_room_less = false;
    int floors = 0;
    int year = 0;
    std::string inspection_due;       // YYYY-MM-DD
    std::string maintenance_due;      // YYYY-MM-DD
    bool urban = true;
};

struct city {
    std::string region = "tianshui";
    std::vector<company_record> companies;
    std::vector<using_unit_record> using_units;
    std::vector<workstation_record> workstations;
    std::vector<crew_record> crews;
    std::vector<elevator_record> elevators;
};

}  // namespace lw::center
