#pragma once
// lw-center's operator commands beyond serve: export, elevator dossier, crew edits, and the
// commands that act through a running center's console API (alarm intake, operator actions).
#include <map>
#include <string>
#include <vector>

namespace lw::center::cli {

struct command_args {
    std::map<std::string, std::string> kv;     // --key value
    std::vector<std::string> positional;
    std::string get(const std::string& k, const std::string& def = {}) const {
        auto f = kv.find(k);
        return f == kv.end() ? def : f->second;
    }
};

// Each returns the process exit code: 0 done, 1 failed (message on stderr), 2 usage error.
int export_incidents(const command_args& a);   // export --db F (--incident ID | --from D --to D) [--format] [--out]
int elevator(const command_args& a);           // elevator show --db F ID
int crew(const command_args& a);               // crew set [--db F | --console H:P] ID [--lat --lon] [--status]
int alarm(const command_args& a);              // alarm --console H:P --elevator ID ...
int act(const command_args& a);                // act --console H:P ID callback|cause=X|handover|close|false_alarm
// Elevators from a CSV file whose header names the city JSON's elevator keys (id, rescue_code,
// region, address, district, grid, lat, lon, using_unit, company, type, machine_room_less,
// floors, year, inspection_due, maintenance_due, urban); companies and using units must exist.
int import_elevators_csv(const std::string& db_path, const std::string& file);

// Usage lines for these commands (appended to lw-center --help).
extern const char* const usage_text;

}  // namespace lw::center::cli
