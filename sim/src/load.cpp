#include "lw/sim/load.hpp"

#include <algorithm>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/agent/car_sample.hpp"
#include "lw/agent/wire.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/sim/traffic.hpp"
#include "lw/topics.hpp"

namespace lw::sim {
namespace pb = liftwatch::v1;

namespace {
constexpr auto step_period = std::chrono::milliseconds{10};       // wall time per publishing round
constexpr auto connect_timeout = std::chrono::seconds{10};

struct load_elevator {
    std::string id;
    std::string status_topic;
    agent::car_sample sample;
    agent::car_sample last_sent;
    std::unique_ptr<car_traffic> traffic;
    timestamp online_at{};      // when it connects (births spread over the ramp-up)
    bool online = false;
    timestamp next_periodic{};
    timestamp last_sent_at{};
    std::size_t link = 0;
};

bool changed(const agent::car_sample& a, const agent::car_sample& b) {
    return a.moving != b.moving || a.door != b.door || a.floor != b.floor || a.occupied != b.occupied ||
           a.in_door_zone != b.in_door_zone || a.mode != b.mode;
}

}  // namespace

load_result run_load(const center::city& c, const load_config& cfg, std::ostream& out) {
    if (cfg.elevators < 1 || cfg.connections < 1) throw std::runtime_error("--elevators and --connections must be >= 1");
    if (cfg.status_every <= duration{}) throw std::runtime_error("--status-every must be positive");
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(cfg.elevators), c.elevators.size());
    if (n == 0) throw std::runtime_error("the city has no elevators");
    const auto links_n = std::min<std::size_t>(static_cast<std::size_t>(cfg.connections), n);

    std::vector<std::unique_ptr<mqtt::client>> links;
    for (std::size_t k = 0; k < links_n; ++k) {
        mqtt::options o;
        o.host = cfg.broker_host;
        o.port = cfg.broker_port;
        o.client_id = "lw-sim-load-" + std::to_string(k + 1);
        o.max_inflight = 0;   // births are QoS 1; do not throttle them behind PUBACKs
        links.push_back(std::make_unique<mqtt::client>(o));
        if (auto err = links.back()->start(); !err.empty()) throw std::runtime_error(err);
    }
    const auto deadline = std::chrono::steady_clock::now() + connect_timeout;
    while (std::chrono::steady_clock::now() < deadline &&
           !std::all_of(links.begin(), links.end(), [](const auto& l) { return l->connected(); }))
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    if (!std::all_of(links.begin(), links.end(), [](const auto& l) { return l->connected(); }))
        throw std::runtime_error("could not connect to the broker within 10 s");

    // A session number above any earlier run's, so the center takes these births as new sessions.
    const auto bd = static_cast<std::uint64_t>(to_ms(wall_now()) / 1000);
    load_result r;
    std::vector<load_elevator> els(n);
    const auto t0 = wall_now();
    // Boards do not all come up at once: births are spread over one status period (at most a
    // quarter of the run), so the steady state — births done, statuses spread evenly — is reached
    // early in the run.
    const auto ramp = std::min(cfg.status_every, cfg.run_for / 4);
    for (std::size_t i = 0; i < n; ++i) {
        auto& e = els[i];
        const auto& rec = c.elevators[i];
        e.id = rec.id;
        e.status_topic = topics::node(c.region, rec.id, topics::node_kind::status);
        e.traffic = std::make_unique<car_traffic>(rec.floors, 7919 * (i + 1));
        e.link = i % links_n;
        e.online_at = t0 + std::chrono::duration_cast<duration>(ramp * (static_cast<double>(i) / n));
    }
    auto birth = [&](const load_elevator& e, timestamp now) {
        pb::NodeBirth b;
        b.set_elevator_id(e.id);
        b.set_bd_seq(bd);
        b.set_firmware_version("lw-sim load");
        b.set_time_ms(to_ms(now));
        b.set_status_interval_s(static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(cfg.status_every).count()));
        b.set_sample_rate_hz(10);
        b.set_next_event_seq(1);
        if (links[e.link]->publish(topics::node(c.region, e.id, topics::node_kind::birth), b.SerializeAsString(), 1).ok())
            ++r.births;
        else
            ++r.publish_failures;
    };
    out << "load: " << n << " elevators over " << links_n << " connections to " << cfg.broker_host << ":"
        << cfg.broker_port << ", status every " << format_duration(cfg.status_every) << " and on change, for "
        << format_duration(cfg.run_for) << "\n";

    const auto start = std::chrono::steady_clock::now();
    auto next_step = start;
    auto next_report = start + cfg.report_every;
    std::uint64_t sent_at_last_report = 0;
    const auto max_steps = static_cast<std::uint64_t>(cfg.run_for / step_period) + 1;
    for (std::uint64_t step = 0; step < max_steps; ++step) {
        const auto now = wall_now();
        for (auto& e : els) {
            if (!e.online) {
                if (now < e.online_at) continue;
                e.online = true;
                birth(e, now);
                e.next_periodic = now;   // a fresh status follows every birth
            }
            e.traffic->step(e.sample, now);
            e.sample.at = now;
            const bool due = now >= e.next_periodic;
            const bool moved = changed(e.sample, e.last_sent) && now - e.last_sent_at >= cfg.status_min_gap;
            if (!due && !moved) continue;
            if (links[e.link]->publish(e.status_topic, agent::encode_status(e.sample, e.id, bd, {}), 0).ok()) ++r.statuses;
            else ++r.publish_failures;
            e.last_sent = e.sample;
            e.last_sent_at = now;
            e.next_periodic = now + cfg.status_every;   // as the agent: the period restarts at every status
        }
        const auto wall = std::chrono::steady_clock::now();
        if (wall >= next_report) {
            const auto sent = r.births + r.statuses;
            out << "load: " << std::chrono::duration_cast<std::chrono::seconds>(wall - start).count() << " s: "
                << (sent - sent_at_last_report) / std::chrono::duration<double>(cfg.report_every).count()
                << " messages/s (" << r.statuses << " statuses, " << r.publish_failures << " failed)\n";
            sent_at_last_report = sent;
            next_report += cfg.report_every;
        }
        next_step += step_period;
        std::this_thread::sleep_until(next_step);
    }
    // A clean goodbye for every elevator, so the center does not wait for them.
    for (auto& e : els) {
        if (!e.online) continue;
        pb::NodeDeath d;
        d.set_elevator_id(e.id);
        d.set_bd_seq(bd);
        d.set_clean(true);
        if (links[e.link]->publish(topics::node(c.region, e.id, topics::node_kind::death), d.SerializeAsString(), 1).ok())
            ++r.deaths;
        else
            ++r.publish_failures;
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (auto& l : links) l->stop();
    return r;
}

}  // namespace lw::sim
