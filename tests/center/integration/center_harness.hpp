#pragma once
// Integration harness for lw-center: a real mosquitto, the real lw-center process on a real
// SQLite file, and a peer MQTT client that plays the nodes and the crews and records every
// message the center sends on lw/v1/dispatch/# and lw/v1/center/state. Waiting is polling with
// a deadline.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/center/registry.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/time.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/sample_registry.hpp"
#include "lw/topics.hpp"

// The tests say `using namespace lw::test::center;` for what follows and the pb alias.
namespace lw::test::center {
namespace pb = liftwatch::v1;

inline constexpr std::string_view region = sample_region;

// The sample city (lw/test/sample_registry.hpp: company "north", using unit uu1, E1) with E2
// 300 m north of E1; crews from E1: north-near (1 km), north-far (5 km), rescue team rt1 (2 km,
// workstation ws1).
lw::center::city small_city();

struct http_reply {
    int status = 0;        // 0: no connection
    std::string body;
};
http_reply http_get(int port, const std::string& target);
http_reply http_post(int port, const std::string& target, const std::string& form_body);

struct dispatch_seen {
    std::string topic;
    liftwatch::v1::DispatchOrder order;
    std::chrono::steady_clock::time_point received;   // when the peer got it
};

// The result of running the lw-center command line once.
struct cli_result {
    int exit_code = -1;
    std::string output;    // stdout and stderr
};
cli_result run_cli(const std::vector<std::string>& args, const std::filesystem::path& work_dir);

class center_harness {
public:
    // `extra_args` are added to every `lw-center serve` start. `broker_persistence`: the broker
    // keeps sessions across its own restart (restart_broker()).
    explicit center_harness(std::vector<std::string> extra_args = {}, bool broker_persistence = false,
                            const lw::center::city& c = small_city());
    ~center_harness();

    // Starts lw-center and waits until it is subscribed (its "online" state arrives) and its
    // console answers. Returns false (and the log tail in `why`) when it does not come up.
    bool start_center(std::string* why = nullptr);
    // start_center() for a test: ASSERT_TRUE(h.started()) stops the test with the log tail.
    ::testing::AssertionResult started();
    void kill9_center();
    int stop_center();   // SIGTERM; the exit status
    bool center_running();

    void stop_broker() { broker_.stop(); }
    void start_broker() { broker_.start(); }

    int http_port() const { return http_port_; }
    std::string console() const { return "127.0.0.1:" + std::to_string(http_port_); }   // for --console
    const std::filesystem::path& db() const { return db_; }
    const std::filesystem::path& dir() const { return dir_.path(); }
    std::string center_log() const;

    // Node side.
    void publish_raw(const std::string& topic, const std::string& payload, int qos = 1);
    void birth(const std::string& elevator, std::uint64_t bd_seq, std::uint64_t next_event_seq = 1);
    void death(const std::string& elevator, std::uint64_t bd_seq);
    void event(const std::string& elevator, std::uint64_t seq, liftwatch::v1::FaultCode code,
               liftwatch::v1::EventKind kind = liftwatch::v1::EVENT_KIND_FAULT_RAISED);
    // The node of `elevator` comes up (bd_seq 1) and raises entrapment between floors (seq 1).
    void entrapment(const std::string& elevator);
    // Crew side.
    void report(const std::string& company, const std::string& crew, std::int64_t incident,
                liftwatch::v1::CrewReportKind kind);

    std::vector<dispatch_seen> dispatches();
    // Every dispatch order (not stand-downs) addressed to `crew`.
    std::vector<dispatch_seen> orders_for(const std::string& crew);
    bool wait_order_for(const std::string& crew, std::size_t count = 1,
                        std::chrono::milliseconds timeout = std::chrono::seconds{10});

    // The steps of an incident's timeline as the console API shows them, in record order.
    std::vector<std::string> timeline_steps(std::int64_t incident);
    bool wait_step(std::int64_t incident, const std::string& step, std::chrono::milliseconds timeout = std::chrono::seconds{10});
    std::string incident_phase(std::int64_t incident);

private:
    temp_dir dir_;
    mosquitto_broker broker_;
    std::filesystem::path db_, city_, port_file_, log_;
    std::vector<std::string> extra_args_;
    child_process center_;
    int http_port_ = 0;
    std::unique_ptr<lw::mqtt::client> peer_;
    std::mutex mutex_;
    std::vector<dispatch_seen> dispatches_;
    std::atomic<int> online_seen_{0};
};

}  // namespace lw::test::center
