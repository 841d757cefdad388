#include "lw/sim/load.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
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
using json = nlohmann::json;

namespace {
constexpr auto step_period = std::chrono::milliseconds{10};       // wall time per publishing round
constexpr auto connect_timeout = std::chrono::seconds{10};
// How long load waits for the broker to acknowledge the goodbyes (and what is still in flight):
// 10 s, and 1 s more per 10,000 elevators.
duration goodbye_timeout(std::size_t elevators) {
    return std::chrono::seconds{10} + std::chrono::milliseconds{elevators / 10};
}

// One elevator as load needs it, read from the city file.
struct elevator_ref {
    std::string id;
    std::string region;
    int floors = 2;
};

// Reads the city file's "elevators" array as a stream (SAX), on its own thread, handing each
// elevator over as soon as its record has been read: publishing starts while a large city is
// still being parsed. Stops after `max` elevators or when asked to.
class city_stream {
public:
    city_stream(const std::string& path, std::size_t max) : file_(path), max_(max) {
        if (!file_) throw std::runtime_error("cannot read " + path);
        path_ = path;
        thread_ = std::thread([this] { run(); });
    }
    ~city_stream() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    // The elevators read since the last call.
    std::vector<elevator_ref> take() {
        std::lock_guard lock(m_);
        std::vector<elevator_ref> out;
        out.swap(ready_);
        return out;
    }
    bool done() const { return done_; }
    std::string error() const {
        std::lock_guard lock(m_);
        return error_;
    }

private:
    // The SAX handler: depth 1 is the city object, 2 its "elevators" array, 3 one elevator.
    struct handler {
        city_stream& s;
        int depth = 0;
        bool in_elevators = false;
        std::string top_key, field;
        elevator_ref cur;
        std::size_t count = 0;
        std::string city_region = "tianshui";   // parse_city's default

        bool record() const { return in_elevators && depth == 3; }
        bool null() { return !s.stop_; }
        bool boolean(bool) { return !s.stop_; }
        bool number_integer(json::number_integer_t v) {
            if (record() && field == "floors") cur.floors = static_cast<int>(std::clamp<json::number_integer_t>(v, 2, 1000));
            return true;
        }
        bool number_unsigned(json::number_unsigned_t v) {
            return number_integer(static_cast<json::number_integer_t>(std::min<json::number_unsigned_t>(v, 1000)));
        }
        bool number_float(json::number_float_t, const json::string_t&) { return true; }
        bool string(json::string_t& v) {
            if (record() && field == "id") cur.id = v;
            else if (record() && field == "region") cur.region = v;
            else if (depth == 1 && top_key == "region") city_region = v;
            return true;
        }
        bool binary(json::binary_t&) { return true; }
        bool start_object(std::size_t) {
            ++depth;
            if (record()) cur = {};
            return true;
        }
        bool end_object() {
            if (record()) {
                if (cur.id.empty()) return fail("elevator " + std::to_string(count + 1) + " of the city has no id");
                if (cur.region.empty()) cur.region = city_region;
                {
                    std::lock_guard lock(s.m_);
                    s.ready_.push_back(std::move(cur));
                }
                if (++count >= s.max_) return false;   // enough: the rest of the file is not needed
            }
            --depth;
            return !s.stop_;
        }
        bool start_array(std::size_t) {
            ++depth;
            if (depth == 2 && top_key == "elevators") in_elevators = true;
            return true;
        }
        bool end_array() {
            if (depth == 2 && in_elevators) in_elevators = false;
            --depth;
            return !s.stop_;
        }
        bool key(json::string_t& k) {
            if (depth == 1) top_key = k;
            else if (depth == 3) field = k;
            return true;
        }
        bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& e) {
            return fail(std::string(e.what()) + " (byte " + std::to_string(at) + ")");
        }
        bool fail(const std::string& why) {
            std::lock_guard lock(s.m_);
            s.error_ = s.path_ + ": " + why;
            return false;
        }
    };

    void run() {
        handler h{*this};
        try {
            json::sax_parse(file_, &h);
        } catch (const std::exception& e) {
            std::lock_guard lock(m_);
            error_ = path_ + ": " + e.what();
        }
        done_ = true;
    }

    std::ifstream file_;
    std::string path_;
    std::size_t max_;
    std::atomic<bool> stop_{false}, done_{false};
    mutable std::mutex m_;
    std::vector<elevator_ref> ready_;
    std::string error_;
    std::thread thread_;
};

// What each message id of one connection was, until libmosquitto's publish callback (PUBACK for
// QoS 1, written for QoS 0) counts it as delivered / sent. The callback may come before the
// publisher has noted the id (it runs on the network thread): such ids wait in `early_`.
class delivery_ledger {
public:
    enum kind { birth, status, death, kinds };
    void published(int mid, kind k) {
        std::lock_guard lock(m_);
        if (early_.erase(mid)) ++done_[k];
        else pending_[mid] = k;
        ++published_[k];
    }
    void confirmed(int mid) {
        std::lock_guard lock(m_);
        const auto p = pending_.find(mid);
        if (p == pending_.end()) {
            early_.insert(mid);
            return;
        }
        ++done_[p->second];
        pending_.erase(p);
    }
    std::uint64_t done(kind k) const {
        std::lock_guard lock(m_);
        return done_[k];
    }
    std::uint64_t outstanding() const {
        std::lock_guard lock(m_);
        return published_[birth] + published_[status] + published_[death] - done_[birth] - done_[status] - done_[death];
    }

private:
    mutable std::mutex m_;
    std::map<int, kind> pending_;
    std::set<int> early_;
    std::uint64_t published_[kinds]{}, done_[kinds]{};
};

struct load_elevator {
    std::string id;
    std::string status_topic, birth_topic, death_topic;
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

load_result run_load(const std::string& city_path, const load_config& cfg, std::ostream& out) {
    if (cfg.elevators < 1 || cfg.connections < 1) throw std::runtime_error("--elevators and --connections must be >= 1");
    if (cfg.status_every <= duration{}) throw std::runtime_error("--status-every must be positive");
    const auto wanted = static_cast<std::size_t>(cfg.elevators);
    const auto links_n = std::min<std::size_t>(static_cast<std::size_t>(cfg.connections), wanted);

    // The city is read while load connects and publishes: the first births go out at once.
    city_stream city(city_path, wanted);

    std::vector<std::unique_ptr<mqtt::client>> links;
    std::vector<std::unique_ptr<delivery_ledger>> ledgers;
    for (std::size_t k = 0; k < links_n; ++k) {
        mqtt::options o;
        o.host = cfg.broker_host;
        o.port = cfg.broker_port;
        o.client_id = "lw-sim-load-" + std::to_string(k + 1);
        o.max_inflight = 0;   // births are QoS 1; do not throttle them behind PUBACKs
        links.push_back(std::make_unique<mqtt::client>(o));
        ledgers.push_back(std::make_unique<delivery_ledger>());
        auto* ledger = ledgers.back().get();
        links.back()->on_published([ledger](int mid) { ledger->confirmed(mid); });
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
    std::deque<load_elevator> els;   // grows as the city is read; deque: references stay valid
    const auto t0 = wall_now();
    // Boards do not all come up at once: births are spread over one status period (at most a
    // quarter of the run), so the steady state — births done, statuses spread evenly — is reached
    // early in the run. Spread by the number asked for: the city is still being read.
    const auto ramp = std::min(cfg.status_every, cfg.run_for / 4);
    auto add = [&](elevator_ref&& ref) {
        const auto i = els.size();
        auto& e = els.emplace_back();
        e.id = std::move(ref.id);
        e.status_topic = topics::node(ref.region, e.id, topics::node_kind::status);
        e.birth_topic = topics::node(ref.region, e.id, topics::node_kind::birth);
        e.death_topic = topics::node(ref.region, e.id, topics::node_kind::death);
        e.traffic = std::make_unique<car_traffic>(ref.floors, 7919 * (i + 1));
        e.link = i % links_n;
        e.online_at = t0 + std::chrono::duration_cast<duration>(ramp * (static_cast<double>(i) / wanted));
    };
    auto publish = [&](const load_elevator& e, const std::string& topic, const std::string& payload, int qos,
                       delivery_ledger::kind k) {
        const auto p = links[e.link]->publish(topic, payload, qos);
        if (!p.ok() && !p.queued) {
            ++r.publish_failures;
            return false;
        }
        ledgers[e.link]->published(p.mid, k);
        return true;
    };
    auto birth = [&](const load_elevator& e, timestamp now) {
        pb::NodeBirth b;
        b.set_elevator_id(e.id);
        b.set_bd_seq(bd);
        b.set_firmware_version("lw-sim load");
        b.set_time_ms(to_ms(now));
        b.set_status_interval_s(static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(cfg.status_every).count()));
        b.set_sample_rate_hz(10);
        b.set_next_event_seq(1);
        if (publish(e, e.birth_topic, b.SerializeAsString(), 1, delivery_ledger::birth)) ++r.births;
    };
    out << "load: up to " << wanted << " elevators (read from " << city_path << " while publishing) over " << links_n
        << " connections to " << cfg.broker_host << ":" << cfg.broker_port << ", status every "
        << format_duration(cfg.status_every) << " and on change, for " << format_duration(cfg.run_for) << "\n";

    const auto start = std::chrono::steady_clock::now();
    auto next_step = start;
    auto next_report = start + cfg.report_every;
    std::uint64_t sent_at_last_report = 0;
    auto sent_so_far = [&] {
        std::uint64_t n = 0;
        for (const auto& l : ledgers) n += l->done(delivery_ledger::birth) + l->done(delivery_ledger::status);
        return n;
    };
    const auto max_steps = static_cast<std::uint64_t>(cfg.run_for / step_period) + 1;
    std::string city_error;
    for (std::uint64_t step = 0; step < max_steps; ++step) {
        for (auto& ref : city.take()) add(std::move(ref));
        if (city_error.empty()) city_error = city.error();
        if (!city_error.empty()) break;
        const auto now = wall_now();
        for (auto& e : els) {
            if (!e.online) {
                if (now < e.online_at) continue;
                e.online = true;
                if (r.first_birth_s < 0)
                    r.first_birth_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                birth(e, now);
                e.next_periodic = now;   // a fresh status follows every birth
            }
            e.traffic->step(e.sample, now);
            e.sample.at = now;
            const bool due = now >= e.next_periodic;
            const bool moved = changed(e.sample, e.last_sent) && now - e.last_sent_at >= cfg.status_min_gap;
            if (!due && !moved) continue;
            if (publish(e, e.status_topic, agent::encode_status(e.sample, e.id, bd, {}), 0, delivery_ledger::status))
                ++r.statuses;
            e.last_sent = e.sample;
            e.last_sent_at = now;
            e.next_periodic = now + cfg.status_every;   // as the agent: the period restarts at every status
        }
        const auto wall = std::chrono::steady_clock::now();
        if (wall >= next_report) {
            const auto sent = sent_so_far();
            out << "load: " << std::chrono::duration_cast<std::chrono::seconds>(wall - start).count() << " s: "
                << (sent - sent_at_last_report) / std::chrono::duration<double>(cfg.report_every).count()
                << " messages/s delivered or sent (" << els.size() << " elevators read, " << r.statuses
                << " statuses, " << r.publish_failures << " failed)\n";
            sent_at_last_report = sent;
            next_report += cfg.report_every;
        }
        next_step += step_period;
        std::this_thread::sleep_until(next_step);
    }
    // A clean goodbye for every elevator that said hello, so the center does not wait for them;
    // then wait (bounded) until the broker has acknowledged them all before disconnecting:
    // libmosquitto drops what it still holds when the connection closes.
    for (auto& e : els) {
        if (!e.online) continue;
        pb::NodeDeath d;
        d.set_elevator_id(e.id);
        d.set_bd_seq(bd);
        d.set_clean(true);
        if (publish(e, e.death_topic, d.SerializeAsString(), 1, delivery_ledger::death)) ++r.deaths;
    }
    const auto goodbye_deadline = std::chrono::steady_clock::now() + goodbye_timeout(els.size());
    auto outstanding = [&] {
        std::uint64_t n = 0;
        for (const auto& l : ledgers) n += l->outstanding();
        return n;
    };
    while (outstanding() > 0 && std::chrono::steady_clock::now() < goodbye_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (auto& l : links) l->stop();
    r.elevators = els.size();
    for (const auto& l : ledgers) {
        r.births_delivered += l->done(delivery_ledger::birth);
        r.statuses_sent += l->done(delivery_ledger::status);
        r.deaths_delivered += l->done(delivery_ledger::death);
    }
    if (!city_error.empty())
        throw std::runtime_error(city_error + " (load stopped; " + std::to_string(r.deaths_delivered) + " of " +
                                 std::to_string(r.deaths) + " goodbyes delivered)");
    if (els.empty()) throw std::runtime_error(city_path + ": the city has no elevators");
    return r;
}

}  // namespace lw::sim
