// POST /api/registry: records added to or replaced in the running center's registry (a city
// file's JSON). One writer per database: while a center runs, registry changes go through it.
#include "lw/center/api/router.hpp"
#include "lw/center/api/types.hpp"
#include "lw/center/city_json.hpp"

namespace lw::center::api {
namespace {

// The file's records may refer to companies and using units already registered (an elevators-only
// file, as `lw-center import --console X ELEVATORS.csv` sends).
std::variant<input, response> import_input(const request& r, const path_params&, const registry& current) {
    registry_import_input in;
    if (auto err = parse_city(r.body, in.records, &current); !err.empty())
        return error(400, "registry not imported: " + err);
    return input{std::move(in)};
}

}  // namespace

void add_registry_routes(router& r) {
    r.add({"POST", "/api/registry", write_handler{import_input, [](const input& in, const outcome& o) {
               if (!o.ok()) return error(status_of(o), o.error);
               const auto& c = std::get<registry_import_input>(in).records;
               return json_reply(to_json(registry_reply{c.elevators.size(), c.crews.size(), c.companies.size(),
                                                        c.using_units.size(), c.workstations.size()}));
           }}});
}

}  // namespace lw::center::api
