#include "lw/center/live_state.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lw::center {
namespace {

using namespace std::chrono_literals;

const timestamp t0 = from_ms(1'700'000'000'000);
constexpr std::string_view lift_a = "31103201022012000001";  // 20-character registration code
constexpr std::string_view lift_b = "31103201022012000002";
constexpr fault_code door_close_failure = fault_code::door_close_failure;
constexpr fault_code battery_low = fault_code::battery_low;

node_event raised(std::uint64_t seq, fault_code code, timestamp at) { return {seq, code, true, false, at}; }
node_event cleared(std::uint64_t seq, fault_code code, timestamp at) { return {seq, code, false, false, at}; }

car_status stopped_status(timestamp at) {
    car_status s;
    s.sampled_at = at;
    s.floor = 3;
    s.occupied = true;
    return s;
}

class live_state_test : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(table.register_elevator(lift_a));
        ASSERT_TRUE(table.register_elevator(lift_b));
    }
    const elevator_live& a() const { return *table.get(lift_a); }

    live_state_table table;
    timestamp t = t0;
};

TEST_F(live_state_test, registration_is_idempotent_and_unknown_is_absent) {
    EXPECT_FALSE(table.register_elevator(lift_a));
    EXPECT_TRUE(table.known(lift_a));
    EXPECT_FALSE(table.known("nope"));
    EXPECT_EQ(table.get("nope"), nullptr);
    EXPECT_EQ(table.size(), 2U);
    EXPECT_EQ(a().state, node_state::unknown);
    EXPECT_EQ(table.online_count(), 0U);
}

TEST_F(live_state_test, unknown_elevator_is_rejected_for_every_input) {
    EXPECT_EQ(table.on_birth("ghost", 1, t).result, ingest_result::rejected_unknown_elevator);
    EXPECT_EQ(table.on_death("ghost", 1, t).result, ingest_result::rejected_unknown_elevator);
    EXPECT_EQ(table.on_status("ghost", stopped_status(t), t).result, ingest_result::rejected_unknown_elevator);
    EXPECT_EQ(table.on_event("ghost", raised(1, fault_code::entrapment_between_floors, t), t).result, ingest_result::rejected_unknown_elevator);
    EXPECT_FALSE(table.known("ghost"));
    EXPECT_EQ(table.counters().count(ingest_result::rejected_unknown_elevator), 4U);
    EXPECT_EQ(table.counters().total(), 4U);
    EXPECT_EQ(table.counters().rejected(), 4U);
}

TEST_F(live_state_test, birth_puts_the_node_online_and_resets_the_seq_expectation) {
    t += 1s;
    const auto out = table.on_birth(lift_a, 7, t);
    EXPECT_TRUE(out.accepted());
    EXPECT_FALSE(out.rebirth_needed);
    EXPECT_EQ(a().state, node_state::online);
    EXPECT_EQ(a().bd_seq, 7U);
    EXPECT_FALSE(a().last_seq.has_value());
    EXPECT_EQ(a().last_seen, t);
    EXPECT_EQ(a().state_since, t);
    EXPECT_FALSE(a().stale());
    EXPECT_EQ(table.online_count(), 1U);
    // First event of a session: any seq is accepted, no gap can be known.
    t += 1s;
    const auto ev = table.on_event(lift_a, raised(500, door_close_failure, t), t);
    EXPECT_TRUE(ev.accepted());
    EXPECT_EQ(ev.gap, 0U);
    EXPECT_EQ(a().last_seq, 500U);
}

TEST_F(live_state_test, death_of_the_current_session_marks_offline_and_stale_without_touching_last_seen) {
    table.on_birth(lift_a, 3, t);
    t += 5s;
    table.on_status(lift_a, stopped_status(t), t);
    const timestamp heard_at = t;
    t += 60s;
    const auto out = table.on_death(lift_a, 3, t);
    EXPECT_TRUE(out.accepted());
    EXPECT_EQ(a().state, node_state::offline);
    EXPECT_TRUE(a().stale());
    EXPECT_EQ(a().state_since, t);
    EXPECT_EQ(a().last_seen, heard_at);              // a Will is not the node speaking
    EXPECT_EQ(a().status.floor, 3);                  // last word kept, marked stale
    EXPECT_EQ(table.online_count(), 0U);
    EXPECT_EQ(table.counters().deaths, 1U);
}

TEST_F(live_state_test, late_will_of_an_old_session_does_not_kill_the_reborn_node) {
    table.on_birth(lift_a, 4, t);
    t += 10s;
    table.on_birth(lift_a, 5, t);       // reconnected before the broker sent the old Will
    const elevator_live before = a();
    t += 1s;
    const auto out = table.on_death(lift_a, 4, t);  // the Will of session 4 arrives late
    EXPECT_EQ(out.result, ingest_result::rejected_stale_death);
    EXPECT_EQ(a().state, node_state::online);
    EXPECT_EQ(a().bd_seq, 5U);
    EXPECT_EQ(a().state_since, before.state_since);
    EXPECT_EQ(table.online_count(), 1U);
    EXPECT_EQ(table.counters().count(ingest_result::rejected_stale_death), 1U);
    // A newer/different bd_seq is just as foreign to this session.
    EXPECT_EQ(table.on_death(lift_a, 6, t).result, ingest_result::rejected_stale_death);
    EXPECT_EQ(a().state, node_state::online);
}

TEST_F(live_state_test, repeated_death_is_a_duplicate_and_death_before_any_birth_is_accepted) {
    table.on_birth(lift_a, 9, t);
    t += 1s;
    EXPECT_TRUE(table.on_death(lift_a, 9, t).accepted());
    const timestamp died_at = t;
    t += 1s;
    EXPECT_EQ(table.on_death(lift_a, 9, t).result, ingest_result::rejected_duplicate_death);
    EXPECT_EQ(a().state_since, died_at);
    // Center restarted and missed the birth: the death is the best evidence there is.
    EXPECT_TRUE(table.on_death(lift_b, 2, t).accepted());
    EXPECT_EQ(table.get(lift_b)->state, node_state::offline);
    EXPECT_EQ(table.get(lift_b)->bd_seq, 2U);
}

TEST_F(live_state_test, rebirth_with_a_new_bd_seq_restarts_the_session) {
    table.on_birth(lift_a, 1, t);
    t += 1s;
    table.on_event(lift_a, raised(40, door_close_failure, t), t);
    t += 1s;
    table.on_death(lift_a, 1, t);
    t += 30s;
    EXPECT_TRUE(table.on_birth(lift_a, 2, t).accepted());
    EXPECT_EQ(a().state, node_state::online);
    EXPECT_FALSE(a().stale());
    EXPECT_EQ(a().bd_seq, 2U);
    EXPECT_TRUE(a().is_active(door_close_failure));  // no fault list in the birth: mask kept
    t += 1s;
    const auto ev = table.on_event(lift_a, cleared(1, door_close_failure, t), t);  // seq restarted
    EXPECT_TRUE(ev.accepted());
    EXPECT_EQ(a().active_faults, 0U);
    // The old session's Will, arriving now, is stale.
    EXPECT_EQ(table.on_death(lift_a, 1, t).result, ingest_result::rejected_stale_death);
}

TEST_F(live_state_test, birth_with_continuing_counter_keeps_the_high_water_mark) {
    table.on_birth(lift_a, node_birth{1, 1, std::nullopt, {}}, t);
    table.on_event(lift_a, raised(10, fault_code::entrapment_between_floors, t), t);  // received, but the board never got the PUBACK
    t += 1s;
    table.on_death(lift_a, 1, t);
    t += 20s;
    table.on_birth(lift_a, node_birth{2, 11, std::nullopt, {}}, t);
    EXPECT_EQ(a().last_seq, 10U);
    const auto replay = table.on_event(lift_a, {10, fault_code::entrapment_between_floors, true, true, t0}, t);
    EXPECT_EQ(replay.result, ingest_result::rejected_duplicate_seq);
    EXPECT_TRUE(table.on_event(lift_a, raised(11, battery_low, t), t).accepted());
    // A board whose counter went backwards (replaced, storage wiped) starts afresh.
    t += 1s;
    table.on_birth(lift_a, node_birth{1, 1, std::nullopt, {}}, t);
    EXPECT_FALSE(a().last_seq.has_value());
    EXPECT_TRUE(table.on_event(lift_a, raised(1, battery_low, t), t).accepted());
}

TEST_F(live_state_test, birth_fault_list_replaces_the_mask_without_test_alarm) {
    table.on_birth(lift_a, 1, t);
    table.on_event(lift_a, raised(1, door_close_failure, t), t);
    t += 1s;
    const std::uint64_t at_birth = domain::mask_of(battery_low) | domain::mask_of(fault_code::test_alarm) | 1U;
    table.on_birth(lift_a, node_birth{2, std::nullopt, at_birth, {}}, t);
    EXPECT_EQ(a().active_faults, domain::mask_of(battery_low));
}

TEST_F(live_state_test, duplicate_and_old_seq_are_rejected_and_change_nothing) {
    table.on_birth(lift_a, 1, t);
    t += 1s;
    table.on_event(lift_a, raised(5, door_close_failure, t), t);
    const elevator_live before = a();
    t += 1s;
    const auto dup = table.on_event(lift_a, cleared(5, door_close_failure, t), t);
    EXPECT_EQ(dup.result, ingest_result::rejected_duplicate_seq);
    const auto old = table.on_event(lift_a, cleared(4, door_close_failure, t), t);
    EXPECT_EQ(old.result, ingest_result::rejected_old_seq);
    EXPECT_EQ(a().active_faults, before.active_faults);
    EXPECT_EQ(a().last_seq, 5U);
    EXPECT_EQ(a().last_seen, before.last_seen);
    EXPECT_EQ(table.counters().count(ingest_result::rejected_duplicate_seq), 1U);
    EXPECT_EQ(table.counters().count(ingest_result::rejected_old_seq), 1U);
    EXPECT_EQ(table.counters().events, 1U);
}

TEST_F(live_state_test, gap_is_accepted_and_counted) {
    table.on_birth(lift_a, 1, t);
    table.on_event(lift_a, raised(1, door_close_failure, t), t);
    t += 1s;
    const auto out = table.on_event(lift_a, raised(5, battery_low, t), t);  // 2, 3, 4 lost
    EXPECT_TRUE(out.accepted());
    EXPECT_EQ(out.gap, 3U);
    EXPECT_EQ(a().last_seq, 5U);
    EXPECT_EQ(a().events_missed, 3U);
    EXPECT_TRUE(a().is_active(battery_low));
    t += 1s;
    EXPECT_EQ(table.on_event(lift_a, raised(6, fault_code::power_failure, t), t).gap, 0U);
    EXPECT_EQ(table.counters().seq_gaps, 1U);
    EXPECT_EQ(table.counters().events_missed, 3U);
}

TEST_F(live_state_test, raise_and_clear_drive_the_mask_and_test_alarm_is_never_active) {
    table.on_birth(lift_a, 1, t);
    table.on_event(lift_a, raised(1, fault_code::entrapment_between_floors, t), t);
    table.on_event(lift_a, raised(2, door_close_failure, t), t);
    table.on_event(lift_a, raised(3, fault_code::test_alarm, t), t);
    EXPECT_TRUE(a().is_active(fault_code::entrapment_between_floors));
    EXPECT_TRUE(a().is_active(door_close_failure));
    EXPECT_FALSE(a().is_active(fault_code::test_alarm));
    EXPECT_EQ(fault_names(a().active_faults), "entrapment_between_floors, door_close_failure");
    table.on_event(lift_a, cleared(4, fault_code::entrapment_between_floors, t), t);
    table.on_event(lift_a, cleared(5, battery_low, t), t);  // clearing an inactive fault is harmless
    EXPECT_EQ(a().active_faults, domain::mask_of(door_close_failure));
}

TEST_F(live_state_test, bad_fault_code_is_rejected_but_its_seq_counts_as_received) {
    table.on_birth(lift_a, 1, t);
    table.on_event(lift_a, raised(1, door_close_failure, t), t);
    EXPECT_EQ(table.on_event(lift_a, raised(2, static_cast<fault_code>(64), t), t).result, ingest_result::rejected_bad_fault_code);
    EXPECT_EQ(table.on_event(lift_a, raised(3, fault_code::unknown, t), t).result, ingest_result::rejected_bad_fault_code);
    EXPECT_EQ(a().active_faults, domain::mask_of(door_close_failure));
    const auto next = table.on_event(lift_a, raised(4, battery_low, t), t);
    EXPECT_TRUE(next.accepted());
    EXPECT_EQ(next.gap, 0U);
}

TEST_F(live_state_test, status_updates_last_status_and_last_seen) {
    table.on_birth(lift_a, 1, t);
    EXPECT_FALSE(a().status_received_at.has_value());
    t += 30s;
    car_status s = stopped_status(t - 200ms);
    s.door = door_state::open;
    s.speed_mm_s = 0;
    const auto out = table.on_status(lift_a, s, t);
    EXPECT_TRUE(out.accepted());
    EXPECT_FALSE(out.rebirth_needed);
    EXPECT_EQ(a().status.door, door_state::open);
    EXPECT_EQ(a().status.sampled_at, t - 200ms);
    EXPECT_EQ(a().status_received_at, t);
    EXPECT_EQ(a().last_seen, t);
    EXPECT_EQ(table.counters().statuses, 1U);
}

TEST_F(live_state_test, data_from_a_node_without_a_session_is_kept_and_asks_for_rebirth) {
    // Center just started: no birth seen yet.
    const auto ev = table.on_event(lift_a, raised(77, fault_code::entrapment_at_floor, t), t);
    EXPECT_TRUE(ev.accepted());
    EXPECT_TRUE(ev.rebirth_needed);
    EXPECT_TRUE(a().is_active(fault_code::entrapment_at_floor));
    EXPECT_EQ(a().state, node_state::unknown);
    // After a death, a status still gets stored, the node stays offline (stale) until a birth.
    table.on_birth(lift_b, 1, t);
    t += 1s;
    table.on_death(lift_b, 1, t);
    t += 1s;
    const auto st = table.on_status(lift_b, stopped_status(t), t);
    EXPECT_TRUE(st.accepted());
    EXPECT_TRUE(st.rebirth_needed);
    EXPECT_EQ(table.get(lift_b)->state, node_state::offline);
    EXPECT_EQ(table.get(lift_b)->last_seen, t);
    EXPECT_EQ(table.counters().rebirths_needed, 2U);
}

TEST_F(live_state_test, silent_faulted_node_is_reported_at_exactly_the_limit_and_once) {
    constexpr duration limit = 90s;
    table.on_birth(lift_a, 1, t);
    table.on_birth(lift_b, 1, t);
    table.on_event(lift_a, raised(1, door_close_failure, t), t);  // lift_b has no fault
    const timestamp heard = t;
    EXPECT_EQ(table.watched_count(), 1U);

    t = heard + limit - 1ms;
    EXPECT_TRUE(table.take_newly_silent(t, limit).empty());
    t = heard + limit;
    EXPECT_EQ(table.take_newly_silent(t, limit), std::vector<std::string>{std::string{lift_a}});
    EXPECT_TRUE(a().silence_reported);
    EXPECT_EQ(table.watched_count(), 0U);
    t += 10min;
    EXPECT_TRUE(table.take_newly_silent(t, limit).empty());  // once per episode

    // Heard again: re-armed; a new silence is a new episode.
    table.on_status(lift_a, stopped_status(t), t);
    EXPECT_FALSE(a().silence_reported);
    EXPECT_EQ(table.watched_count(), 1U);
    EXPECT_TRUE(table.take_newly_silent(t + limit - 1ms, limit).empty());
    EXPECT_EQ(table.take_newly_silent(t + limit, limit).size(), 1U);
    EXPECT_EQ(table.counters().silences_reported, 2U);
}

TEST_F(live_state_test, silence_follows_last_seen_and_forgets_cleared_faults) {
    constexpr duration limit = 90s;
    table.on_birth(lift_a, 1, t);
    table.on_birth(lift_b, 1, t);
    table.on_event(lift_a, raised(1, door_close_failure, t), t);
    t += 10s;
    table.on_event(lift_b, raised(1, battery_low, t), t);
    t += 30s;
    table.on_status(lift_a, stopped_status(t), t);  // lift_a heard later than lift_b now
    t += 1s;
    table.on_death(lift_a, 1, t);                   // a death does not reset the silence clock
    // lift_b silent since t0+10s, lift_a since t0+40s.
    EXPECT_EQ(table.take_newly_silent(t0 + 10s + limit, limit), std::vector<std::string>{std::string{lift_b}});
    EXPECT_EQ(table.take_newly_silent(t0 + 40s + limit, limit), std::vector<std::string>{std::string{lift_a}});

    // A fault cleared before the limit: nothing to report.
    table.on_birth(lift_a, 2, t0 + 200s);
    table.on_event(lift_a, raised(1, door_close_failure, t0 + 200s), t0 + 200s);
    table.on_event(lift_a, cleared(2, door_close_failure, t0 + 210s), t0 + 210s);
    EXPECT_EQ(table.watched_count(), 0U);
    EXPECT_TRUE(table.take_newly_silent(t0 + 1h, limit).empty());
}

TEST_F(live_state_test, several_silent_nodes_come_out_oldest_first) {
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back("lift-" + std::to_string(i));
        table.register_elevator(ids.back());
    }
    for (int i = 4; i >= 0; --i) {  // lift-4 heard first
        t += 1s;
        table.on_event(ids[static_cast<std::size_t>(i)], raised(1, battery_low, t), t);
    }
    const auto silent = table.take_newly_silent(t + 90s, 90s);
    EXPECT_EQ(silent, (std::vector<std::string>{"lift-4", "lift-3", "lift-2", "lift-1", "lift-0"}));
}

TEST_F(live_state_test, for_each_visits_every_elevator_and_counters_add_up) {
    table.on_birth(lift_a, 1, t);
    table.on_event(lift_a, raised(1, battery_low, t), t);
    table.on_event(lift_a, raised(1, battery_low, t), t);
    table.on_status("ghost", stopped_status(t), t);
    std::size_t visited = 0, online = 0;
    table.for_each([&](std::string_view id, const elevator_live& l) {
        ++visited;
        if (l.online()) ++online;
        EXPECT_TRUE(id == lift_a || id == lift_b);
    });
    EXPECT_EQ(visited, 2U);
    EXPECT_EQ(online, table.online_count());
    const auto& c = table.counters();
    EXPECT_EQ(c.total(), 4U);
    EXPECT_EQ(c.count(ingest_result::accepted), 2U);
    EXPECT_EQ(c.rejected(), 2U);
    EXPECT_EQ(c.births + c.deaths + c.statuses + c.events, c.count(ingest_result::accepted));
}

TEST(live_state_names, to_string) {
    EXPECT_EQ(to_string(ingest_result::rejected_stale_death), "rejected_stale_death");
    EXPECT_EQ(to_string(node_state::offline), "offline");
}

// --- Memory budget (DESIGN §4: ≤ 1 KiB per elevator for 1 M elevators) -------------------------

// Documented computation, libstdc++ x86-64/arm64: an unordered_map node holds the next pointer,
// the key and the value (no cached hash: id_hash is noexcept); one bucket pointer per element at
// load factor 1; glibc adds up to 16 bytes per chunk; a 20-character id needs its own 32-byte
// chunk (beyond the 15-character SSO); a faulted elevator adds one std::set node (3 pointers +
// colour + key, about 64 bytes with malloc overhead), a watched one (online with a status period)
// another, a known board a third (the test-alarm watch).
TEST(live_state_memory, computed_bytes_per_elevator_within_budget) {
    static_assert(sizeof(car_status) <= 32, "status must stay compact");
    static_assert(sizeof(elevator_live) <= 160, "per-elevator state must stay compact");
    constexpr std::size_t malloc_overhead = 16;
    constexpr std::size_t node = sizeof(void*) + sizeof(std::string) + sizeof(elevator_live) + malloc_overhead;
    constexpr std::size_t bucket = sizeof(void*);
    constexpr std::size_t long_id = 32;
    constexpr std::size_t index_node = 64;   // each of the silence, status and test-alarm indexes
    constexpr std::size_t per_elevator = node + bucket + long_id + 3 * index_node;
    std::printf("[ computed ] %zu bytes per elevator (sizeof elevator_live = %zu)\n", per_elevator,
                sizeof(elevator_live));
    EXPECT_LE(per_elevator, 1024U);
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
std::size_t heap_in_use() {
    const struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;  // small chunks in use + mmapped blocks (the bucket array)
}

// Measured: 100,000 elevators, worst case (each with a birth, a status and an active fault, so
// each is also in the silence index), real heap bytes including malloc overhead.
TEST(live_state_memory, measured_bytes_per_elevator_for_100k_within_budget) {
    constexpr std::size_t n = 100'000;
    std::vector<std::string> ids;
    ids.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::string id = "3110320102201" + std::to_string(1'000'000 + i);  // 20 characters
        ids.push_back(std::move(id));
    }
    ASSERT_EQ(ids.front().size(), 20U);

    const std::size_t before = heap_in_use();
    auto table = std::make_unique<live_state_table>();
    timestamp t = t0;
    for (const auto& id : ids) table->register_elevator(id);
    for (const auto& id : ids) {
        t += 1ms;
        table->on_birth(id, node_birth{1, std::nullopt, std::nullopt, 30s}, t);   // in all three indexes
        table->on_status(id, stopped_status(t), t);
        table->on_event(id, raised(1, door_close_failure, t), t);
    }
    const std::size_t after = heap_in_use();
    ASSERT_EQ(table->watched_count(), n);
    ASSERT_EQ(table->status_watched_count(), n);
    ASSERT_EQ(table->test_alarm_watched_count(), n);
    if (after <= before) GTEST_SKIP() << "heap statistics unavailable (sanitizer allocator?)";

    const double per_elevator = static_cast<double>(after - before) / static_cast<double>(n);
    std::printf("[ measured ] %.1f bytes per elevator for %zu elevators\n", per_elevator, n);
    ::testing::Test::RecordProperty("bytes_per_elevator", static_cast<int>(per_elevator));
    EXPECT_LE(per_elevator, 1024.0);
}
#endif

}  // namespace
}  // namespace lw::center
