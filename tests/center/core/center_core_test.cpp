#include "lw/center/center_core.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "lw/test/sample_registry.hpp"

// The whole center as a timeline on a fake clock: inputs as the wire and the console adapters
// deliver them, and the effects each step must have. No broker, no file.
namespace lw::center {
namespace {

using namespace std::chrono_literals;

constexpr geo_point here{34.58, 105.72};   // Tianshui, Qinzhou district

using lw::test::offset;

const std::string lift = "TS-QZ-00001";

// The elevator's company mc-a has a crew 2 km away and one 6 km away; mc-b has a crew 300 m
// away (nearer, but not the elevator's company); two rescue teams; one fire and one expert crew.
city small_city() {
    city c;
    c.companies = {{"mc-a", "North Lifts", "0938-1", {"qinzhou"}, 0}, {"mc-b", "South Lifts", "0938-2", {}, 0}};
    c.using_units = {{"uu-1", "No. 1 Middle School", "Wang", "139"}};
    c.crews = {
        {"mc-a-1", "mc-a", "maintenance", "A1", "1", "", offset(here, 2000, 0)},
        {"mc-a-2", "mc-a", "maintenance", "A2", "2", "", offset(here, 0, 6000)},
        {"mc-b-1", "mc-b", "maintenance", "B1", "3", "", offset(here, 300, 0)},
        {"ws-1-t1", "ws-1", "rescue_team", "T1", "4", "ws-1", offset(here, -1000, 0)},
        {"ws-2-t1", "ws-2", "rescue_team", "T2", "5", "ws-2", offset(here, 0, -4000)},
        {"fire-1", "119", "fire", "F1", "119", "", offset(here, 3000, 0)},
        {"expert-1", "experts", "expert", "X1", "6", "", offset(here, 0, 5000)},
    };
    elevator_record e;
    e.id = lift;
    e.rescue_code = "100001";
    e.region = "tianshui";
    e.address = "1 Renmin Road";
    e.district = "qinzhou";
    e.position = here;
    e.using_unit_id = "uu-1";
    e.company_id = "mc-a";
    e.type = "traction_machine_room";
    e.urban = true;
    c.elevators.push_back(e);
    return c;
}

class center_core_test : public ::testing::Test {
protected:
    const timestamp t0 = from_ms(1'795'000'000'000);
    center_core core{core_config{}, registry::build(small_city())};
    std::uint64_t seq = 0;

    effects at(duration since_t0, input in) { return core.handle(in, t0 + since_t0); }

    effects birth(duration t) {
        node_birth_input b{"tianshui", lift, {}, "lw-agent test"};
        b.birth.bd_seq = 1;
        return at(t, b);
    }
    effects status(duration t, bool trapped) {
        node_status_input s{"tianshui", lift, {}};
        s.status.sampled_at = t0 + t;
        s.status.in_door_zone = !trapped;
        s.status.occupied = trapped;
        return at(t, s);
    }
    effects entrapment(duration t, bool raised = true) {
        node_event_input e{"tianshui", lift, raised ? node_event_kind::fault_raised : node_event_kind::fault_cleared,
                           {}, "stopped between floors 15 s with someone inside"};
        e.event = node_event{++seq, fault_code::entrapment_between_floors, raised, false, t0 + t};
        return at(t, e);
    }
    effects report(duration t, const std::string& crew, crew_report_kind kind, incident_id id = 1) {
        crew_report_input r;
        r.topic_crew = crew;
        r.topic_company = core.registry_snapshot()->crew(crew)->company_id;
        r.report.crew_id = crew;
        r.report.incident = id;
        r.report.kind = kind;
        if (kind == crew_report_kind::acknowledged) r.report.eta = 6min;
        return at(t, r);
    }
    effects act(duration t, operator_action a, std::optional<cause_category> cause = std::nullopt) {
        operator_action_input in;
        in.incident = 1;
        in.action = a;
        in.cause = cause;
        in.actor = "operator Li";
        return at(t, in);
    }
    effects tick(duration t) { return at(t, tick_input{}); }

    static std::vector<step> steps(const effects& fx) {
        std::vector<step> out;
        for (const auto& e : fx.records.timeline) out.push_back(e.what);
        return out;
    }
    static bool has_step(const effects& fx, step s) {
        const auto v = steps(fx);
        return std::find(v.begin(), v.end(), s) != v.end();
    }
    static std::vector<std::string> dispatched_to(const effects& fx) {
        std::vector<std::string> out;
        for (const auto& d : fx.dispatches) out.push_back(d.order.crew_id);
        return out;
    }
    static std::vector<std::string> stood_down(const effects& fx) {
        std::vector<std::string> out;
        for (const auto& s : fx.stand_downs) out.push_back(s.order.crew_id);
        return out;
    }
    static bool commanded(const effects& fx, node_command_kind k) {
        return std::any_of(fx.commands.begin(), fx.commands.end(), [&](const auto& c) { return c.kind == k; });
    }
    const incident& inc() { return *core.engine().find(1); }
};

TEST_F(center_core_test, whole_rescue_from_the_boards_alarm_to_close) {
    const auto born = birth(0s).records;
    EXPECT_TRUE(born.timeline.empty() && born.faults.empty() && born.test_alarms.empty());
    EXPECT_EQ(born.boards_first_seen.size(), 1U) << "the board's first birth: first seen";
    EXPECT_TRUE(status(1s, true).dispatches.empty());

    // The board's entrapment event: one incident, one order, to the nearest crew of the
    // elevator's own company (mc-b-1 is nearer but another company's), persisted with it.
    auto fx = entrapment(16s);
    ASSERT_EQ(dispatched_to(fx), std::vector<std::string>{"mc-a-1"});
    const auto& d = fx.dispatches[0];
    EXPECT_EQ(d.order.incident, 1);
    EXPECT_EQ(d.order.level, response_level::l1);
    EXPECT_EQ(d.order.attempt, 1);
    EXPECT_EQ(d.order.company_id, "mc-a");
    EXPECT_EQ(d.address, "1 Renmin Road");
    EXPECT_EQ(d.rescue_code, "100001");
    EXPECT_EQ(d.using_unit, "No. 1 Middle School");
    EXPECT_EQ(d.issued_at, t0 + 16s);
    EXPECT_EQ(d.order.arrive_by, t0 + 16s + 30min);   // urban limit, from the alarm
    EXPECT_EQ(steps(fx).front(), step::alarm_received);
    EXPECT_TRUE(has_step(fx, step::dispatched));
    EXPECT_TRUE(commanded(fx, node_command_kind::play_comfort));
    ASSERT_EQ(fx.records.incidents.size(), 1U);
    EXPECT_EQ(fx.records.incidents[0].phase, incident_phase::alarm);
    ASSERT_EQ(fx.records.faults.size(), 1U);
    EXPECT_EQ(fx.records.faults[0].code, fault_code::entrapment_between_floors);
    EXPECT_EQ(fx.counted, (std::vector<counter>{counter::alarm_raised, counter::command_sent}));
    EXPECT_EQ(fx.elevators_touched, std::vector<std::string>{lift});
    EXPECT_EQ(core.roster().find("mc-a-1")->status, crew_status::dispatched);
    // Notification requests for the company, the nearest workstation and the using unit.
    ASSERT_EQ(fx.notifications.size(), 3U);
    EXPECT_EQ(fx.notifications[0].who, party::maintenance_company);
    EXPECT_EQ(fx.notifications[1].who, party::workstation);
    EXPECT_EQ(fx.notifications[2].who, party::using_unit);

    // The same entrapment reported again (QoS 1 redelivery) changes nothing.
    node_event_input dup{"tianshui", lift, node_event_kind::fault_raised, {}, ""};
    dup.event = node_event{seq, fault_code::entrapment_between_floors, true, false, t0 + 16s};
    fx = at(17s, dup);
    EXPECT_TRUE(fx.records.empty());
    EXPECT_TRUE(fx.dispatches.empty());

    fx = report(2min, "mc-a-1", crew_report_kind::acknowledged);
    EXPECT_EQ(steps(fx), std::vector<step>{step::acknowledged});
    EXPECT_EQ(fx.records.incidents.at(0).phase, incident_phase::responding);
    EXPECT_EQ(core.roster().find("mc-a-1")->status, crew_status::busy);

    // Past the acknowledgement limit nothing escalates: the crew answered (the board, still
    // reporting, is not silent).
    status(3min, true);
    fx = tick(4min);
    EXPECT_TRUE(fx.records.empty()) << fx.records.timeline.at(0).details;

    fx = report(8min, "mc-a-1", crew_report_kind::arrived);
    EXPECT_EQ(steps(fx), std::vector<step>{step::arrived});
    EXPECT_EQ(inc().phase, incident_phase::on_site);

    fx = report(14min, "mc-a-1", crew_report_kind::released);
    EXPECT_TRUE(has_step(fx, step::released));
    EXPECT_TRUE(commanded(fx, node_command_kind::stop_comfort));
    EXPECT_EQ(inc().phase, incident_phase::released);
    EXPECT_EQ(core.roster().find("mc-a-1")->status, crew_status::available);

    // Close is refused until the record is complete, and says what is missing.
    fx = act(15min, operator_action::close);
    EXPECT_EQ(fx.reply.result, outcome::status::conflict);
    EXPECT_NE(fx.reply.error.find("call-back"), std::string::npos) << fx.reply.error;
    EXPECT_TRUE(fx.records.empty());

    fx = act(16min, operator_action::callback);
    EXPECT_TRUE(fx.reply.ok());
    EXPECT_EQ(steps(fx), std::vector<step>{step::callback});
    EXPECT_EQ(fx.records.timeline[0].actor, "operator Li");

    fx = act(17min, operator_action::cause, cause_category::door_system);
    EXPECT_EQ(steps(fx), std::vector<step>{step::cause_recorded});

    fx = act(18min, operator_action::close);
    EXPECT_TRUE(fx.reply.ok()) << fx.reply.error;
    EXPECT_EQ(steps(fx), std::vector<step>{step::closed});
    EXPECT_EQ(fx.records.incidents.at(0).phase, incident_phase::closed);
    EXPECT_FALSE(core.engine().open_incident_for(lift));

    fx = act(19min, operator_action::callback);
    EXPECT_EQ(fx.reply.result, outcome::status::conflict);   // closed
}

TEST_F(center_core_test, no_acknowledgement_in_three_minutes_escalates_to_the_nearest_rescue_team) {
    birth(0s);
    ASSERT_EQ(dispatched_to(entrapment(16s)), std::vector<std::string>{"mc-a-1"});

    // Re-sent every minute while unacknowledged (attempt 2, 3).
    auto fx = tick(16s + 1min);
    ASSERT_EQ(fx.dispatches.size(), 1U);
    EXPECT_EQ(fx.dispatches[0].order.crew_id, "mc-a-1");
    EXPECT_EQ(fx.dispatches[0].order.attempt, 2);
    EXPECT_EQ(steps(fx), std::vector<step>{step::dispatch_resent});
    EXPECT_EQ(tick(16s + 2min).dispatches.at(0).order.attempt, 3);

    fx = tick(16s + 3min - 1ms);
    EXPECT_TRUE(fx.dispatches.empty());
    EXPECT_EQ(inc().level, response_level::l1);

    fx = tick(16s + 3min);
    EXPECT_EQ(inc().level, response_level::l2);
    EXPECT_EQ(dispatched_to(fx), std::vector<std::string>{"ws-1-t1"});   // the nearer team
    EXPECT_EQ(fx.dispatches[0].order.level, response_level::l2);
    EXPECT_EQ(stood_down(fx), std::vector<std::string>{"mc-a-1"});
    EXPECT_EQ(fx.stand_downs[0].elevator_id, lift);
    EXPECT_TRUE(has_step(fx, step::escalated));
    EXPECT_EQ(core.roster().find("mc-a-1")->status, crew_status::available);
    EXPECT_EQ(core.roster().find("ws-1-t1")->status, crew_status::dispatched);

    // A late report from the stood-down crew is refused and counted; nothing changes.
    fx = report(16s + 4min, "mc-a-1", crew_report_kind::acknowledged);
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::crew_report_refused});
    EXPECT_TRUE(fx.records.empty());
    EXPECT_EQ(fx.reply.result, outcome::status::conflict);

    // The rescue team acknowledges: no L3 at its own ack deadline.
    report(16s + 5min, "ws-1-t1", crew_report_kind::acknowledged);
    EXPECT_TRUE(tick(16s + 7min).dispatches.empty());
    EXPECT_EQ(inc().level, response_level::l2);
}

TEST_F(center_core_test, nobody_on_site_within_the_arrival_limit_raises_l3_with_119_and_the_experts) {
    birth(0s);
    entrapment(0s);
    report(1min, "mc-a-1", crew_report_kind::acknowledged);
    EXPECT_TRUE(tick(30min - 1ms).dispatches.empty());

    auto fx = tick(30min);
    EXPECT_EQ(inc().level, response_level::l3);
    EXPECT_EQ(dispatched_to(fx), (std::vector<std::string>{"fire-1", "expert-1"}));
    for (const auto& d : fx.dispatches) EXPECT_EQ(d.order.level, response_level::l3);
    EXPECT_TRUE(stood_down(fx).empty());   // the L1 crew on its way keeps going
    EXPECT_EQ(core.roster().find("mc-a-1")->status, crew_status::busy);
    ASSERT_EQ(fx.notifications.size(), 2U);
    EXPECT_EQ(fx.notifications[0].who, party::fire_119);
    EXPECT_EQ(fx.notifications[1].who, party::expert_team);
    EXPECT_TRUE(has_step(fx, step::escalated));

    // Once at L3 nothing escalates again.
    EXPECT_TRUE(tick(2h).dispatches.empty());
}

// No gateway delivers notifications in this build: the record says each was requested and then
// not delivered, right after it, naming the party and why; it never says `notified`.
TEST_F(center_core_test, every_notification_is_recorded_requested_then_not_delivered_without_a_gateway) {
    birth(0s);
    std::vector<timeline_entry> all;
    std::vector<notify_party> requests;
    auto keep = [&](const effects& fx) {
        all.insert(all.end(), fx.records.timeline.begin(), fx.records.timeline.end());
        requests.insert(requests.end(), fx.notifications.begin(), fx.notifications.end());
    };
    keep(entrapment(0s));
    keep(report(1min, "mc-a-1", crew_report_kind::acknowledged));
    keep(tick(30min));   // L3: 119 and the experts too
    ASSERT_EQ(inc().level, response_level::l3);
    ASSERT_EQ(requests.size(), 5U);

    std::size_t pairs = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_NE(all[i].what, step::notified) << all[i].details;
        EXPECT_NE(all[i].what, step::renotified) << all[i].details;
        if (all[i].what == step::notify_undelivered) {
            ASSERT_GT(i, 0U);
            EXPECT_EQ(all[i - 1].what, step::notify_requested) << "entry " << i;
        }
        if (all[i].what != step::notify_requested) continue;
        ASSERT_LT(i + 1, all.size());
        const auto& fate = all[i + 1];
        EXPECT_EQ(fate.what, step::notify_undelivered) << "entry " << i + 1 << ": " << fate.details;
        EXPECT_EQ(fate.at, all[i].at);
        EXPECT_EQ(fate.incident, all[i].incident);
        const auto& r = requests.at(pairs);
        EXPECT_EQ(fate.details, std::string(to_string(r.who)) + " " + r.target_id +
                                    ": not delivered: no notification gateway configured");
        ++pairs;
    }
    EXPECT_EQ(pairs, 5U);
}

TEST_F(center_core_test, manual_alarm_by_rescue_code_opens_then_joins) {
    manual_alarm_input call;
    call.rescue_code = "100001";
    call.caller = "13900001111";
    call.notes = "stuck on 5";
    auto fx = at(0s, call);
    ASSERT_TRUE(fx.reply.ok()) << fx.reply.error;
    EXPECT_EQ(fx.reply.incident, 1);
    EXPECT_FALSE(fx.reply.joined);
    EXPECT_EQ(dispatched_to(fx), std::vector<std::string>{"mc-a-1"});
    EXPECT_EQ(fx.records.timeline.at(0).actor, "caller 13900001111");
    EXPECT_EQ(inc().source, alarm_source::hotline_96333);

    // The board's own alarm a minute later joins it: no second order.
    birth(30s);
    fx = entrapment(1min);
    EXPECT_TRUE(fx.dispatches.empty());
    EXPECT_EQ(steps(fx), std::vector<step>{step::alarm_joined});

    call.source = alarm_source::transfer_119;
    fx = at(2min, call);
    EXPECT_TRUE(fx.reply.joined);
    EXPECT_EQ(fx.reply.incident, 1);
}

TEST_F(center_core_test, refused_inputs_say_why_and_change_nothing) {
    manual_alarm_input unknown;
    unknown.elevator_id = "TS-NOPE";
    auto fx = at(0s, unknown);
    EXPECT_EQ(fx.reply.result, outcome::status::not_found);
    EXPECT_NE(fx.reply.error.find("TS-NOPE"), std::string::npos);
    EXPECT_TRUE(fx.records.empty());

    manual_alarm_input not_manual;
    not_manual.elevator_id = lift;
    not_manual.source = alarm_source::iot_auto;   // only boards raise those
    EXPECT_EQ(at(0s, not_manual).reply.result, outcome::status::bad_request);

    operator_action_input no_incident;
    no_incident.incident = 42;
    EXPECT_EQ(at(0s, no_incident).reply.result, outcome::status::not_found);

    // A report on a crew topic of another company than the crew's own.
    birth(0s);
    entrapment(1s);
    crew_report_input forged;
    forged.topic_company = "mc-b";
    forged.topic_crew = "mc-a-1";
    forged.report.crew_id = "mc-a-1";
    forged.report.incident = 1;
    forged.report.kind = crew_report_kind::released;
    fx = at(2s, forged);
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::crew_report_unknown_crew});
    EXPECT_TRUE(fx.records.empty());
    EXPECT_EQ(inc().phase, incident_phase::alarm);

    // A crew that is on an incident cannot be taken off duty.
    crew_edit_input off{"mc-a-1", std::nullopt, crew_status::off_duty};
    EXPECT_EQ(at(3s, off).reply.result, outcome::status::conflict);
    EXPECT_EQ(core.roster().find("mc-a-1")->status, crew_status::dispatched);
}

TEST_F(center_core_test, statuses_before_a_birth_ask_for_one_rebirth_per_gap) {
    auto fx = status(0s, false);
    ASSERT_EQ(fx.commands.size(), 1U);
    EXPECT_EQ(fx.commands[0].kind, node_command_kind::rebirth);
    EXPECT_EQ(fx.commands[0].region, "tianshui");
    EXPECT_TRUE(status(10s, false).commands.empty());
    EXPECT_EQ(status(10s, false).counted, std::vector<counter>{counter::rebirth_suppressed});
    EXPECT_EQ(status(30s, false).commands.size(), 1U);
    birth(31s);
    EXPECT_TRUE(status(70s, false).commands.empty());
}

TEST_F(center_core_test, a_silent_node_with_a_fault_raises_an_alarm_once) {
    birth(0s);
    node_event_input door{"tianshui", lift, node_event_kind::fault_raised, {}, ""};
    door.event = node_event{++seq, fault_code::door_close_failure, true, false, t0};
    EXPECT_TRUE(at(0s, door).dispatches.empty());
    EXPECT_TRUE(tick(90s - 1ms).dispatches.empty());
    auto fx = tick(90s);
    EXPECT_EQ(dispatched_to(fx), std::vector<std::string>{"mc-a-1"});
    EXPECT_EQ(inc().source, alarm_source::node_silent);
    fx = tick(200s);   // still silent: the same episode is not reported again
    EXPECT_FALSE(has_step(fx, step::alarm_received));
    EXPECT_FALSE(has_step(fx, step::alarm_joined));
}

TEST_F(center_core_test, registry_import_adds_elevators_and_keeps_an_engaged_crews_status) {
    birth(0s);
    entrapment(1s);
    city more;
    more.crews = {{"mc-a-1", "mc-a", "maintenance", "A1 renamed", "1", "", offset(here, 100, 0)}};
    elevator_record e = small_city().elevators[0];
    e.id = "TS-QZ-00002";
    e.rescue_code = "100002";
    more.elevators.push_back(e);
    auto fx = at(2s, registry_import_input{more});
    EXPECT_TRUE(fx.registry_changed);
    ASSERT_TRUE(fx.records.registry_upsert);
    EXPECT_EQ(core.registry_snapshot()->elevator_count(), 2U);
    EXPECT_EQ(*core.registry_snapshot()->elevator_index("TS-QZ-00002"), 1U);
    EXPECT_EQ(core.registry_snapshot()->crew("mc-a-1")->name, "A1 renamed");
    EXPECT_EQ(core.roster().find("mc-a-1")->status, crew_status::dispatched);
    EXPECT_TRUE(core.live().known("TS-QZ-00002"));

    manual_alarm_input call;
    call.rescue_code = "100002";
    EXPECT_TRUE(at(3s, call).reply.ok());
}

// ---- the board's word on comfort, and commands with their answers (issue 9, items 2 and 6) ----

class center_core_commands : public center_core_test {
protected:
    effects board_event(duration t, node_event_kind kind, std::string detail) {
        node_event_input e{"tianshui", lift, kind, {}, std::move(detail)};
        e.event = node_event{++seq, fault_code::unknown, true, false, t0 + t};
        e.event.fault = false;
        return at(t, e);
    }
    effects answer(duration t, std::uint64_t id, node_command_kind kind, bool ok, std::string detail) {
        node_event_input e{"tianshui", lift, node_event_kind::command_result, {}, std::move(detail)};
        e.event = node_event{++seq, fault_code::unknown, true, false, t0 + t};
        e.event.fault = false;
        e.command_id = id;
        e.command = kind;
        e.ok = ok;
        return at(t, e);
    }
    effects command(duration t, std::string kind, std::map<std::string, std::string> thresholds = {}) {
        return at(t, command_request_input{lift, std::move(kind), std::move(thresholds), "operator Li"});
    }
};

TEST_F(center_core_commands, comfort_played_and_failed_go_on_the_incidents_timeline_with_the_reason) {
    birth(0s);
    auto fx = entrapment(16s);
    ASSERT_TRUE(has_step(fx, step::comfort_ordered));   // the order stays the order

    fx = board_event(17s, node_event_kind::comfort_played, "entrapment, play 1");
    ASSERT_EQ(steps(fx), std::vector<step>{step::comfort_played});
    EXPECT_EQ(fx.records.timeline[0].actor, "node " + lift);
    EXPECT_NE(fx.records.timeline[0].details.find("entrapment, play 1"), std::string::npos);
    EXPECT_EQ(fx.records.incidents.size(), 1U);

    fx = board_event(77s, node_event_kind::comfort_failed,
                     "entrapment, play 2: cannot open ALSA device plughw:7,0: No such file or directory");
    ASSERT_EQ(steps(fx), std::vector<step>{step::comfort_failed});
    EXPECT_NE(fx.records.timeline[0].details.find("cannot open ALSA device plughw:7,0"), std::string::npos)
        << fx.records.timeline[0].details;
    // Its seq counted like any other event's: no false gap at the next one.
    entrapment(80s, false);
    EXPECT_EQ(core.live().get(lift)->events_missed, 0U);
}

TEST_F(center_core_commands, comfort_report_without_an_open_incident_writes_no_timeline) {
    birth(0s);
    const auto fx = board_event(1s, node_event_kind::comfort_played, "center_order, play 1");
    EXPECT_TRUE(fx.records.timeline.empty());
    EXPECT_FALSE(fx.notes.empty());
}

TEST_F(center_core_commands, every_command_kind_is_sent_with_a_fresh_id_and_its_answer_is_recorded) {
    birth(0s);
    std::vector<std::uint64_t> ids;
    for (const auto* kind : {"rebirth", "test_alarm", "play_comfort", "stop_comfort"}) {
        const auto fx = command(1s, kind);
        ASSERT_TRUE(fx.reply.ok()) << kind << ": " << fx.reply.error;
        ASSERT_EQ(fx.commands.size(), 1U);
        EXPECT_EQ(domain::to_string(fx.commands[0].kind), kind);
        EXPECT_EQ(fx.commands[0].issued_by, "operator Li");
        EXPECT_EQ(fx.commands[0].command_id, *fx.reply.command_id);
        ids.push_back(*fx.reply.command_id);
    }
    auto fx = command(2s, "set_thresholds", {{"entrapment_between_floors_s", "20"}});
    ASSERT_TRUE(fx.reply.ok()) << fx.reply.error;
    EXPECT_EQ(fx.commands.at(0).thresholds.at("entrapment_between_floors_s"), "20");
    ids.push_back(*fx.reply.command_id);
    EXPECT_EQ(ids, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));

    fx = answer(3s, ids[1], node_command_kind::test_alarm, true, "EN 81-28 test alarm raised (event seq 9)");
    ASSERT_EQ(fx.records.command_results.size(), 1U);
    EXPECT_EQ(fx.records.command_results[0].command_id, ids[1]);
    EXPECT_TRUE(fx.records.command_results[0].ok);
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::command_result_ok});

    fx = answer(3s, ids[4], node_command_kind::set_thresholds, false, "unknown threshold 'x'");
    ASSERT_EQ(fx.records.command_results.size(), 1U);
    EXPECT_FALSE(fx.records.command_results[0].ok);
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::command_result_failed});
}

TEST_F(center_core_commands, unknown_command_kinds_elevators_and_answers_are_refused_and_counted) {
    birth(0s);
    auto fx = command(1s, "self_destruct");
    EXPECT_EQ(fx.reply.result, outcome::status::bad_request);
    EXPECT_NE(fx.reply.error.find("rebirth"), std::string::npos) << fx.reply.error;
    EXPECT_TRUE(fx.commands.empty());
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::command_refused});

    fx = at(1s, command_request_input{"NO-SUCH-LIFT", "rebirth", {}, "op"});
    EXPECT_EQ(fx.reply.result, outcome::status::not_found);
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::command_refused});

    fx = command(1s, "set_thresholds");
    EXPECT_EQ(fx.reply.result, outcome::status::bad_request);

    // An answer to a command never sent, one answered twice, one that names another kind.
    fx = answer(2s, 4242, node_command_kind::rebirth, true, "");
    EXPECT_TRUE(fx.records.command_results.empty());
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::command_result_unknown});
    const auto id = *command(3s, "test_alarm").reply.command_id;
    fx = answer(4s, id, node_command_kind::rebirth, true, "");
    EXPECT_EQ(fx.counted, std::vector<counter>{counter::command_result_unknown});
    EXPECT_EQ(answer(5s, id, node_command_kind::test_alarm, true, "").records.command_results.size(), 1U);
    EXPECT_EQ(answer(6s, id, node_command_kind::test_alarm, true, "").counted,
              std::vector<counter>{counter::command_result_unknown});
}

TEST_F(center_core_commands, command_ids_continue_above_the_stored_ones_and_awaiting_answers_are_restored) {
    core.restore_commands({{41, lift, node_command_kind::test_alarm}}, 41);
    birth(0s);
    EXPECT_EQ(*command(1s, "rebirth").reply.command_id, 42U);
    EXPECT_EQ(answer(2s, 41, node_command_kind::test_alarm, true, "done").records.command_results.size(), 1U);
}

}  // namespace
}  // namespace lw::center
