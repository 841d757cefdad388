// The running center: connects the adapters to the core (DESIGN §3). MQTT messages go through
// the wire adapter to the core on the strand; the core's effects are persisted, then published;
// the console's requests go through the route table to a read thread, or become core inputs on
// the strand. No decision is taken here.
#include "lw/center/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "core_start.hpp"
#include "lw/center/center_clock.hpp"
#include "effects_sink.hpp"
#include "metrics.hpp"
#include "lw/center/api/types.hpp"
#include "lw/center/center_core.hpp"
#include "lw/center/city_json.hpp"
#include "lw/center/http_server.hpp"
#include "lw/center/store.hpp"
#include "lw/center/wire.hpp"
#include "lw/log.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/topics.hpp"
#include "read_side.hpp"

namespace lw::center {
namespace net = boost::asio;

namespace {
constexpr std::string_view component = "center";

city read_city_file(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    if (!f) throw std::runtime_error("cannot read city file " + path);
    city c;
    if (auto err = parse_city(ss.str(), c); !err.empty()) throw std::runtime_error(path + ": " + err);
    return c;
}

city registry_of(store& db) {
    city c;
    c.companies = db.companies();
    c.using_units = db.using_units();
    c.workstations = db.workstations();
    c.crews = db.crews();
    c.elevators = db.elevators();
    return c;
}
}  // namespace

struct service::impl {
    center_config cfg;
    net::io_context ioc{1};        // the strand: the core, the writer store, timers
    net::io_context http_ioc{1};   // the console's sockets
    net::steady_timer tick_timer{ioc};
    net::signal_set signals{ioc, SIGINT, SIGTERM};
    center_clock clock;
    // This process: stamped on every order and command it publishes and on its state, so a
    // crew or a drill tells them from those an earlier center left on the broker.
    const std::uint64_t instance = wire::new_center_instance();
    std::unique_ptr<store> db;
    std::unique_ptr<center_core> core;
    std::unique_ptr<mqtt::client> mqtt;
    std::unique_ptr<read_side> reads;
    std::unique_ptr<effects_sink> sink;
    std::unique_ptr<http_server> http;
    api::router routes;

    explicit impl(center_config c) : cfg(std::move(c)), clock(cfg.clock == clock_mode::drill) {}

    // Runs `f`; an exception (a bug, or an error no layer below turned into a result) is
    // counted and logged, and the center goes on with the next input.
    template <class F>
    void guarded(const char* what, F&& f) {
        try {
            f();
        } catch (const std::exception& e) {
            ++sink->counters().internal_errors;
            sink->log_once(log::level::error, std::string("internal ") + what,
                           std::string("internal error in ") + what + " (input skipped): " + e.what());
        }
    }

    // One input through the core, its effects carried out. Strand only.
    effects handle(const input& in) {
        auto fx = core->handle(in, clock.take());
        const auto problem = sink->apply(fx, *core);
        if (fx.registry_changed) reads->publish(core->registry_snapshot());
        if (!problem.empty() && fx.registry_changed) {
            fx.reply.result = outcome::status::conflict;
            fx.reply.error = problem;
        }
        return fx;
    }

    void on_message(const mqtt::message& msg) {
        ++sink->counters().messages;
        const auto d = wire::decode(msg.topic, msg.payload);
        if (const auto* c = std::get_if<wire::sim_clock_update>(&d)) {
            if (clock.drill()) clock.on_sim_clock(c->city_time_ms, c->scale, c->running);
            return;
        }
        if (const auto* e = std::get_if<wire::decode_error>(&d)) {
            auto& counted = e->out_of_range ? sink->counters().out_of_range : sink->counters().malformed;
            ++counted[e->kind];
            sink->log_once(log::level::warn, (e->out_of_range ? "out of range " : "malformed ") + e->kind,
                           "message on '" + msg.topic + "' (" + std::to_string(msg.payload.size()) +
                               " bytes) refused: " + e->kind + ": " + e->what);
            return;
        }
        const auto* in = std::get_if<input>(&d);
        if (!in) return;   // not for the center
        if (!clock.ready())
            sink->log_once(log::level::warn, "no clock", "message before the drill clock started; processed at city time 0");
        handle(*in);
    }

    void on_tick() {
        guarded("store retry", [&] { sink->retry_store(); });
        if (clock.ready()) guarded("timers", [&] { handle(tick_input{}); });
        tick_timer.expires_after(cfg.tick_every);
        tick_timer.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) on_tick();
        });
    }

    // ---- the console ----

    api::response metrics() {
        return api::json_reply(api::to_json(metrics_of(sink->counters(), *core, *db, reads->in_progress(),
                                                       reads->done(), clock, instance)));
    }

    // The I/O thread's dispatcher: each route to where it runs.
    void on_request(api::request req, http_reply reply) {
        const auto m = routes.match(req.method, req.path);
        if (!m.found) {
            return reply(m.path_known ? api::error(405, "method not allowed")
                                      : api::error(404, "no such endpoint: " + req.method + " " + req.path));
        }
        std::visit(
            [&](const auto& h) {
                using H = std::decay_t<decltype(h)>;
                if constexpr (std::is_same_v<H, api::fixed_handler>) {
                    reply(h());
                } else if constexpr (std::is_same_v<H, api::read_handler>) {
                    reads->run(h, std::move(req), m.params, std::move(reply));
                } else if constexpr (std::is_same_v<H, api::strand_handler>) {
                    net::post(ioc, [this, h, req = std::move(req), reply = std::move(reply)] { reply(h(req)); });
                } else {   // write: parsed on the intake thread, run by the core on the strand
                    reads->intake([this, h, req = std::move(req), params = m.params,
                                 reply = std::move(reply)](const registry& current) {
                        auto parsed = h.to_input(req, params, current);
                        if (auto* refused = std::get_if<api::response>(&parsed)) return reply(std::move(*refused));
                        net::post(ioc, [this, h, in = std::get<input>(std::move(parsed)), reply] {
                            api::response out = api::error(500, "internal error");
                            guarded("console request", [&] { out = h.to_reply(in, handle(in).reply); });
                            reply(std::move(out));
                        });
                    });
                }
            },
            m.found->run);
    }

    // ---- start ----

    void open_store_and_core() {
        db = std::make_unique<store>(cfg.db_path, cfg.db_busy_timeout);
        if (!cfg.city_file.empty()) {
            const auto c = read_city_file(cfg.city_file);
            if (auto err = db->import_city(c); !err.empty()) throw std::runtime_error(err);
            log::info(component, "imported " + cfg.city_file + ": " + std::to_string(c.elevators.size()) +
                                     " elevators, " + std::to_string(c.crews.size()) + " crews");
        }
        const auto cc = core_config_of(cfg);
        core = std::make_unique<center_core>(cc, registry::build(registry_of(*db)));
        const auto back = restore_from_store(*core, *db);
        const auto& reg = *core->registry_snapshot();
        log::info(component, "registry: " + std::to_string(reg.elevator_count()) + " elevators, " +
                                 std::to_string(reg.crew_count()) + " crews, " +
                                 std::to_string(reg.companies().size()) + " maintenance companies, " +
                                 std::to_string(back.boards) + " boards heard from before; database " +
                                 cfg.db_path);
        if (!cc.watch_status) log::info(component, "drill clock: nodes' status periods are not watched (no stale)");
    }

    void connect_mqtt() {
        mqtt::options o;
        o.host = cfg.broker_host;
        o.port = cfg.broker_port;
        o.client_id = cfg.center_id;
        o.clean_session = false;   // persistent: QoS 1 events queued by the broker while we are down
        o.max_inflight = 1000;
        const auto will = wire::center_state(false, cfg.center_id, {}, {}, instance);
        o.will = mqtt::will_message{will.topic, will.payload, will.qos, will.retain};
        mqtt = std::make_unique<mqtt::client>(o);
        // libmosquitto's thread: copy and post, never block.
        mqtt->on_message([this](mqtt::message&& m) {
            net::post(ioc, [this, m = std::move(m)] { guarded("ingest", [&] { on_message(m); }); });
        });
        mqtt->on_published([this](int mid) { net::post(ioc, [this, mid] { sink->on_published(mid); }); });
        mqtt->on_connect([this](bool session_present) {
            for (const auto& r : cfg.regions) mqtt->subscribe(topics::region_filter(r), 1);
            mqtt->subscribe(topics::crew_report_filter, 1);
            if (clock.drill()) mqtt->subscribe(topics::sim_clock, 0);
            const auto st = wire::center_state(true, cfg.center_id, wall_now(), cfg.regions, instance);
            mqtt->publish(st.topic, st.payload, st.qos, st.retain);
            log::info(component, std::string("connected to broker") + (session_present ? " (session resumed)" : ""));
        });
        mqtt->on_disconnect([](int rc) {
            if (rc != 0) log::warn(component, "broker connection lost; reconnecting");
        });
    }
};

service::service(center_config cfg) : p_(std::make_unique<impl>(std::move(cfg))) {}
service::~service() = default;

void service::stop() {
    net::post(p_->ioc, [this] { p_->ioc.stop(); });
}

int service::run() {
    auto& s = *p_;
    try {
        s.open_store_and_core();
    } catch (const std::exception& e) {
        log::error(component, e.what());
        return 1;
    }
    s.connect_mqtt();
    s.reads = std::make_unique<read_side>(s.cfg.db_path, s.cfg.read_threads, s.cfg.limits,
                                          s.cfg.test_alarm_limit, s.clock);
    s.sink = std::make_unique<effects_sink>(*s.db, *s.mqtt, s.reads->view(), s.cfg.center_id, s.instance);
    s.reads->publish(s.core->registry_snapshot());
    s.sink->refresh_view(*s.core);
    s.routes = api::center_routes({[&s] { return s.metrics(); }});
    try {
        s.http = std::make_unique<http_server>(s.http_ioc, s.cfg.http_address, s.cfg.http_port,
                                               [&s](api::request r, http_reply reply) {
                                                   s.on_request(std::move(r), std::move(reply));
                                               });
    } catch (const std::exception& e) {
        log::error(component, "console: cannot listen on " + s.cfg.http_address + ":" +
                                  std::to_string(s.cfg.http_port) + ": " + e.what());
        return 1;
    }
    const auto port = s.http->port();
    s.db->set_owner_console(s.cfg.http_address + ":" + std::to_string(port));   // for a second writer's message
    if (!s.cfg.port_file.empty()) std::ofstream(s.cfg.port_file) << port << "\n";
    log::info(component, "console at http://" + s.cfg.http_address + ":" + std::to_string(port) + "/; instance " +
                             wire::instance_text(s.instance));

    // Orders the store still holds unsent (a crash between persisting and the broker's PUBACK).
    const auto unsent = s.db->unsent_dispatches();
    if (!unsent.empty() || s.core->engine().open_count() > 0)
        log::info(component, "recovered " + std::to_string(s.core->engine().open_count()) + " open incidents, " +
                                 std::to_string(unsent.size()) + " dispatch orders to (re)send");
    for (const auto& d : unsent) s.sink->publish_dispatch(d);
    if (auto err = s.mqtt->start(); !err.empty()) {
        log::error(component, err);
        return 1;
    }
    s.signals.async_wait([&s](const boost::system::error_code& ec, int) {
        if (!ec) {
            log::info(component, "stopping");
            s.ioc.stop();
        }
    });
    std::thread http_thread([&s] {
        auto guard = net::make_work_guard(s.http_ioc);
        s.http_ioc.run();
    });
    s.on_tick();
    s.ioc.run();

    // Clean shutdown: stop taking requests, say offline, stop MQTT (joins its thread), close the store.
    s.http->stop();
    s.http_ioc.stop();
    http_thread.join();
    s.reads->stop();
    const auto st = wire::center_state(false, s.cfg.center_id, wall_now(), {}, s.instance);
    s.mqtt->publish(st.topic, st.payload, st.qos, st.retain);
    s.mqtt->stop();
    s.db.reset();
    log::info(component, "stopped");
    return 0;
}

}  // namespace lw::center
