#pragma once
// The center's registry: who and what it knows (Tianshui dossier, DESIGN §1). The records are
// plain data; `registry` is an immutable, indexed set of them, shared between the core's strand
// and the read threads (a change makes a new registry that shares the unchanged records).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

// Immutable once built: every member function is const and safe from any thread. Elevators have
// a dense index (0..elevator_count()-1) that a change never moves: records added later get the
// next indexes, so per-elevator arrays kept beside the registry (the console's live view) stay
// aligned. Records are never removed.
class registry {
public:
    registry() = default;
    // The records of `c`; a later record with the same id replaces an earlier one.
    static std::shared_ptr<const registry> build(const city& c);
    // A new registry: these records added, or replacing those with the same id.
    std::shared_ptr<const registry> merged(const city& c) const;
    // A new registry with the crew's home position changed (nullptr when the crew is unknown).
    std::shared_ptr<const registry> with_crew_home(std::string_view crew_id, geo_point home) const;

    const elevator_record* elevator(std::string_view id) const;
    const elevator_record* elevator_by_rescue_code(std::string_view code) const;
    std::optional<std::uint32_t> elevator_index(std::string_view id) const;
    const elevator_record& elevator_at(std::uint32_t index) const { return *elevators_[index]; }
    std::size_t elevator_count() const { return elevators_.size(); }

    const company_record* company(std::string_view id) const;
    const using_unit_record* using_unit(std::string_view id) const;
    const crew_record* crew(std::string_view id) const;
    const crew_record& crew_at(std::uint32_t index) const { return *crews_[index]; }
    std::optional<std::uint32_t> crew_index(std::string_view id) const;
    std::size_t crew_count() const { return crews_.size(); }

    // In id order (stable output for listings and statistics).
    std::vector<const company_record*> companies() const;
    std::vector<const using_unit_record*> using_units() const;
    std::vector<const workstation_record*> workstations() const;

private:
    template <class T>
    using shared = std::shared_ptr<const T>;
    // Keys view the records' own ids (records are immutable and outlive the maps that index them).
    using index_map = std::unordered_map<std::string_view, std::uint32_t>;

    void add(const city& c);

    std::vector<shared<elevator_record>> elevators_;
    index_map elevator_by_id_, elevator_by_code_;
    std::vector<shared<crew_record>> crews_;
    index_map crew_by_id_;
    std::unordered_map<std::string_view, shared<company_record>> companies_;
    std::unordered_map<std::string_view, shared<using_unit_record>> using_units_;
    std::unordered_map<std::string_view, shared<workstation_record>> workstations_;
};

}  // namespace lw::center
