// What the running lw-center watches about each board (issue 9 items 3, 8), end to end: a real
// broker, the real lw-center process on a real SQLite file, nodes played by the harness's peer,
// and `lw-center stats` run on the file afterwards.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "center_harness.hpp"

namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;
using namespace lw::test::center;

// The harness's city with a third elevator, E3.
lw::center::city three_lifts() {
    auto c = small_city();
    auto e3 = c.elevators.at(1);
    e3.id = "E3";
    e3.rescue_code = "765432";
    c.elevators.push_back(e3);
    return c;
}

// UTC "YYYY-MM-DDTHH:MM:SS" of `t` (for stats --now).
std::string utc_seconds(lw::timestamp t) {
    auto s = lw::format_utc(std::chrono::floor<std::chrono::seconds>(t));
    if (s.size() > 19) s.resize(19);
    return s;
}

const json* group(const json& list, const std::string& key) {
    for (const auto& g : list)
        if (g.value("key", "") == key) return &g;
    return nullptr;
}

std::vector<std::string> elevators_of(const json& list) {
    std::vector<std::string> out;
    for (const auto& e : list) out.push_back(e.at("elevator").get<std::string>());
    return out;
}

// Waits until the center has stored `n` events of `elevator` (its dossier lists them).
bool wait_events(int port, const std::string& elevator, std::size_t faults, std::size_t test_alarms) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto r = http_get(port, "/api/elevators/" + elevator);
        const auto j = json::parse(r.body, nullptr, false);
        if (r.status == 200 && !j.is_discarded() && j.at("faults").size() == faults &&
            j.value("test_alarms", json::array()).size() == test_alarms)
            return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

json stats(center_harness& h, lw::timestamp now, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"stats", "--db", h.db().string(), "--now", utc_seconds(now), "--json",
                                  "--log-level", "error"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_cli(args, h.dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    auto j = json::parse(r.output, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.output;
    return j;
}

TEST(center_board_watch, three_test_alarms_and_no_fault_is_not_fault_prone) {
    center_harness h({}, false, three_lifts());
    ASSERT_TRUE(h.started());
    // E1: three EN 81-28 test alarms, no fault.
    h.birth("E1", 1);
    for (std::uint64_t s = 1; s <= 3; ++s)
        h.event("E1", s, pb::FAULT_CODE_TEST_ALARM, pb::EVENT_KIND_TEST_ALARM);
    // E2: stuck between floors twice; the board raises two codes each time.
    h.birth("E2", 1);
    std::uint64_t s2 = 0;
    for (int stuck = 0; stuck < 2; ++stuck) {
        h.event("E2", ++s2, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS);
        h.event("E2", ++s2, pb::FAULT_CODE_STOPPED_OUTSIDE_DOOR_ZONE);
        h.event("E2", ++s2, pb::FAULT_CODE_ENTRAPMENT_BETWEEN_FLOORS, pb::EVENT_KIND_FAULT_CLEARED);
        h.event("E2", ++s2, pb::FAULT_CODE_STOPPED_OUTSIDE_DOOR_ZONE, pb::EVENT_KIND_FAULT_CLEARED);
    }
    // E3: three door faults, each cleared: fault-prone.
    h.birth("E3", 1);
    std::uint64_t s3 = 0;
    for (int i = 0; i < 3; ++i) {
        h.event("E3", ++s3, pb::FAULT_CODE_DOOR_CLOSE_FAILURE);
        h.event("E3", ++s3, pb::FAULT_CODE_DOOR_CLOSE_FAILURE, pb::EVENT_KIND_FAULT_CLEARED);
    }
    ASSERT_TRUE(wait_events(h.http_port(), "E1", 0, 3)) << h.center_log();
    ASSERT_TRUE(wait_events(h.http_port(), "E2", 8, 0)) << h.center_log();
    ASSERT_TRUE(wait_events(h.http_port(), "E3", 6, 0)) << h.center_log();
    ASSERT_EQ(h.stop_center(), 0);

    const auto j = stats(h, lw::wall_now() + 1min);
    EXPECT_EQ(elevators_of(j.at("fault_prone")), std::vector<std::string>{"E3"}) << j.at("fault_prone").dump();
    EXPECT_EQ(j.at("fault_prone").at(0).at("faults"), 3);
    EXPECT_EQ(j.at("city").at("fault_prone_elevators"), 1);
    EXPECT_EQ(j.at("city").at("test_alarms"), 3);
    const auto* north = group(j.at("companies"), "north");
    ASSERT_NE(north, nullptr);
    EXPECT_EQ(north->at("test_alarms"), 3);
}

// The live view of one elevator as the dossier shows it (null when not answered).
json live_of(center_harness& h, const std::string& elevator) {
    const auto r = http_get(h.http_port(), "/api/elevators/" + elevator);
    const auto j = json::parse(r.body, nullptr, false);
    if (r.status != 200 || j.is_discarded() || !j.contains("live")) return nullptr;
    return j.at("live");
}
bool test_alarms_missing(center_harness& h, const std::string& elevator) {
    const auto l = live_of(h, elevator);
    return l.is_object() && l.value("test_alarm_overdue", false);
}
json get_json(center_harness& h, const std::string& target) {
    const auto r = http_get(h.http_port(), target);
    return r.status == 200 ? json::parse(r.body, nullptr, false) : json(nullptr);
}

TEST(center_board_watch, board_that_stopped_test_alarms_is_flagged_in_the_api_console_and_figures_also_after_a_restart) {
    // A tiny limit, 0.001 h = 3.6 s, so that the test sees it pass.
    constexpr auto limit = 3600ms;
    center_harness h({"--test-alarm-limit-h", "0.001"}, false, three_lifts());
    ASSERT_TRUE(h.started());
    h.birth("E1", 1);   // E1: first seen now, never a test alarm
    h.birth("E2", 1);   // E2: a test alarm every second
    // E3: never heard from (perhaps no board): not watched.
    std::uint64_t e2_seq = 0;
    auto e2_sent = std::chrono::steady_clock::now();
    const auto e2_keeps_testing = [&] {
        if (std::chrono::steady_clock::now() - e2_sent < 1s) return;
        h.event("E2", ++e2_seq, pb::FAULT_CODE_TEST_ALARM, pb::EVENT_KIND_TEST_ALARM);
        e2_sent = std::chrono::steady_clock::now();
    };
    const auto born = std::chrono::steady_clock::now();
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            e2_keeps_testing();
            return test_alarms_missing(h, "E1");
        },
        limit + 10s, 50ms))
        << h.center_log();
    EXPECT_GE(std::chrono::steady_clock::now() - born, limit - 200ms) << "flagged before the limit";
    EXPECT_FALSE(test_alarms_missing(h, "E2"));
    EXPECT_FALSE(test_alarms_missing(h, "E3"));

    // Everywhere: the list of boards to look at, the map, the metrics, the supervision figures.
    const auto flagged = get_json(h, "/api/elevators?watch=1");
    ASSERT_TRUE(flagged.is_array()) << flagged.dump();
    ASSERT_EQ(flagged.size(), 1U) << flagged.dump();
    EXPECT_EQ(flagged.at(0).at("id"), "E1");
    EXPECT_TRUE(flagged.at(0).at("test_alarm_overdue").get<bool>());
    const auto m = get_json(h, "/api/metrics");
    EXPECT_EQ(m.at("watch").at("test_alarms_missing"), 1) << m.dump();
    EXPECT_EQ(m.at("watch").at("test_alarm_limit_s"), 3);
    bool on_map = false;
    const auto map = get_json(h, "/api/map");
    for (const auto& e : map.at("elevators"))
        on_map |= e.at("id") == "E1" && e.at("test_alarm_overdue").get<bool>();
    EXPECT_TRUE(on_map) << map.dump();
    const auto st = get_json(h, "/api/stats");
    ASSERT_TRUE(st.is_object());
    EXPECT_EQ(st.at("limits").at("test_alarm_ms"), 3600) << "the serve's limit";
    std::vector<std::string> missing;
    for (const auto& x : st.at("missing_test_alarms")) missing.push_back(x.at("elevator").get<std::string>());
    EXPECT_EQ(missing, std::vector<std::string>{"E1"}) << st.at("missing_test_alarms").dump();
    EXPECT_EQ(st.at("city").at("test_alarms_missing"), 1);
    EXPECT_NE(h.center_log().find("E1: no EN 81-28 test alarm since"), std::string::npos);

    // E1's test alarm clears it.
    h.event("E1", 1, pb::FAULT_CODE_TEST_ALARM, pb::EVENT_KIND_TEST_ALARM);
    ASSERT_TRUE(lw::test::wait_until(
        [&] {
            e2_keeps_testing();
            return !test_alarms_missing(h, "E1");
        },
        5s, 50ms));

    // A restart: no board speaks, the watch carries on from the store's history. E1 and E2 are
    // flagged once their last test alarm is older than the limit, E3 still not.
    ASSERT_EQ(h.stop_center(), 0);
    ASSERT_TRUE(h.started());
    EXPECT_TRUE(lw::test::wait_until([&] { return test_alarms_missing(h, "E1") && test_alarms_missing(h, "E2"); },
                                     limit + 10s, 50ms))
        << h.center_log();
    EXPECT_FALSE(test_alarms_missing(h, "E3"));
    ASSERT_EQ(h.stop_center(), 0);

    // `lw-center stats` on the file lists them, with the same limit.
    const auto j = stats(h, lw::wall_now() + 2s, {"--test-alarm-limit-h", "0.001"});
    std::vector<std::string> listed;
    for (const auto& x : j.at("missing_test_alarms")) listed.push_back(x.at("elevator").get<std::string>());
    std::sort(listed.begin(), listed.end());
    EXPECT_EQ(listed, (std::vector<std::string>{"E1", "E2"})) << j.at("missing_test_alarms").dump();
    EXPECT_EQ(j.at("city").at("test_alarms_missing"), 2);
}

}  // namespace
