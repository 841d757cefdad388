#include "lw/sim/crews.hpp"

#include <gtest/gtest.h>

namespace lw::sim {
namespace {
using namespace std::chrono_literals;

std::vector<center::crew_record> one_crew() {
    center::crew_record c;
    c.id = "mc01-c01";
    c.company_id = "mc01";
    c.kind = "maintenance";
    c.position = {34.58, 105.72};
    return {c};
}

order order_for(std::int64_t incident) {
    order o;
    o.incident = incident;
    o.crew_id = "mc01-c01";
    o.company_id = "mc01";
    o.elevator_id = "TS-QZ-00001";
    o.at = {34.60, 105.72};   // about 2.2 km north
    return o;
}

TEST(crews, acknowledge_travel_arrive_release) {
    crew_fleet f(one_crew(), 1);
    const timestamp t0{};
    f.on_order(order_for(1), t0);
    EXPECT_EQ(f.busy(), 1u);
    std::vector<report> all;
    for (auto t = t0; t < t0 + 2h && f.busy() > 0; t += 1s)
        for (auto& r : f.step(t)) all.push_back(r);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].kind, crew_report_kind::acknowledged);
    EXPECT_EQ(all[1].kind, crew_report_kind::en_route);
    EXPECT_EQ(all[2].kind, crew_report_kind::arrived);
    EXPECT_EQ(all[3].kind, crew_report_kind::released);
    // 2.2 km x 1.4 road factor at 30 km/h: about 6 min on the road, as announced.
    EXPECT_NEAR(std::chrono::duration<double>(all[0].eta).count(), 6.2 * 60, 30);
    EXPECT_NEAR(std::chrono::duration<double>(all[2].at - all[1].at).count(),
                std::chrono::duration<double>(all[0].eta).count(), 1.0);
}

TEST(crews, a_late_crew_arrives_after_its_announced_eta) {
    crew_fleet f(one_crew(), 1);
    auto b = f.behaviour("mc01-c01");
    b.late = 40min;
    f.set_behaviour("mc01-c01", b);
    f.on_order(order_for(1), timestamp{});
    std::vector<report> all;
    for (auto t = timestamp{}; t < timestamp{} + 2h && f.busy() > 0; t += 1s)
        for (auto& r : f.step(t)) all.push_back(r);
    ASSERT_GE(all.size(), 3u);
    EXPECT_LT(all[0].eta, 10min);   // it does not know it will be held up
    EXPECT_GE(all[2].at - all[1].at, 40min);
}

TEST(crews, silent_crews_never_answer_and_stand_down_frees_a_crew) {
    crew_fleet f(one_crew(), 1);
    auto b = f.behaviour("mc01-c01");
    b.silent = true;
    f.set_behaviour("mc01-c01", b);
    f.on_order(order_for(1), timestamp{});
    EXPECT_TRUE(f.step(timestamp{} + 1h).empty());
    b.silent = false;
    f.set_behaviour("mc01-c01", b);
    f.on_order(order_for(2), timestamp{});
    EXPECT_EQ(f.busy(), 1u);
    auto sd = order_for(2);
    sd.stand_down = true;
    f.on_order(sd, timestamp{} + 1s);
    EXPECT_EQ(f.busy(), 0u);
}

TEST(crews, cannot_handle_machine_room_less_only) {
    crew_fleet f(one_crew(), 1);
    auto b = f.behaviour("mc01-c01");
    b.cannot_handle_mrl = true;
    f.set_behaviour("mc01-c01", b);
    auto o = order_for(1);
    o.machine_room_less = true;
    f.on_order(o, timestamp{});
    std::vector<report> all;
    for (auto t = timestamp{}; t < timestamp{} + 2h && f.busy() > 0; t += 1s)
        for (auto& r : f.step(t)) all.push_back(r);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.back().kind, crew_report_kind::cannot_handle);
}

}  // namespace
}  // namespace lw::sim
