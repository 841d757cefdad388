#include "lw/center/api/router.hpp"

#include "lw/center/api/types.hpp"
#include "lw/center/console_page.hpp"

namespace lw::center::api {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < path.size()) {
        if (path[pos] == '/') {
            ++pos;
            continue;
        }
        const auto end = std::min(path.find('/', pos), path.size());
        out.push_back(path.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

bool matches(std::string_view pattern, std::string_view path, path_params* params) {
    const auto p = segments(pattern), s = segments(path);
    if (p.size() != s.size()) return false;
    path_params got;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i].size() >= 2 && p[i].front() == '{' && p[i].back() == '}') got.emplace_back(s[i]);
        else if (p[i] != s[i]) return false;
    }
    if (params) *params = std::move(got);
    return true;
}

}  // namespace

response json_reply(std::string body, int status) { return response{status, "application/json", std::move(body)}; }

response error(int status, const std::string& why) { return json_reply(to_json(error_reply{why}), status); }

int status_of(const outcome& o) {
    switch (o.result) {
        case outcome::status::done: return 200;
        case outcome::status::bad_request: return 400;
        case outcome::status::not_found: return 404;
        case outcome::status::conflict: return 409;
    }
    return 500;
}

void router::add(route r) { routes_.push_back(std::move(r)); }

match_result router::match(std::string_view method, std::string_view path) const {
    match_result m;
    for (const auto& r : routes_) {
        path_params params;
        if (!matches(r.pattern, path, &params)) continue;
        if (r.method != method) {
            m.path_known = true;
            continue;
        }
        m.found = &r;
        m.params = std::move(params);
        return m;
    }
    return m;
}

router center_routes(strand_hooks hooks) {
    router r;
    const auto page = [] { return response{200, "text/html; charset=utf-8", console_page()}; };
    r.add({"GET", "/", fixed_handler{page}});
    r.add({"GET", "/index.html", fixed_handler{page}});
    r.add({"GET", "/api/metrics", strand_handler{[m = std::move(hooks.metrics)](const request&) { return m(); }}});
    add_incident_routes(r);
    add_elevator_routes(r);
    add_crew_routes(r);
    add_company_routes(r);
    add_map_routes(r);
    add_stats_routes(r);
    add_alarm_routes(r);
    add_registry_routes(r);
    return r;
}

}  // namespace lw::center::api
