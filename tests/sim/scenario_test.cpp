#include "lw/sim/scenario.hpp"
#include "lw/sim/city_gen.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lw::sim {
namespace {
using namespace std::chrono_literals;

TEST(scenario, reads_the_documented_lines) {
    scenario sc;
    const auto err = parse_scenario(R"(
name t   # comment
seed 3
elevators 40
companies 4
crews_per_company 2
elevator TS-QZ-00004 machine_room_less
elevator TS-MJ-00009 type=hydraulic
scale 60
duration 50m
at 2m entrapment TS-QZ-00001 at_floor people=3
at 30s fault TS-QZ-00002 safety_circuit_ok=0 door=not_fully_closed
at 5m transfer_119 TS-MJ-00002 caller=119 notes=smoke_in_shaft
outage 10m 14m
random_entrapments rate_per_month=0.006 seed=9 people=2
crew mc01-* silent
crew mc02-c01 late=40m ack_delay=30s
operator callback_after=1m cause=drive
expect TS-QZ-00001 escalated after=3m match=L1_->_L2
expect TS-MJ-00002 alarm_received at=5m match=transfer_119 within=20s
)",
                                    sc);
    ASSERT_EQ(err, "");
    EXPECT_EQ(sc.name, "t");
    EXPECT_EQ(sc.companies, 4);
    EXPECT_EQ(sc.crews_per_company, 2);
    ASSERT_EQ(sc.overrides.size(), 2u);
    EXPECT_TRUE(*sc.overrides[0].machine_room_less);
    EXPECT_EQ(sc.overrides[1].type, "hydraulic");
    EXPECT_FALSE(*sc.overrides[1].machine_room_less);
    ASSERT_EQ(sc.actions.size(), 3u);   // sorted by time
    EXPECT_EQ(sc.actions[0].kind, action_kind::fault);
    ASSERT_EQ(sc.actions[0].fields.size(), 2u);
    EXPECT_EQ(sc.actions[0].fields[1], (std::pair<std::string, std::string>{"door", "not_fully_closed"}));
    EXPECT_EQ(sc.actions[1].at, 2min);
    EXPECT_FALSE(sc.actions[1].between_floors);
    EXPECT_EQ(sc.actions[1].people, 3);
    EXPECT_EQ(sc.actions[2].notes, "smoke in shaft");
    ASSERT_EQ(sc.outages.size(), 1u);
    EXPECT_EQ(sc.outages[0].from, 10min);
    EXPECT_EQ(sc.outages[0].to, 14min);
    ASSERT_TRUE(sc.random_entrapments);
    EXPECT_EQ(sc.random_entrapments->seed, 9u);
    EXPECT_EQ(sc.callback_after, 1min);
    EXPECT_EQ(sc.cause, "drive");
    ASSERT_EQ(sc.expectations.size(), 2u);
    EXPECT_EQ(sc.expectations[0].match, "L1_->_L2");
    EXPECT_EQ(*sc.expectations[0].after, 3min);
    EXPECT_EQ(*sc.expectations[1].at, 5min);
    EXPECT_EQ(*sc.expectations[1].within, 20s);
}

TEST(scenario, bad_lines_are_refused_with_their_number) {
    scenario sc;
    EXPECT_EQ(parse_scenario("name x\nat 1m fault TS-1 warp_drive=1\n", sc), "line 2: unknown field 'warp_drive'");
    EXPECT_EQ(parse_scenario("at 1m fault TS-1\n", sc), "line 1: fault needs field=value settings");
    EXPECT_EQ(parse_scenario("outage 5m 3m\n", sc), "line 1: outage needs FROM TO with FROM < TO");
    EXPECT_EQ(parse_scenario("companies 1\n", sc), "line 1: companies must be in [2, 8]");
    EXPECT_EQ(parse_scenario("crew mc01-c01 late=soon\n", sc), "line 1: bad duration in 'late=soon'");
    EXPECT_EQ(parse_scenario("expect TS-1 escalated at=1m after=2m\n", sc), "line 1: expect takes at= or after=, not both");
    EXPECT_EQ(parse_scenario("elevator TS-1 glass\n", sc), "line 1: expected machine_room_less or type=T, got 'glass'");
    EXPECT_EQ(parse_scenario("elevators many\n", sc), "line 1: bad number in 'elevators many'");
    EXPECT_EQ(parse_scenario("crew mc01-* speed_kmh=fast\n", sc), "line 1: speed_kmh must be a number in (0, 200], got 'fast'");
    EXPECT_EQ(parse_scenario("crew mc01-* teleport\n", sc), "line 1: unknown crew setting 'teleport'");
}

// Issue 9, item 11: what a drill would only find out later is refused when the file is read.
TEST(scenario, an_unknown_cause_or_timeline_step_is_refused_with_its_line) {
    scenario sc;
    EXPECT_EQ(parse_scenario("name x\noperator callback_after=2m cause=banana\n", sc),
              "line 2: unknown cause 'banana' (one of external, human, door_system, control_system, drive, power or other)");
    EXPECT_EQ(parse_scenario("\n\nexpect TS-1 rescued\n", sc).rfind("line 3: unknown timeline step 'rescued' (one of ", 0), 0u);
    EXPECT_EQ(parse_scenario("operator cause=power\nexpect TS-1 closed\n", sc), "");
    EXPECT_EQ(sc.cause, "power");
}

// The elevators and crews a scenario names, against the city it is played on.
TEST(scenario, an_unknown_elevator_or_crew_is_named_with_its_line) {
    center::city c;
    c.elevators.resize(2);
    c.elevators[0].id = "TS-QZ-00001";
    c.elevators[1].id = "TS-QZ-00002";
    c.crews.resize(1);
    c.crews[0].id = "mc01-c01";
    auto problem = [&](const std::string& text) {
        scenario sc;
        if (auto e = parse_scenario(text, sc); !e.empty()) return "parse: " + e;
        return check_against_city(sc, c);
    };
    EXPECT_EQ(problem("at 1m entrapment TS-QZ-00001\ncrew mc01-* silent\nexpect TS-QZ-00002 closed\n"), "");
    EXPECT_EQ(problem("name x\nat 1m entrapment TS-QZ-00009\n"), "line 2: no elevator 'TS-QZ-00009' in the city");
    EXPECT_EQ(problem("at 1m hotline TS-QZ-00001\nexpect TS-QZ-00007 closed\n"), "line 2: no elevator 'TS-QZ-00007' in the city");
    EXPECT_EQ(problem("elevator TS-QZ-00008 machine_room_less\n"), "line 1: no elevator 'TS-QZ-00008' in the city");
    EXPECT_EQ(problem("at 1m entrapment TS-QZ-00001\n\ncrew mc09-* silent\n"), "line 3: no crew 'mc09-*' in the city");
    // Two problems: the first line's is named.
    EXPECT_EQ(problem("crew mc02-c01 silent\nat 1m entrapment TS-X\n"), "line 1: no crew 'mc02-c01' in the city");
}

TEST(scenario, durations) {
    EXPECT_EQ(*parse_duration("90"), 90s);
    EXPECT_EQ(*parse_duration("1m30s"), 90s);
    EXPECT_EQ(*parse_duration("1h"), 1h);
    EXPECT_FALSE(parse_duration("soon"));
    EXPECT_FALSE(parse_duration(""));
}

TEST(scenario, random_entrapments_follow_the_rate_and_the_seed) {
    std::vector<std::string> ids;
    for (int i = 0; i < 20000; ++i) ids.push_back("E" + std::to_string(i));
    random_entrapment_rule rule;
    rule.rate_per_month = 0.006;
    rule.seed = 5;
    // 20,000 elevators x 0.6 % per 30-day month = 120 a month = 4 a day.
    const auto a = draw_random_entrapments(rule, ids, 24h * 30);
    EXPECT_GT(a.size(), 90u);
    EXPECT_LT(a.size(), 150u);
    const auto b = draw_random_entrapments(rule, ids, 24h * 30);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].elevator_id, b[i].elevator_id);
        EXPECT_EQ(a[i].at, b[i].at);
        if (i > 0) {
            EXPECT_LE(a[i - 1].at, a[i].at);
        }
        EXPECT_LT(a[i].at, 24h * 30);
    }
    EXPECT_TRUE(draw_random_entrapments(rule, {}, 24h).empty());
    EXPECT_EQ(draw_random_entrapments(rule, ids, 24h * 30, 7).size(), 7u);
}

#ifdef LW_SOURCE_DIR
TEST(scenario, shipped_scenarios_parse) {
    for (const char* f : {"basic.drill", "tianshui.drill", "busy-day.drill", "outage.drill"}) {
        std::ifstream in(std::string(LW_SOURCE_DIR) + "/scenarios/" + f);
        ASSERT_TRUE(in) << f;
        std::stringstream ss;
        ss << in.rdbuf();
        scenario sc;
        EXPECT_EQ(parse_scenario(ss.str(), sc), "") << f;
    }
}
#endif

}  // namespace
}  // namespace lw::sim
