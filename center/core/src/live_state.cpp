#include "lw/center/live_state.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace lw::center {

namespace {

using domain::mask_of;

// Codes that may be held in the active mask: 1..63 except the test alarm (an event only).
constexpr fault_mask activatable_mask = ~(mask_of(fault_code::unknown) | mask_of(fault_code::test_alarm));

constexpr bool valid_code(fault_code c) {
    return c != fault_code::unknown && static_cast<std::uint16_t>(c) <= domain::max_fault_code_in_mask;
}

// A node that is silent stays indexed only while it has a fault and was not reported yet.
bool in_silence_index(const elevator_live& l) { return l.active_faults != 0 && !l.silence_reported; }

// Watched for an overdue status while online with a reported period, until reported overdue.
bool in_status_index(const elevator_live& l) {
    return l.online() && l.status_interval > duration::zero() && !l.status_overdue;
}

// Watched for missing test alarms while known as a board, until reported overdue.
bool in_test_alarm_index(const elevator_live& l) { return l.board_known && !l.test_alarm_overdue; }

// A status (or the birth) arrived now: the next one is due within 1.5 x the period.
void status_arrived(elevator_live& l, timestamp now) {
    l.status_due = now + status_overdue_after(l.status_interval);
    l.status_overdue = false;
}

void heard(elevator_live& l, timestamp now) {
    l.last_seen = now;
    l.silence_reported = false;
}

}  // namespace

std::uint64_t ingest_counters::total() const { return std::accumulate(by_result.begin(), by_result.end(), std::uint64_t{0}); }

void live_state_table::reserve(std::size_t elevators) { elevators_.reserve(elevators); }

bool live_state_table::register_elevator(std::string_view id) {
    return elevators_.try_emplace(std::string{id}).second;
}

bool live_state_table::known(std::string_view id) const { return elevators_.find(id) != elevators_.end(); }

const elevator_live* live_state_table::get(std::string_view id) const {
    const auto it = elevators_.find(id);
    return it == elevators_.end() ? nullptr : &it->second;
}

live_state_table::entry* live_state_table::find_(std::string_view id) {
    const auto it = elevators_.find(id);
    return it == elevators_.end() ? nullptr : &*it;
}

ingest_outcome live_state_table::count_(ingest_result r, ingest_outcome o) {
    o.result = r;
    ++counters_.by_result[static_cast<std::size_t>(r)];
    if (o.rebirth_needed) ++counters_.rebirths_needed;
    return o;
}

template <class Change>
void live_state_table::update_(entry& e, Change&& change) {
    elevator_live& l = e.second;
    const bool was_online = l.online();
    const bool was_overdue = l.status_overdue;
    const bool was_test_alarm_overdue = l.test_alarm_overdue;
    if (in_silence_index(l)) silence_index_.erase(timed_key{l.last_seen, &e});
    if (in_status_index(l)) status_index_.erase(timed_key{l.status_due, &e});
    if (in_test_alarm_index(l)) test_alarm_index_.erase(timed_key{l.test_alarm_since, &e});
    change(l);
    if (in_silence_index(l)) silence_index_.insert(timed_key{l.last_seen, &e});
    if (in_status_index(l)) status_index_.insert(timed_key{l.status_due, &e});
    if (in_test_alarm_index(l)) test_alarm_index_.insert(timed_key{l.test_alarm_since, &e});
    if (l.online() != was_online) {
        if (l.online())
            ++online_count_;
        else
            --online_count_;
    }
    if (l.status_overdue != was_overdue) {
        if (l.status_overdue)
            ++status_overdue_count_;
        else
            --status_overdue_count_;
    }
    if (l.test_alarm_overdue != was_test_alarm_overdue) {
        if (l.test_alarm_overdue)
            ++test_alarm_overdue_count_;
        else
            --test_alarm_overdue_count_;
    }
}

ingest_outcome live_state_table::on_birth(std::string_view id, const node_birth& birth, timestamp now) {
    entry* e = find_(id);
    if (e == nullptr) return count_(ingest_result::rejected_unknown_elevator);
    update_(*e, [&](elevator_live& l) {
        l.state = node_state::online;
        l.bd_seq = birth.bd_seq;
        l.state_since = now;
        if (!l.board_known) l.test_alarm_since = now;   // first birth: the test-alarm watch starts
        l.board_known = true;
        l.status_interval = std::max(birth.status_interval, duration::zero());
        status_arrived(l, now);
        heard(l, now);
        // Keep the high-water mark only when the board's counter evidently continues from it.
        const bool counter_continues = birth.next_event_seq && l.last_seq && *birth.next_event_seq > *l.last_seq;
        if (!counter_continues) l.last_seq.reset();
        if (birth.active_faults) l.active_faults = *birth.active_faults & activatable_mask;
    });
    ++counters_.births;
    return count_(ingest_result::accepted);
}

ingest_outcome live_state_table::on_death(std::string_view id, std::uint64_t bd_seq, timestamp now) {
    entry* e = find_(id);
    if (e == nullptr) return count_(ingest_result::rejected_unknown_elevator);
    const elevator_live& l = e->second;
    // No session known (center restarted and missed the birth): the death is the best evidence we
    // have. If it was a late Will, the node's next status/event asks for a rebirth and heals it.
    if (l.bd_seq && *l.bd_seq != bd_seq) return count_(ingest_result::rejected_stale_death);
    if (l.bd_seq && l.state == node_state::offline) return count_(ingest_result::rejected_duplicate_death);
    update_(*e, [&](elevator_live& live) {
        live.state = node_state::offline;
        live.bd_seq = bd_seq;
        live.state_since = now;
        live.status_overdue = false;   // the watch ends: offline says more
    });
    ++counters_.deaths;
    return count_(ingest_result::accepted);
}

ingest_outcome live_state_table::on_status(std::string_view id, const car_status& status, timestamp now) {
    entry* e = find_(id);
    if (e == nullptr) return count_(ingest_result::rejected_unknown_elevator);
    ingest_outcome out;
    out.rebirth_needed = !e->second.online();
    update_(*e, [&](elevator_live& l) {
        l.status = status;
        l.status_received_at = now;
        if (l.online()) status_arrived(l, now);
        heard(l, now);
    });
    ++counters_.statuses;
    return count_(ingest_result::accepted, out);
}

ingest_outcome live_state_table::on_event(std::string_view id, const node_event& event, timestamp now) {
    entry* e = find_(id);
    if (e == nullptr) return count_(ingest_result::rejected_unknown_elevator);
    const elevator_live& current = e->second;
    ingest_outcome out;
    if (current.last_seq) {
        if (event.seq == *current.last_seq) return count_(ingest_result::rejected_duplicate_seq);
        if (event.seq < *current.last_seq) return count_(ingest_result::rejected_old_seq);
        out.gap = event.seq - *current.last_seq - 1;
    }
    out.rebirth_needed = !current.online();
    const bool code_ok = !event.fault || valid_code(event.code);
    update_(*e, [&](elevator_live& l) {
        // A bad code's seq still counts as received: the next event must not report a false gap.
        l.last_seq = event.seq;
        heard(l, now);
        if (out.gap > 0) {
            constexpr auto cap = std::numeric_limits<std::uint32_t>::max();
            l.events_missed = out.gap >= cap - l.events_missed ? cap : l.events_missed + static_cast<std::uint32_t>(out.gap);
        }
        if (!code_ok || !event.fault) return;
        if (event.raised)
            l.active_faults |= mask_of(event.code) & activatable_mask;
        else
            l.active_faults &= ~mask_of(event.code);
    });
    if (out.gap > 0) {
        ++counters_.seq_gaps;
        counters_.events_missed += out.gap;
    }
    if (!code_ok) return count_(ingest_result::rejected_bad_fault_code, out);
    ++counters_.events;
    return count_(ingest_result::accepted, out);
}

std::vector<std::string> live_state_table::take_newly_silent(timestamp now, duration silence) {
    std::vector<std::string> out;
    while (!silence_index_.empty()) {
        const auto it = silence_index_.begin();
        if (now - it->at < silence) break;
        entry* e = it->elevator;
        silence_index_.erase(it);
        e->second.silence_reported = true;  // out of the index until heard again
        out.push_back(e->first);
    }
    counters_.silences_reported += out.size();
    return out;
}

std::vector<std::string> live_state_table::take_status_overdue(timestamp now) {
    std::vector<std::string> out;
    while (!status_index_.empty()) {
        const auto it = status_index_.begin();
        if (!(it->at < now)) break;   // overdue once now > due
        entry* e = it->elevator;
        status_index_.erase(it);
        e->second.status_overdue = true;   // out of the index until the next status or birth
        ++status_overdue_count_;
        out.push_back(e->first);
    }
    counters_.statuses_overdue += out.size();
    return out;
}

bool live_state_table::test_alarm_received(std::string_view id, timestamp now) {
    entry* e = find_(id);
    if (e == nullptr) return false;
    update_(*e, [&](elevator_live& l) {
        l.test_alarm_since = std::max(l.test_alarm_since, now);
        l.test_alarm_overdue = false;
    });
    return true;
}

std::vector<std::string> live_state_table::take_test_alarm_overdue(timestamp now, duration limit) {
    std::vector<std::string> out;
    while (!test_alarm_index_.empty()) {
        const auto it = test_alarm_index_.begin();
        if (!(now - it->at > limit)) break;
        entry* e = it->elevator;
        test_alarm_index_.erase(it);
        e->second.test_alarm_overdue = true;   // out of the index until the next test alarm
        ++test_alarm_overdue_count_;
        out.push_back(e->first);
    }
    counters_.test_alarms_overdue += out.size();
    return out;
}

bool live_state_table::mark_board_known(std::string_view id, timestamp test_alarm_since) {
    entry* e = find_(id);
    if (e == nullptr) return false;
    update_(*e, [&](elevator_live& l) {
        l.board_known = true;
        l.test_alarm_since = test_alarm_since;
        l.test_alarm_overdue = false;
    });
    return true;
}

std::string_view to_string(node_state s) {
    switch (s) {
        case node_state::unknown: return "unknown";
        case node_state::online: return "online";
        case node_state::offline: return "offline";
    }
    return "unknown";
}

std::string_view to_string(ingest_result r) {
    switch (r) {
        case ingest_result::accepted: return "accepted";
        case ingest_result::rejected_unknown_elevator: return "rejected_unknown_elevator";
        case ingest_result::rejected_stale_death: return "rejected_stale_death";
        case ingest_result::rejected_duplicate_death: return "rejected_duplicate_death";
        case ingest_result::rejected_duplicate_seq: return "rejected_duplicate_seq";
        case ingest_result::rejected_old_seq: return "rejected_old_seq";
        case ingest_result::rejected_bad_fault_code: return "rejected_bad_fault_code";
    }
    return "unknown";
}

}  // namespace lw::center
