#include "lw/center/cli/requests.hpp"

#include <charconv>
#include <chrono>

#include "lw/http_client.hpp"

namespace lw::center::cli {
namespace {

std::optional<long long> whole(const std::string& s) {
    long long v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<host_port> parse_host_port(const std::string& text, int default_port, int min_port) {
    const auto colon = text.rfind(':');
    host_port hp{text.substr(0, colon), default_port};
    if (colon != std::string::npos) {
        const auto p = whole(text.substr(colon + 1));
        if (!p || *p < min_port || *p > 65535) return std::nullopt;
        hp.port = static_cast<int>(*p);
    }
    if (hp.host.empty()) return std::nullopt;
    return hp;
}

std::optional<std::int64_t> parse_positive_id(const std::string& text) {
    const auto v = whole(text);
    if (!v || *v < 1) return std::nullopt;
    return *v;
}

std::optional<std::pair<std::int64_t, std::string>> parse_anchor(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon + 1 == text.size()) return std::nullopt;
    const auto id = whole(text.substr(0, colon));
    if (!id || *id < 0) return std::nullopt;
    return std::make_pair(static_cast<std::int64_t>(*id), text.substr(colon + 1));
}

center_config serve_config(const lw::options::values& v) {
    center_config cfg;
    cfg.db_path = v.text("db");
    const auto broker = *parse_host_port(v.text("broker"), 1883);   // checked by the definitions
    cfg.broker_host = broker.host;
    cfg.broker_port = broker.port;
    cfg.regions.clear();
    const auto regions = v.text("regions");
    for (std::size_t start = 0;;) {
        const auto end = regions.find(',', start);
        cfg.regions.push_back(regions.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    cfg.city_file = v.text("city");
    const auto http = *parse_host_port(v.text("http"), 8080, 0);
    cfg.http_address = http.host;
    cfg.http_port = static_cast<unsigned short>(http.port);
    cfg.port_file = v.text("port-file");
    cfg.center_id = v.text("center-id");
    cfg.clock = v.text("clock") == "drill" ? clock_mode::drill : clock_mode::wall;
    const auto secs = [&](const char* name) { return std::chrono::seconds{v.integer(name)}; };
    cfg.limits.ack_limit = secs("ack-limit-s");
    cfg.limits.arrival_limit_urban = secs("arrival-limit-urban-s");
    cfg.limits.arrival_limit_rural = secs("arrival-limit-rural-s");
    cfg.limits.release_limit_after_arrival = secs("release-limit-s");
    cfg.limits.renotify_every = secs("renotify-every-s");
    cfg.rules.silence_limit = secs("silence-limit-s");
    cfg.test_alarm_limit = test_alarm_limit_of(v);
    cfg.travel.road_factor = v.real("road-factor");
    cfg.travel.speed_kmh = v.real("speed-kmh");
    cfg.db_busy_timeout = std::chrono::milliseconds{v.integer("db-busy-timeout-ms")};
    cfg.read_threads = static_cast<unsigned>(v.integer("read-threads"));
    return cfg;
}

duration test_alarm_limit_of(const lw::options::values& v) {
    return std::chrono::duration_cast<duration>(std::chrono::duration<double, std::ratio<3600>>{v.real("test-alarm-limit-h")});
}

operator_action act_request(const lw::options::values& v) {
    const auto& args = v.arguments();
    operator_action a;
    const auto id = parse_positive_id(args.at(0));
    if (!id) throw v.error("incident id must be a positive number: '" + args[0] + "'");
    a.incident = *id;
    a.action = args.at(1);
    if (a.action.rfind("cause=", 0) == 0) {
        a.cause = a.action.substr(6);
        a.action = "cause";
        if (a.cause.empty()) throw v.error("cause= needs a category");
    }
    if (a.action != "callback" && a.action != "cause" && a.action != "handover" && a.action != "close" &&
        a.action != "false_alarm")
        throw v.error("action must be callback, cause=CATEGORY, handover, close or false_alarm, got '" + args[1] + "'");
    return a;
}

crew_edit crew_request(const lw::options::values& v) {
    const auto& args = v.arguments();
    if (args.at(0) != "set") throw v.error("expected 'set ID', got '" + args[0] + "'");
    crew_edit e;
    e.crew_id = args.at(1);
    if (v.given("lat") != v.given("lon")) throw v.error("give both --lat and --lon");
    if (v.given("lat")) e.position = geo_point{v.real("lat"), v.real("lon")};
    e.status = v.text("status");
    e.live = v.given("console");
    if (e.live) {
        if (!e.position && e.status.empty()) throw v.error("give --lat and --lon, or --status");
    } else {
        if (!e.status.empty()) throw v.error("with --db only the position (--lat, --lon) is stored; status needs --console");
        if (!e.position) throw v.error("give --lat and --lon");
    }
    return e;
}

export_request export_request_from(const lw::options::values& v) {
    export_request r;
    r.format = v.text("format") == "csv" ? export_format::csv : export_format::json;
    r.out_file = v.text("out");
    if (v.given("incident")) {
        if (v.given("from") || v.given("to")) throw v.error("give --incident ID, or --from and --to, not both");
        r.incident = v.integer("incident");
        return r;
    }
    if (!v.given("from") || !v.given("to")) throw v.error("give --incident ID, or --from and --to as YYYY-MM-DD");
    r.from = *parse_day(v.text("from"));   // checked by the definitions
    const auto to = *parse_day(v.text("to"));
    if (to < r.from) throw v.error("--to is before --from");
    r.to = to + std::chrono::days{1};
    return r;
}

bool is_csv_file(const std::string& path) { return path.size() > 4 && path.substr(path.size() - 4) == ".csv"; }

}  // namespace lw::center::cli
