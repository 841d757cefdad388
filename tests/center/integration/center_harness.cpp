#include "center_harness.hpp"

#include "lw/http_client.hpp"

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lw/center/city_json.hpp"

namespace lw::test::center {
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {
constexpr auto start_timeout = 15s;
constexpr auto cli_timeout = 30s;

std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

lw::center::city small_city() {
    auto c = lw::test::sample_city();
    const auto e1 = c.elevators[0].position;
    auto north_of = [&](double metres) { return offset(e1, metres, 0); };
    c.crews = {{"north-near", "north", "maintenance", "NN", "3", "", north_of(1000)},
               {"north-far", "north", "maintenance", "NF", "4", "", north_of(5000)},
               {"rt1", "rescue", "rescue_team", "RT", "5", "ws1", north_of(2000)}};
    c.workstations = {{"ws1", "WS 1", "hospital", "Qinzhou", north_of(2000)}};
    auto e = c.elevators[0];
    e.id = "E2";
    e.rescue_code = "654321";
    e.position = north_of(300);
    c.elevators.push_back(e);
    return c;
}

http_reply http_get(int port, const std::string& target) {
    const auto r = lw::http_client::get("127.0.0.1", port, target, 5s);
    return {r.status, r.body};
}
http_reply http_post(int port, const std::string& target, const std::string& form_body) {
    const auto r = lw::http_client::post_form("127.0.0.1", port, target, form_body, 5s);
    return {r.status, r.body};
}

cli_result run_cli(const std::vector<std::string>& args, const std::filesystem::path& work_dir) {
    static std::atomic<int> n{0};
    const auto out = work_dir / ("cli-" + std::to_string(++n) + ".out");
    child_process p(program("lw-center"), args, out);
    cli_result r;
    r.exit_code = p.wait(cli_timeout);
    r.output = read_file(out);
    return r;
}

center_harness::center_harness(std::vector<std::string> extra_args, bool broker_persistence,
                               const lw::center::city& c)
    : broker_(broker_persistence), extra_args_(std::move(extra_args)) {
    db_ = dir_.path() / "center.db";
    city_ = dir_.path() / "city.json";
    port_file_ = dir_.path() / "console.port";
    log_ = dir_.path() / "center.log";
    std::ofstream(city_) << lw::center::to_json(c);

    lw::mqtt::options o;
    o.port = broker_.port();
    o.client_id = "test-peer";
    o.clean_session = false;   // like a crew's terminal: orders published while it reconnects wait for it
    peer_ = std::make_unique<lw::mqtt::client>(o);
    peer_->on_connect([this](bool) {
        peer_->subscribe("lw/v1/dispatch/#", 1);
        peer_->subscribe(lw::topics::center_state, 1);
    });
    peer_->on_message([this](lw::mqtt::message&& m) {
        if (m.topic == lw::topics::center_state) {
            pb::CenterState s;
            if (s.ParseFromString(m.payload) && s.online()) ++online_seen_;
            return;
        }
        pb::DispatchOrder d;
        if (!d.ParseFromString(m.payload)) return;
        std::lock_guard lock(mutex_);
        dispatches_.push_back({m.topic, d, std::chrono::steady_clock::now()});
    });
    peer_->start();
    wait_until([&] { return peer_->connected(); }, 5s);
}

center_harness::~center_harness() {
    if (center_running()) center_.stop();
    peer_->stop();
}

bool center_harness::start_center(std::string* why) {
    std::filesystem::remove(port_file_);
    const int online_before = online_seen_.load();
    std::vector<std::string> args{"serve",         "--db",         db_.string(),
                                  "--city",        city_.string(), "--regions",
                                  std::string(region), "--broker", "127.0.0.1:" + std::to_string(broker_.port()),
                                  "--http",        "127.0.0.1:0",  "--port-file",
                                  port_file_.string(), "--center-id", "center-under-test"};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    center_ = child_process(program("lw-center"), args, log_);
    const bool up = wait_until(
        [&] {
            const auto text = read_file(port_file_);
            if (text.empty() || text.back() != '\n') return false;
            http_port_ = std::stoi(text);
            return online_seen_.load() > online_before && http_get(http_port_, "/api/metrics").status == 200;
        },
        start_timeout, 20ms);
    if (!up && why) *why = center_log();
    return up;
}

::testing::AssertionResult center_harness::started() {
    std::string why;
    if (start_center(&why)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "lw-center did not come up:\n" << why;
}

void center_harness::kill9_center() { center_.kill9(); }
int center_harness::stop_center() { return center_.stop(); }
bool center_harness::center_running() { return center_.pid() > 0 && center_.running(); }
std::string center_harness::center_log() const { return read_file(log_); }

void center_harness::publish_raw(const std::string& topic, const std::string& payload, int qos) {
    peer_->publish(topic, payload, qos);
}

void center_harness::birth(const std::string& elevator, std::uint64_t bd_seq, std::uint64_t next_event_seq) {
    pb::NodeBirth b;
    b.set_elevator_id(elevator);
    b.set_bd_seq(bd_seq);
    b.set_next_event_seq(next_event_seq);
    b.set_firmware_version("test");
    b.set_time_ms(lw::to_ms(lw::wall_now()));
    publish_raw(lw::topics::node(region, elevator, lw::topics::node_kind::birth), b.SerializeAsString());
}

void center_harness::death(const std::string& elevator, std::uint64_t bd_seq) {
    pb::NodeDeath d;
    d.set_elevator_id(elevator);
    d.set_bd_seq(bd_seq);
    publish_raw(lw::topics::node(region, elevator, lw::topics::node_kind::death), d.SerializeAsString());
}

void center_harness::event(const std::string& elevator, std::uint64_t seq, pb::FaultCode code, pb::EventKind kind) {
    pb::Event e;
    e.set_elevator_id(elevator);
    e.set_seq(seq);
    e.set_bd_seq(1);
    e.set_time_ms(lw::to_ms(lw::wall_now()));
    e.set_kind(kind);
    e.set_code(code);
    e.set_detail("test event");
    publish_raw(lw::topics::node(region, elevator, lw::topics::node_kind::event), e.SerializeAsString());
}

void center_harness::entrapment(const std::string& elevator) {
    birth(elevator, 1);
    event(elevator, 1, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
}

void center_harness::report(const std::string& company, const std::string& crew, std::int64_t incident,
                            pb::CrewReportKind kind) {
    pb::CrewReport r;
    r.set_crew_id(crew);
    r.set_company_id(company);
    r.set_incident_id(incident);
    r.set_kind(kind);
    r.set_time_ms(lw::to_ms(lw::wall_now()));
    if (kind == pb::CREW_REPORT_KIND_ACKNOWLEDGED || kind == pb::CREW_REPORT_KIND_EN_ROUTE) r.set_eta_s(240);
    publish_raw(lw::topics::crew_report(company, crew), r.SerializeAsString());
}

std::vector<dispatch_seen> center_harness::dispatches() {
    std::lock_guard lock(mutex_);
    return dispatches_;
}

std::vector<dispatch_seen> center_harness::orders_for(const std::string& crew) {
    std::vector<dispatch_seen> out;
    for (auto& d : dispatches())
        if (d.order.crew_id() == crew && !d.order.stand_down()) out.push_back(std::move(d));
    return out;
}

bool center_harness::wait_order_for(const std::string& crew, std::size_t count, std::chrono::milliseconds timeout) {
    return wait_until([&] { return orders_for(crew).size() >= count; }, timeout);
}

std::vector<std::string> center_harness::timeline_steps(std::int64_t incident) {
    std::vector<std::string> out;
    const auto r = http_get(http_port_, "/api/incidents/" + std::to_string(incident));
    if (r.status != 200) return out;
    const auto j = json::parse(r.body, nullptr, false);
    if (j.is_discarded()) return out;
    for (const auto& e : j.value("timeline", json::array())) out.push_back(e.value("step", std::string{}));
    return out;
}

bool center_harness::wait_step(std::int64_t incident, const std::string& step, std::chrono::milliseconds timeout) {
    return wait_until(
        [&] {
            const auto steps = timeline_steps(incident);
            return std::find(steps.begin(), steps.end(), step) != steps.end();
        },
        timeout, 20ms);
}

std::string center_harness::incident_phase(std::int64_t incident) {
    const auto r = http_get(http_port_, "/api/incidents/" + std::to_string(incident));
    if (r.status != 200) return {};
    const auto j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? std::string{} : j.value("phase", std::string{});
}

}  // namespace lw::test::center
