// What the running lw-center watches about each board (issue 9 items 3, 8), end to end: a real
// broker, the real lw-center process on a real SQLite file, nodes played by the harness's peer,
// and `lw-center stats` run on the file afterwards.
#include <gtest/gtest.h>

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

}  // namespace
