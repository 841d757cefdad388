#include "lw/agent/node.hpp"

#include "lw/agent/wire.hpp"
#include "lw/agent/thresholds.hpp"

#include <algorithm>

#include "liftwatch/v1/liftwatch.pb.h"
#include "lw/log.hpp"
#include "lw/topics.hpp"

namespace lw::agent {
namespace {
constexpr std::string_view component = "agent";
namespace pb = liftwatch::v1;

}  // namespace

std::string encode_status(const car_sample& s, const std::string& id, std::uint64_t bd,
                          const std::set<fault_code>& active) {
    pb::Status m;
    m.set_elevator_id(id);
    m.set_time_ms(to_ms(s.at));
    m.set_mode(static_cast<pb::ServiceMode>(s.mode));
    m.set_direction(static_cast<pb::Direction>(s.direction));
    m.set_moving(s.moving);
    m.set_speed_mps(static_cast<float>(s.speed_mps));
    m.set_floor_known(s.floor.has_value());
    m.set_floor(s.floor.value_or(0));
    m.set_in_door_zone(s.in_door_zone);
    m.set_door(static_cast<pb::DoorState>(s.door));
    m.set_occupied(s.occupied);
    m.set_alarm_button(s.alarm_button);
    m.set_mains_ok(s.mains_ok);
    m.set_battery_pct(static_cast<std::uint32_t>(std::max(0, s.battery_pct)));
    m.set_safety_circuit_ok(s.safety_circuit_ok);
    m.set_door_lock_ok(s.door_lock_ok);
    m.set_overload(s.overload);
    m.set_temperature_c(static_cast<float>(s.temperature_c));
    for (auto c : active) m.add_active_faults(static_cast<pb::FaultCode>(c));
    m.set_bd_seq(bd);
    return m.SerializeAsString();
}

namespace {

// The fields whose change is worth an immediate status message (others wait for the period).
bool status_changed(const car_sample& a, const car_sample& b) {
    return a.mode != b.mode || a.moving != b.moving || a.door != b.door || a.floor != b.floor ||
           a.in_door_zone != b.in_door_zone || a.occupied != b.occupied || a.alarm_button != b.alarm_button ||
           a.mains_ok != b.mains_ok || a.safety_circuit_ok != b.safety_circuit_ok || a.door_lock_ok != b.door_lock_ok;
}

}  // namespace

node::node(node_config cfg, sensor_source& sensors, audio_out& audio)
    : cfg_(std::move(cfg)),
      sensors_(sensors),
      audio_(audio),
      detector_(cfg_.detector),
      outbox_(cfg_.outbox_path.empty() ? ":memory:" : cfg_.outbox_path, cfg_.outbox_capacity),
      mqtt_([this] {
          auto o = cfg_.mqtt;
          if (o.client_id.empty()) o.client_id = "lw-node-" + cfg_.elevator_id;
          o.clean_session = false;  // persistent: commands queued while we are away
          return o;
      }()) {
    // bd_seq: +1 per connect, persisted so a restarted board never reuses one (a late Will of
    // an old session must not kill the new one at the center).
    comfort_.set_config(cfg_.comfort);
    bd_seq_ = static_cast<std::uint64_t>(outbox_.get_meta("bd_seq").value_or(0)) + 1;
    outbox_.set_meta("bd_seq", static_cast<std::int64_t>(bd_seq_.load()));
    // The outbox records the highest seq it ever stored in the same transaction as the entry,
    // so a power cut cannot make a restarted node reuse a seq ("next_seq" is from older files).
    next_seq_ = std::max<std::uint64_t>(static_cast<std::uint64_t>(outbox_.get_meta("next_seq").value_or(1)),
                                        outbox_.last_seq() + 1);
    mqtt_.set_will({topics::node(cfg_.region, cfg_.elevator_id, topics::node_kind::death), death_payload(bd_seq_), 1,
                    false});
    mqtt_.on_connect([this](bool) { push({inbox_item::kind::connected, 0, {}, bd_seq_.load()}); });
    mqtt_.on_disconnect([this](int) {
        // Library thread, before its automatic reconnect: the next session gets a new bd_seq and
        // a Will that carries it.
        const auto next = bd_seq_.fetch_add(1) + 1;
        mqtt_.set_will({topics::node(cfg_.region, cfg_.elevator_id, topics::node_kind::death), death_payload(next), 1,
                        false});
        push({inbox_item::kind::disconnected, 0, {}});
    });
    mqtt_.on_published([this](int mid) { push({inbox_item::kind::acked, mid, {}}); });
    mqtt_.on_message([this](mqtt::message&& m) { push({inbox_item::kind::command, 0, std::move(m.payload)}); });
}

node::~node() { stop(); }

std::string node::death_payload(std::uint64_t bd) const {
    pb::NodeDeath d;
    d.set_elevator_id(cfg_.elevator_id);
    d.set_bd_seq(bd);
    return d.SerializeAsString();
}

void node::push(inbox_item&& it) {
    std::lock_guard lock(inbox_mutex_);
    inbox_.push_back(std::move(it));
}

std::string node::start() {
    if (started_) return {};
    started_ = true;
    return mqtt_.start();
}

void node::stop() {
    if (!started_) return;
    started_ = false;
    if (mqtt_.connected()) {
        pb::NodeDeath d;
        d.set_elevator_id(cfg_.elevator_id);
        d.set_bd_seq(bd_seq_);
        d.set_clean(true);
        mqtt_.publish(topics::node(cfg_.region, cfg_.elevator_id, topics::node_kind::death), d.SerializeAsString(), 1);
    }
    mqtt_.stop();
}

void node::on_connected(timestamp now, std::uint64_t bd) {
    online_ = true;
    outbox_.set_meta("bd_seq", static_cast<std::int64_t>(bd));
    mqtt_.subscribe(topics::node(cfg_.region, cfg_.elevator_id, topics::node_kind::cmd), 1);
    pb::NodeBirth b;
    b.set_elevator_id(cfg_.elevator_id);
    b.set_bd_seq(bd);
    b.set_firmware_version(cfg_.firmware_version);
    b.set_time_ms(to_ms(now));
    b.set_status_interval_s(static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(cfg_.status_every).count()));
    b.set_sample_rate_hz(10);
    for (auto c : detector_.active()) b.add_active_faults(static_cast<pb::FaultCode>(c));
    b.set_next_event_seq(next_seq_);
    mqtt_.publish(topics::node(cfg_.region, cfg_.elevator_id, topics::node_kind::birth), b.SerializeAsString(), 1);
    ++stats_.births;
    log::info(component, cfg_.elevator_id + ": connected to " + cfg_.mqtt.host + ":" + std::to_string(cfg_.mqtt.port) +
                             ", birth bd_seq=" + std::to_string(bd) + ", next event seq " +
                             std::to_string(next_seq_) + ", outbox holds " + std::to_string(outbox_.size()));
    last_status_.reset();  // a fresh status follows every birth
}

bool node::store_event(int kind, std::uint16_t code, const std::string& detail, timestamp at, bool precious,
                       const command_answer* answer) {
    pb::Event e;
    if (answer) {
        e.set_command_id(answer->command_id);
        e.set_command_kind(static_cast<pb::CommandKind>(answer->command_kind));
        e.set_ok(answer->ok);
    }
    e.set_elevator_id(cfg_.elevator_id);
    e.set_seq(next_seq_);
    e.set_time_ms(to_ms(at));
    e.set_kind(static_cast<pb::EventKind>(kind));
    e.set_code(static_cast<pb::FaultCode>(code));
    e.set_detail(detail);
    e.set_historical(!online_ || !mqtt_.connected());  // created while offline: it will arrive late
    e.set_bd_seq(bd_seq_);
    if (!outbox_.append({next_seq_, e.SerializeAsString(), precious})) {
        ++stats_.store_failures;
        log::error(component, cfg_.elevator_id + ": event " + std::to_string(next_seq_) +
                                  " could not be stored: " + outbox_.last_error());
        return false;
    }
    ++next_seq_;
    ++stats_.events_stored;
    return true;
}

void node::hand_pending(timestamp now) {
    if (!online_) return;  // not connected: keep it on disk
    if (draining_since_) {
        if (mid_to_seq_.empty()) {
            draining_since_.reset();
        } else if (now - *draining_since_ >= cfg_.resend_timeout) {
            log::warn(component, cfg_.elevator_id + ": " + std::to_string(mid_to_seq_.size()) +
                                     " events not acknowledged after the reconnect; handing the outbox again");
            mid_to_seq_.clear();
            handed_up_to_ = 0;
            draining_since_.reset();
        } else {
            return;  // libmosquitto is re-sending the older ones first
        }
    }
    auto entries = outbox_.pending(handed_up_to_, cfg_.replay_per_poll);
    for (auto& e : entries) {
        std::string payload = std::move(e.payload);
        // Entries from an earlier session arrive late by definition: mark them historical.
        if (pb::Event ev; ev.ParseFromString(payload) && ev.bd_seq() != bd_seq_ && !ev.historical()) {
            ev.set_historical(true);
            payload = ev.SerializeAsString();
        }
        const auto r = mqtt_.publish(topics::node(cfg_.region, cfg_.elevator_id, topics::node_kind::event), payload, 1);
        // Queued (even with "not connected": the session dropped a moment ago) means libmosquitto
        // re-sends it, in order, after its reconnect: handing it again would duplicate it.
        // Anything else (queue limit, out of memory): keep it on disk, retry on the next poll.
        if (!r.queued) {
            log::debug(component, cfg_.elevator_id + ": event " + std::to_string(e.seq) +
                                      " not handed to MQTT yet: " + mqtt::client::error_text(r.rc));
            break;
        }
        mid_to_seq_[r.mid] = e.seq;
        handed_up_to_ = e.seq;
    }
}

void node::publish_status(const car_sample& s, timestamp now) {
    if (!online_) return;
    mqtt_.publish(topics::node(cfg_.region, cfg_.elevator_id, topics::node_kind::status),
                  encode_status(s, cfg_.elevator_id, bd_seq_, detector_.active()), 0);
    last_status_ = s;
    last_status_at_ = now;
}

void node::play(const play_request& p, timestamp now) {
    plays_awaiting_outcome_.push_back(p);
    audio_.play(cfg_.comfort_clip, now);
}

// One event per play, when its outcome is known: "played" is said only of a clip the backend
// played to its end; a failure carries the backend's reason.
void node::report_comfort(timestamp now) {
    for (auto& o : audio_.take_outcomes()) {
        if (plays_awaiting_outcome_.empty()) break;   // every play() has one outcome: cannot happen
        const auto p = plays_awaiting_outcome_.front();
        plays_awaiting_outcome_.pop_front();
        const auto what = std::string(to_string(p.trigger)) + ", play " + std::to_string(p.repetition + 1);
        last_comfort_failure_ = o.played ? std::string{} : o.reason;
        if (o.played) {
            ++stats_.comfort_plays;
            store_event(pb::EVENT_KIND_COMFORT_PLAYED, 0, what, now, false);
        } else {
            ++stats_.comfort_failures;
            log::warn(component, cfg_.elevator_id + ": comfort message not played (" + what + "): " + o.reason);
            store_event(pb::EVENT_KIND_COMFORT_FAILED, 0, what + ": " + o.reason, now, false);
        }
    }
}

void node::answer(std::uint64_t command_id, int command_kind, bool ok, const std::string& detail, timestamp now) {
    if (command_id == 0) return;   // an older center: it would not understand the answer
    const command_answer a{command_id, command_kind, ok};
    if (store_event(pb::EVENT_KIND_COMMAND_RESULT, 0, detail, now, false, &a)) ++stats_.commands_answered;
}

bool node::raise_test_alarm(timestamp now, const std::string& why) {
    if (test_alarm_) test_alarm_->sent(now);
    return store_event(pb::EVENT_KIND_TEST_ALARM, static_cast<std::uint16_t>(fault_code::test_alarm), why, now, false);
}

void node::on_command(const std::string& payload, timestamp now) {
    pb::Command c;
    if (!c.ParseFromString(payload) || c.elevator_id() != cfg_.elevator_id) {
        ++stats_.bad_commands;
        log::warn(component, cfg_.elevator_id + ": ignored a command that does not parse or is for another elevator");
        return;
    }
    ++stats_.commands;
    const auto id = c.command_id();
    const int kind = c.kind();
    const auto done = [&](bool ok, const std::string& detail) {
        log::info(component, cfg_.elevator_id + ": command " + std::to_string(id) + " (kind " + std::to_string(kind) +
                                 ") from " + c.issued_by() + ": " + (ok ? "done: " : "refused: ") + detail);
        answer(id, kind, ok, detail, now);
    };
    switch (c.kind()) {
        case pb::COMMAND_KIND_REBIRTH:
            on_connected(now, bd_seq_.load());
            return done(true, "birth published (bd_seq " + std::to_string(bd_seq_.load()) + ")");
        case pb::COMMAND_KIND_TEST_ALARM: {
            const auto seq = next_seq_;
            if (!raise_test_alarm(now, "requested by " + c.issued_by()))
                return done(false, "test alarm not stored: " + outbox_.last_error());
            return done(true, "EN 81-28 test alarm raised (event seq " + std::to_string(seq) + ")");
        }
        case pb::COMMAND_KIND_PLAY_COMFORT: {
            using answer_kind = comfort_scheduler::order_result::answer;
            const auto r = comfort_.order(now);
            switch (r.what) {
                case answer_kind::started:
                    play(*r.play, now);
                    return done(true, "comfort message started");
                case answer_kind::already_playing:
                    return done(true, "already playing (session started by " +
                                          std::string(to_string(comfort_.trigger())) +
                                          (last_comfort_failure_.empty() ? std::string{}
                                                                         : "; its last play failed: " + last_comfort_failure_) +
                                          "); not played again");
                case answer_kind::doors_open: return done(false, "doors open: nobody is shut in; not played");
            }
            return;
        }
        case pb::COMMAND_KIND_STOP_COMFORT: {
            const bool was = comfort_.running();
            comfort_.stop(now);
            return done(true, was ? "comfort stopped" : "comfort was not playing");
        }
        case pb::COMMAND_KIND_SET_THRESHOLDS: {
            auto d = detector_.config();
            const std::map<std::string, std::string> changes(c.thresholds().begin(), c.thresholds().end());
            if (auto why = apply_thresholds(d, changes); !why.empty()) {
                ++stats_.bad_commands;
                return done(false, why + "; nothing changed");
            }
            detector_.set_config(d);
            return done(true, "in effect: " + describe_thresholds(d, changes));
        }
        default:
            ++stats_.bad_commands;
            return done(false, "unknown command kind " + std::to_string(kind));
    }
}

void node::poll(timestamp now) {
    std::deque<inbox_item> items;
    {
        std::lock_guard lock(inbox_mutex_);
        items.swap(inbox_);
    }
    std::vector<std::uint64_t> acked;
    for (auto& it : items) {
        switch (it.what) {
            case inbox_item::kind::connected:
                on_connected(now, it.bd_seq);
                if (!mid_to_seq_.empty()) draining_since_ = now;
                break;
            case inbox_item::kind::disconnected:
                if (online_) log::warn(component, cfg_.elevator_id + ": disconnected; events stay in the outbox");
                online_ = false;
                break;
            case inbox_item::kind::acked:
                if (auto f = mid_to_seq_.find(it.mid); f != mid_to_seq_.end()) {
                    acked.push_back(f->second);
                    ++stats_.events_acked;
                    mid_to_seq_.erase(f);
                }
                break;
            case inbox_item::kind::command: on_command(it.payload, now); break;
        }
    }
    // A failed delete only means the entry is sent once more after a restart (at-least-once).
    if (!outbox_.remove(acked))
        log::error(component, cfg_.elevator_id + ": could not delete acknowledged events: " + outbox_.last_error());

    if (!test_alarm_) test_alarm_.emplace(now, cfg_.test_alarm);

    if (auto sample = sensors_.read(now)) {
        ++stats_.samples;
        for (const auto& ch : detector_.update(*sample, now)) {
            const bool precious = is_entrapment(ch.code) || ch.code == fault_code::passenger_alarm;
            store_event(ch.raised ? pb::EVENT_KIND_FAULT_RAISED : pb::EVENT_KIND_FAULT_CLEARED,
                        static_cast<std::uint16_t>(ch.code), ch.detail, ch.at, precious && ch.raised);
            if (is_entrapment(ch.code) && ch.raised)
                log::warn(component, cfg_.elevator_id + ": " + std::string(to_string(ch.code)) + " raised");
        }
        const auto& active = detector_.active();
        const bool trapped = active.count(fault_code::entrapment_between_floors) > 0 ||
                             active.count(fault_code::entrapment_at_floor) > 0;
        const bool doors_open = sample->door == door_state::open || sample->door == door_state::opening;
        if (auto p = comfort_.update(trapped, doors_open, now)) play(*p, now);

        const bool due = !last_status_ || now - last_status_at_ >= cfg_.status_every;
        const bool changed = last_status_ && status_changed(*last_status_, *sample) &&
                             now - last_status_at_ >= cfg_.status_min_gap;
        if (due || changed) publish_status(*sample, now);
    }
    if (test_alarm_->due(now)) raise_test_alarm(now, "EN 81-28 periodic test");
    report_comfort(now);
    hand_pending(now);
}

}  // namespace lw::agent
