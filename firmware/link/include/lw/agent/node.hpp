#pragma once
// One elevator's agent: HAL samples -> fault detector -> outbox -> MQTT, and commands back.
// The board's main loop and every virtual elevator of the simulator run this same class.
//
// Threading: poll() and everything else except the MQTT handlers run on the owner's thread.
// The MQTT handlers (library thread) only push to a locked inbox that poll() drains.
// Time: poll(now) takes the owner's clock (wall time on the board, city time in a drill).
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lw/agent/comfort.hpp"
#include "lw/agent/fault_detector.hpp"
#include "lw/agent/hal.hpp"
#include "lw/agent/outbox.hpp"
#include "lw/agent/test_alarm.hpp"
#include "lw/mqtt_client.hpp"
#include "lw/time.hpp"

namespace lw::agent {

struct node_config {
    std::string region = "tianshui";
    std::string elevator_id;
    std::string firmware_version = "lw-agent 0.1.0";
    std::string outbox_path;                       // SQLite file; ":memory:" for throw-away nodes
    std::size_t outbox_capacity = outbox::default_capacity;
    mqtt::options mqtt;
    detector_config detector;
    duration status_every = std::chrono::seconds{30};   // periodic status even without change
    duration status_min_gap = std::chrono::milliseconds{500};  // rate limit on-change status
    comfort_config comfort;
    test_alarm_config test_alarm;   // EN 81-28: at least every 3 days
    // Replay rate: outbox entries handed to MQTT per poll (10 Hz polling -> 200 events/s), so
    // a long outage does not flood the broker or starve live alarms.
    std::size_t replay_per_poll = 20;
    // After a reconnect, events handed to MQTT before the drop are re-sent by libmosquitto
    // first; newer events wait until those are acknowledged (keeps seq order at the center).
    // If they are not acknowledged within this time, everything still in the outbox is handed
    // again (may duplicate, never loses).
    duration resend_timeout = std::chrono::seconds{60};
    std::string comfort_clip = "comfort-zh";
};

struct node_stats {
    std::uint64_t samples = 0;
    std::uint64_t events_stored = 0;
    std::uint64_t events_acked = 0;
    std::uint64_t store_failures = 0;
    std::uint64_t commands = 0;
    std::uint64_t bad_commands = 0;
    std::uint64_t births = 0;
    std::uint64_t comfort_plays = 0;      // played to the end (the audio backend's outcome)
    std::uint64_t comfort_failures = 0;   // could not be played (reported with the reason)
    std::uint64_t commands_answered = 0;  // COMMAND_RESULT events stored
};

class node {
public:
    node(node_config cfg, sensor_source& sensors, audio_out& audio);
    ~node();

    // Connects (asynchronously; reconnects by itself). Returns an error text or "".
    std::string start();
    // Clean goodbye: a death with clean=true, then disconnect.
    void stop();

    // One cycle: drain MQTT inbox, read a sample, detect, publish. Cheap when nothing changed.
    void poll(timestamp now);

    // Raise an event directly (e.g. a test alarm requested locally). Returns false if not stored.
    bool raise_test_alarm(timestamp now, const std::string& why);

    const node_stats& stats() const { return stats_; }
    std::size_t outbox_size() { return outbox_.size(); }
    std::uint64_t bd_seq() const { return bd_seq_.load(); }
    bool connected() const { return mqtt_.connected(); }
    const fault_detector& detector() const { return detector_; }
    const node_config& config() const { return cfg_; }

private:
    struct inbox_item {
        enum class kind { connected, disconnected, acked, command } what;
        int mid = 0;
        std::string payload;
        std::uint64_t bd_seq = 0;   // connected: the bd_seq of the session that just began
    };
    void push(inbox_item&& it);
    // Birth (and command subscription) for the session numbered `bd`.
    void on_connected(timestamp now, std::uint64_t bd);
    void on_command(const std::string& payload, timestamp now);
    // With a command's answer (EVENT_KIND_COMMAND_RESULT): which command, and whether it was done.
    struct command_answer {
        std::uint64_t command_id = 0;
        int command_kind = 0;
        bool ok = false;
    };
    bool store_event(int kind, std::uint16_t code, const std::string& detail, timestamp at, bool precious,
                     const command_answer* answer = nullptr);
    // Answers a command (when it carries a command_id): ok or not, and what was done or why not.
    void answer(std::uint64_t command_id, int command_kind, bool ok, const std::string& detail, timestamp now);
    // The comfort outcomes the audio backend knows by now, as COMFORT_PLAYED / COMFORT_FAILED.
    void report_comfort(timestamp now);
    void publish_status(const car_sample& s, timestamp now);
    void hand_pending(timestamp now);
    void play(const play_request& p, timestamp now);
    std::string death_payload(std::uint64_t bd) const;

    node_config cfg_;
    sensor_source& sensors_;
    audio_out& audio_;
    fault_detector detector_;
    outbox outbox_;
    mqtt::client mqtt_;
    node_stats stats_;

    std::mutex inbox_mutex_;
    std::deque<inbox_item> inbox_;

    // bd_seq of the current (or next) MQTT session. Written on the library thread by the
    // disconnect handler, which also installs the Will carrying the new value, so the Will and
    // the birth of one session always carry the same number.
    std::atomic<std::uint64_t> bd_seq_{0};
    std::uint64_t next_seq_ = 1;
    std::uint64_t handed_up_to_ = 0;          // highest seq handed to MQTT in this process
    std::map<int, std::uint64_t> mid_to_seq_; // in flight: MQTT mid -> outbox seq
    bool online_ = false;
    std::optional<timestamp> draining_since_;  // reconnected with events still in flight

    std::optional<car_sample> last_status_;
    timestamp last_status_at_{};
    comfort_scheduler comfort_;
    std::deque<play_request> plays_awaiting_outcome_;   // handed to audio_, in order
    std::string last_comfort_failure_;                  // reason of the last play, if it failed
    std::optional<test_alarm_scheduler> test_alarm_;   // created at the first poll (needs a time)
    bool started_ = false;
};

}  // namespace lw::agent
