#include "lw/center/incident_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "lw/test/sample_registry.hpp"

namespace lw::center {
namespace {

using namespace std::chrono_literals;

constexpr geo_point city{34.58, 105.72};   // Tianshui, Qinzhou district

using lw::test::offset;

struct expected_entry {
    step what;
    duration at;   // since t0
};

// A small city: the elevator's company mc-a has a crew 2 km away (ETA 5 min 36 s at the default
// 30 km/h x 1.4) and one 6 km away; mc-b has a crew 300 m away; two rescue-team workstations,
// one fire crew, one expert crew.
class incident_engine_test : public ::testing::Test {
protected:
    const timestamp t0 = from_ms(1'795'000'000'000);
    straight_line_estimator est;
    crew_roster roster{est};
    response_limits limits;
    std::optional<incident_engine> engine_;
    std::vector<timeline_entry> log;   // every entry the engine produced, in order
    elevator_ref elevator{"E-0001", "mc-a", "uu-1", city, false, true};

    void SetUp() override {
        add("mc-a-1", "mc-a", crew_kind::maintenance, offset(city, 2000, 0));
        add("mc-a-2", "mc-a", crew_kind::maintenance, offset(city, 0, 6000));
        add("mc-b-1", "mc-b", crew_kind::maintenance, offset(city, 300, 0));
        add("ws-1-t1", "ws-1", crew_kind::rescue_team, offset(city, -1000, 0));
        add("ws-2-t1", "ws-2", crew_kind::rescue_team, offset(city, 0, -4000));
        add("fire-1", "119", crew_kind::fire, offset(city, 3000, 0));
        add("expert-1", "inspect", crew_kind::expert, offset(city, 0, 5000));
    }

    void add(std::string id, std::string company, crew_kind kind, geo_point p) {
        roster.upsert(crew{std::move(id), std::move(company), kind, p, crew_status::available});
    }

    incident_engine& engine() {
        if (!engine_) engine_.emplace(limits, roster);
        return *engine_;
    }

    engine_output keep(engine_output out) {
        log.insert(log.end(), out.timeline.begin(), out.timeline.end());
        return out;
    }

    engine_output raise(duration at, alarm_source src = alarm_source::iot_auto, std::string actor = "node-E-0001",
                        std::string details = "entrapment_between_floors") {
        return keep(engine().on_alarm(alarm{elevator, src, std::move(actor), std::move(details)}, t0 + at));
    }
    engine_output report(duration at, const std::string& crew_id, crew_report_kind kind,
                         std::optional<duration> eta = std::nullopt, incident_id id = 1, std::string details = {}) {
        crew_report r;
        r.crew_id = crew_id;
        r.incident = id;
        r.kind = kind;
        r.eta = eta;
        r.details = std::move(details);
        return keep(engine().on_crew_report(r, t0 + at));
    }
    engine_output tick(duration at) { return keep(engine().tick(t0 + at)); }

    const incident& inc(incident_id id = 1) {
        const incident* i = engine().find(id);
        EXPECT_NE(i, nullptr);
        return *i;
    }
    crew_status status_of(const std::string& id) { return roster.find(id)->status; }
    duration eta_of(const std::string& id) { return est.travel_time(elevator.position, roster.find(id)->position); }

    std::string dump() const {
        std::ostringstream s;
        for (const auto& e : log)
            s << "  #" << e.incident << " +" << format_duration(e.at - t0) << " " << to_string(e.what) << " ["
              << e.actor << "] " << e.details << "\n";
        return s.str();
    }

    void expect_timeline(std::initializer_list<expected_entry> want) {
        ASSERT_EQ(log.size(), want.size()) << dump();
        std::size_t i = 0;
        for (const auto& w : want) {
            EXPECT_EQ(to_string(log[i].what), to_string(w.what)) << "entry " << i << "\n" << dump();
            EXPECT_EQ(log[i].at, t0 + w.at) << "entry " << i << " " << to_string(log[i].what) << "\n" << dump();
            ++i;
        }
    }

    // The six entries of an incident opened with an L1 dispatch at `at`.
    static std::vector<expected_entry> opening(duration at) {
        return {{step::alarm_received, at}, {step::dispatched, at}, {step::notify_requested, at},
                {step::notify_requested, at},       {step::notify_requested, at},   {step::comfort_ordered, at}};
    }
    void expect_timeline_after_opening(std::initializer_list<expected_entry> rest) {
        auto all = opening(0ms);
        all.insert(all.end(), rest.begin(), rest.end());
        ASSERT_EQ(log.size(), all.size()) << dump();
        for (std::size_t i = 0; i < all.size(); ++i) {
            EXPECT_EQ(to_string(log[i].what), to_string(all[i].what)) << "entry " << i << "\n" << dump();
            EXPECT_EQ(log[i].at, t0 + all[i].at) << "entry " << i << " " << to_string(log[i].what) << "\n" << dump();
        }
    }
};

template <typename T>
std::vector<T> actions_of(const engine_output& out) {
    std::vector<T> v;
    for (const auto& a : out.actions)
        if (const auto* p = std::get_if<T>(&a)) v.push_back(*p);
    return v;
}

void expect_refused(const engine_output& out, std::string_view containing) {
    EXPECT_NE(out.error.find(containing), std::string::npos) << "error: '" << out.error << "'";
    EXPECT_TRUE(out.timeline.empty());
    EXPECT_TRUE(out.actions.empty());
    EXPECT_FALSE(out.opened);
}

// ---- the whole rescue by the elevator's own company ----

TEST_F(incident_engine_test, l1_succeeds_from_alarm_to_close) {
    const auto opened = raise(0ms);
    ASSERT_EQ(opened.opened, incident_id{1});
    EXPECT_TRUE(opened.error.empty());

    const auto dispatches = actions_of<dispatch_order>(opened);
    ASSERT_EQ(dispatches.size(), 1u);
    EXPECT_EQ(dispatches[0].crew_id, "mc-a-1");   // own company, though mc-b-1 is nearer
    EXPECT_EQ(dispatches[0].company_id, "mc-a");
    EXPECT_EQ(dispatches[0].level, response_level::l1);
    EXPECT_EQ(dispatches[0].elevator_id, "E-0001");
    EXPECT_EQ(dispatches[0].eta, eta_of("mc-a-1"));
    EXPECT_NEAR(std::chrono::duration<double>(dispatches[0].eta).count(), 336, 1);   // 2 km x 1.4 at 30 km/h
    EXPECT_EQ(dispatches[0].arrive_by, t0 + 30min);
    EXPECT_EQ(dispatches[0].attempt, 1);

    const auto notices = actions_of<notify_party>(opened);
    ASSERT_EQ(notices.size(), 3u);
    EXPECT_EQ(notices[0].who, party::maintenance_company);
    EXPECT_EQ(notices[0].target_id, "mc-a");
    EXPECT_EQ(notices[1].who, party::workstation);
    EXPECT_EQ(notices[1].target_id, "ws-1-t1");
    EXPECT_EQ(notices[2].who, party::using_unit);
    EXPECT_EQ(notices[2].target_id, "uu-1");
    const auto comfort = actions_of<comfort_command>(opened);
    ASSERT_EQ(comfort.size(), 1u);
    EXPECT_TRUE(comfort[0].start);
    EXPECT_EQ(comfort[0].elevator_id, "E-0001");

    EXPECT_EQ(opened.timeline[1].details.find("L1 crew mc-a-1 (company mc-a), ETA 5 min 36 s"), 0u)
        << opened.timeline[1].details;
    EXPECT_EQ(opened.timeline[0].actor, "node-E-0001");
    EXPECT_EQ(status_of("mc-a-1"), crew_status::dispatched);
    EXPECT_EQ(inc().phase, incident_phase::alarm);
    EXPECT_EQ(inc().active_crew, "mc-a-1");
    EXPECT_EQ(engine().next_deadline(), t0 + 1min);   // re-send

    report(40s, "mc-a-1", crew_report_kind::acknowledged, 6min);
    EXPECT_EQ(status_of("mc-a-1"), crew_status::busy);
    EXPECT_EQ(inc().phase, incident_phase::responding);
    EXPECT_EQ(engine().next_deadline(), t0 + 30min);   // only the arrival limit remains
    EXPECT_TRUE(tick(1min).timeline.empty());
    report(1min, "mc-a-1", crew_report_kind::en_route);
    report(7min, "mc-a-1", crew_report_kind::arrived);
    EXPECT_EQ(inc().phase, incident_phase::on_site);
    EXPECT_EQ(engine().next_deadline(), t0 + 37min);   // release limit after arrival

    const auto released = report(12min, "mc-a-1", crew_report_kind::released);
    EXPECT_EQ(inc().phase, incident_phase::released);
    EXPECT_EQ(inc().rescuing_crew, "mc-a-1");
    EXPECT_FALSE(inc().handover_required);
    EXPECT_EQ(status_of("mc-a-1"), crew_status::available);
    ASSERT_EQ(actions_of<comfort_command>(released).size(), 1u);
    EXPECT_FALSE(actions_of<comfort_command>(released)[0].start);
    EXPECT_FALSE(engine().next_deadline());

    keep(engine().record_callback(1, "operator-li", "two passengers, both fine", t0 + 20min));
    keep(engine().record_cause(1, cause_category::door_system, "operator-li", "door lock contact", t0 + 25min));
    const auto closed = keep(engine().close(1, "operator-li", t0 + 26min));
    EXPECT_TRUE(closed.error.empty()) << closed.error;
    EXPECT_NE(closed.timeline.at(0).details.find("trapped 12 min 00 s"), std::string::npos);
    EXPECT_NE(closed.timeline.at(0).details.find("response 40 s"), std::string::npos);

    expect_timeline_after_opening({{step::acknowledged, 40s},
                                   {step::en_route, 1min},
                                   {step::arrived, 7min},
                                   {step::released, 12min},
                                   {step::callback, 20min},
                                   {step::cause_recorded, 25min},
                                   {step::closed, 26min}});
    EXPECT_EQ(inc().phase, incident_phase::closed);
    EXPECT_EQ(inc().closed_at, t0 + 26min);
    EXPECT_EQ(inc().acknowledged_at, t0 + 40s);
    EXPECT_EQ(inc().arrived_at, t0 + 7min);
    EXPECT_FALSE(engine().open_incident_for("E-0001"));
    EXPECT_TRUE(engine().open_incidents().empty());
    EXPECT_FALSE(engine().next_deadline());
}

// ---- escalation ----

TEST_F(incident_engine_test, silent_l1_escalates_to_l2_at_exactly_the_ack_limit) {
    raise(0ms);
    EXPECT_EQ(actions_of<dispatch_order>(tick(1min)).at(0).attempt, 2);
    EXPECT_EQ(actions_of<dispatch_order>(tick(2min)).at(0).attempt, 3);
    EXPECT_TRUE(tick(3min - 1ms).timeline.empty());
    EXPECT_EQ(inc().level, response_level::l1);
    EXPECT_EQ(engine().next_deadline(), t0 + 3min);

    const auto out = tick(3min);
    EXPECT_EQ(inc().level, response_level::l2);
    EXPECT_EQ(inc().active_crew, "ws-1-t1");
    const auto downs = actions_of<stand_down_order>(out);
    ASSERT_EQ(downs.size(), 1u);
    EXPECT_EQ(downs[0].crew_id, "mc-a-1");
    const auto orders = actions_of<dispatch_order>(out);
    ASSERT_EQ(orders.size(), 1u);   // no re-send to the superseded crew at 3:00
    EXPECT_EQ(orders[0].crew_id, "ws-1-t1");
    EXPECT_EQ(orders[0].level, response_level::l2);
    EXPECT_EQ(orders[0].attempt, 1);
    EXPECT_EQ(orders[0].arrive_by, t0 + 30min);
    EXPECT_EQ(status_of("mc-a-1"), crew_status::available);
    EXPECT_EQ(status_of("ws-1-t1"), crew_status::dispatched);
    EXPECT_EQ(engine().next_deadline(), t0 + 4min);

    report(3min + 30s, "ws-1-t1", crew_report_kind::acknowledged, 5min);
    expect_timeline_after_opening({{step::dispatch_resent, 1min},
                                   {step::dispatch_resent, 2min},
                                   {step::escalated, 3min},
                                   {step::stood_down, 3min},
                                   {step::dispatched, 3min},
                                   {step::acknowledged, 3min + 30s}});
    EXPECT_NE(log[8].details.find("did not acknowledge within 3 min"), std::string::npos) << log[8].details;
}

TEST_F(incident_engine_test, l1_that_cannot_handle_escalates_to_l2_and_the_rescuer_hands_over) {
    elevator.machine_room_less = true;
    raise(0ms);
    report(1min, "mc-a-1", crew_report_kind::acknowledged, 6min);
    report(6min, "mc-a-1", crew_report_kind::arrived);
    const auto out = report(8min, "mc-a-1", crew_report_kind::cannot_handle, std::nullopt, 1,
                            "machine-room-less, no brake release tool");
    EXPECT_TRUE(actions_of<stand_down_order>(out).empty());   // it said so itself
    EXPECT_EQ(actions_of<dispatch_order>(out).at(0).crew_id, "ws-1-t1");
    EXPECT_EQ(status_of("mc-a-1"), crew_status::available);
    EXPECT_EQ(inc().level, response_level::l2);
    EXPECT_EQ(inc().phase, incident_phase::alarm);   // nobody acknowledged is responsible now
    EXPECT_EQ(engine().next_deadline(), t0 + 9min);  // the L2 re-send

    report(8min + 30s, "ws-1-t1", crew_report_kind::acknowledged, 3min);
    report(12min, "ws-1-t1", crew_report_kind::arrived);
    report(20min, "ws-1-t1", crew_report_kind::released);
    EXPECT_TRUE(inc().handover_required);
    keep(engine().record_callback(1, "op", "", t0 + 25min));
    keep(engine().record_cause(1, cause_category::drive, "op", "", t0 + 26min));
    const auto refused = keep(engine().close(1, "op", t0 + 27min));
    expect_refused(refused, "handover");
    keep(engine().record_handover(1, "ws-1-t1", t0 + 28min));
    EXPECT_TRUE(keep(engine().close(1, "op", t0 + 29min)).error.empty());

    expect_timeline_after_opening({{step::acknowledged, 1min},
                                   {step::arrived, 6min},
                                   {step::cannot_handle, 8min},
                                   {step::escalated, 8min},
                                   {step::dispatched, 8min},
                                   {step::acknowledged, 8min + 30s},
                                   {step::arrived, 12min},
                                   {step::released, 20min},
                                   {step::callback, 25min},
                                   {step::cause_recorded, 26min},
                                   {step::handed_over, 28min},
                                   {step::closed, 29min}});
    EXPECT_NE(log[8].details.find("machine-room-less"), std::string::npos);
}

TEST_F(incident_engine_test, nobody_on_site_by_the_arrival_limit_escalates_to_l3_with_experts) {
    raise(0ms);
    report(1min, "mc-a-1", crew_report_kind::acknowledged, 25min);   // 26 min: within the limit
    report(2min, "mc-a-1", crew_report_kind::en_route);
    EXPECT_TRUE(tick(30min - 1ms).timeline.empty());
    const auto out = tick(30min);
    EXPECT_EQ(inc().level, response_level::l3);
    const auto notices = actions_of<notify_party>(out);
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices[0].who, party::fire_119);
    EXPECT_EQ(notices[0].target_id, "119");
    EXPECT_EQ(notices[1].who, party::expert_team);
    const auto orders = actions_of<dispatch_order>(out);
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_EQ(orders[0].crew_id, "fire-1");
    EXPECT_EQ(orders[1].crew_id, "expert-1");
    EXPECT_EQ(orders[1].level, response_level::l3);
    EXPECT_TRUE(actions_of<stand_down_order>(out).empty());   // the L1 crew keeps coming
    EXPECT_EQ(status_of("mc-a-1"), crew_status::busy);
    EXPECT_EQ(inc().active_crew, "mc-a-1");
    EXPECT_FALSE(engine().next_deadline());

    report(33min, "mc-a-1", crew_report_kind::arrived);
    report(34min, "fire-1", crew_report_kind::acknowledged);
    const auto released = report(40min, "mc-a-1", crew_report_kind::released);
    EXPECT_EQ(actions_of<stand_down_order>(released).size(), 2u);
    EXPECT_EQ(status_of("fire-1"), crew_status::available);
    EXPECT_EQ(status_of("expert-1"), crew_status::available);
    EXPECT_FALSE(inc().handover_required);

    expect_timeline_after_opening({{step::acknowledged, 1min},
                                   {step::en_route, 2min},
                                   {step::escalated, 30min},
                                   {step::notify_requested, 30min},
                                   {step::notify_requested, 30min},
                                   {step::dispatched, 30min},
                                   {step::dispatched, 30min},
                                   {step::arrived, 33min},
                                   {step::acknowledged, 34min},
                                   {step::released, 40min},
                                   {step::stood_down, 40min},
                                   {step::stood_down, 40min}});
    EXPECT_NE(log[8].details.find("L1 -> L3: nobody on site within 30 min"), std::string::npos) << log[8].details;
}

TEST_F(incident_engine_test, on_site_but_not_released_escalates_to_l3) {
    raise(0ms);
    report(1min, "mc-a-1", crew_report_kind::acknowledged, 8min);
    report(10min, "mc-a-1", crew_report_kind::arrived);
    EXPECT_TRUE(tick(30min).timeline.empty());   // someone is on site: the arrival limit is met
    EXPECT_TRUE(tick(40min - 1ms).timeline.empty());
    tick(40min);
    EXPECT_EQ(inc().level, response_level::l3);
    EXPECT_EQ(inc().phase, incident_phase::on_site);
    expect_timeline_after_opening({{step::acknowledged, 1min},
                                   {step::arrived, 10min},
                                   {step::escalated, 40min},
                                   {step::notify_requested, 40min},
                                   {step::notify_requested, 40min},
                                   {step::dispatched, 40min},
                                   {step::dispatched, 40min}});
    EXPECT_NE(log[8].details.find("not released within 30 min"), std::string::npos) << log[8].details;
}

TEST_F(incident_engine_test, rural_elevators_get_the_rural_arrival_limit) {
    elevator.urban = false;
    limits.arrival_limit_rural = 45min;   // configurable
    raise(0ms);
    report(1min, "mc-a-1", crew_report_kind::acknowledged, 40min);   // fine in the countryside
    EXPECT_EQ(inc().level, response_level::l1);
    EXPECT_TRUE(tick(44min).timeline.empty());
    tick(45min);
    EXPECT_EQ(inc().level, response_level::l3);
    expect_timeline_after_opening({{step::acknowledged, 1min},
                                   {step::escalated, 45min},
                                   {step::notify_requested, 45min},
                                   {step::notify_requested, 45min},
                                   {step::dispatched, 45min},
                                   {step::dispatched, 45min}});
}

TEST_F(incident_engine_test, l1_eta_beyond_the_arrival_limit_escalates_to_l2) {
    raise(0ms);
    const auto out = report(1min, "mc-a-1", crew_report_kind::acknowledged, 35min);
    EXPECT_EQ(inc().level, response_level::l2);
    EXPECT_EQ(actions_of<stand_down_order>(out).at(0).crew_id, "mc-a-1");
    EXPECT_EQ(actions_of<dispatch_order>(out).at(0).crew_id, "ws-1-t1");
    EXPECT_EQ(status_of("mc-a-1"), crew_status::available);
    expect_timeline_after_opening({{step::acknowledged, 1min},
                                   {step::escalated, 1min},
                                   {step::stood_down, 1min},
                                   {step::dispatched, 1min}});
    EXPECT_NE(log[7].details.find("reports ETA 35 min 00 s"), std::string::npos) << log[7].details;
}

TEST_F(incident_engine_test, l1_estimate_beyond_the_limit_at_dispatch_sends_l2_instead) {
    elevator.company_id = "mc-far";
    add("mc-far-1", "mc-far", crew_kind::maintenance, offset(city, 12'000, 0));   // 33.6 min
    const auto out = raise(0ms);
    const auto orders = actions_of<dispatch_order>(out);
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(orders[0].crew_id, "ws-1-t1");
    EXPECT_EQ(status_of("mc-far-1"), crew_status::available);
    expect_timeline({{step::alarm_received, 0ms},
                     {step::escalated, 0ms},
                     {step::dispatched, 0ms},
                     {step::notify_requested, 0ms},
                     {step::notify_requested, 0ms},
                     {step::notify_requested, 0ms},
                     {step::comfort_ordered, 0ms}});
    EXPECT_NE(log[1].details.find("mc-far-1"), std::string::npos);
}

TEST_F(incident_engine_test, far_l1_and_no_rescue_team_keeps_l1_and_raises_l3_at_once) {
    elevator.company_id = "mc-far";
    add("mc-far-1", "mc-far", crew_kind::maintenance, offset(city, 12'000, 0));
    roster.set_status("ws-1-t1", crew_status::busy);
    roster.set_status("ws-2-t1", crew_status::off_duty);
    const auto out = raise(0ms);
    const auto orders = actions_of<dispatch_order>(out);
    ASSERT_EQ(orders.size(), 3u);
    EXPECT_EQ(orders[0].crew_id, "mc-far-1");
    EXPECT_EQ(orders[1].crew_id, "fire-1");
    EXPECT_EQ(orders[2].crew_id, "expert-1");
    EXPECT_EQ(inc().level, response_level::l3);
    EXPECT_EQ(inc().active_crew, "mc-far-1");
    expect_timeline({{step::alarm_received, 0ms},
                     {step::dispatched, 0ms},
                     {step::no_crew_available, 0ms},
                     {step::escalated, 0ms},
                     {step::notify_requested, 0ms},
                     {step::notify_requested, 0ms},
                     {step::dispatched, 0ms},
                     {step::dispatched, 0ms},
                     {step::notify_requested, 0ms},          // maintenance company
                     {step::no_crew_available, 0ms}, // no workstation free to assist
                     {step::notify_requested, 0ms},          // using unit
                     {step::comfort_ordered, 0ms}});
}

TEST_F(incident_engine_test, no_crew_of_the_elevators_company_goes_to_l2_at_once) {
    roster.set_status("mc-a-1", crew_status::busy);
    roster.set_status("mc-a-2", crew_status::off_duty);
    const auto out = raise(0ms);
    const auto orders = actions_of<dispatch_order>(out);
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(orders[0].crew_id, "ws-1-t1");
    EXPECT_EQ(orders[0].level, response_level::l2);
    EXPECT_EQ(inc().level, response_level::l2);
    // The company is still to be told; the workstation asked is the one whose team is coming.
    const auto notices = actions_of<notify_party>(out);
    ASSERT_EQ(notices.size(), 3u);
    EXPECT_EQ(notices[0].target_id, "mc-a");
    EXPECT_EQ(notices[1].target_id, "ws-1-t1");
    EXPECT_EQ(engine().next_deadline(), t0 + 1min);
    expect_timeline({{step::alarm_received, 0ms},
                     {step::no_crew_available, 0ms},
                     {step::escalated, 0ms},
                     {step::dispatched, 0ms},
                     {step::notify_requested, 0ms},
                     {step::notify_requested, 0ms},
                     {step::notify_requested, 0ms},
                     {step::comfort_ordered, 0ms}});
    EXPECT_NE(log[1].details.find("mc-a"), std::string::npos);
}

TEST_F(incident_engine_test, never_the_same_crew_twice) {
    raise(0ms);
    report(30s, "mc-a-1", crew_report_kind::declined, std::nullopt, 1, "crew at another job");
    EXPECT_EQ(inc().active_crew, "ws-1-t1");
    report(1min, "ws-1-t1", crew_report_kind::declined);
    EXPECT_EQ(status_of("ws-1-t1"), crew_status::available);   // free again, but not for this incident
    EXPECT_EQ(inc().active_crew, "ws-2-t1");
    EXPECT_EQ(inc().level, response_level::l2);
    const auto out = report(2min, "ws-2-t1", crew_report_kind::declined);
    EXPECT_EQ(inc().level, response_level::l3);
    EXPECT_EQ(actions_of<dispatch_order>(out).size(), 2u);   // fire and expert only

    auto sent = inc().crews_dispatched;
    EXPECT_EQ(sent, (std::vector<std::string>{"mc-a-1", "ws-1-t1", "ws-2-t1", "fire-1", "expert-1"}));
    std::sort(sent.begin(), sent.end());
    EXPECT_EQ(std::adjacent_find(sent.begin(), sent.end()), sent.end());
    EXPECT_TRUE(tick(60min).timeline.empty());
    expect_timeline_after_opening({{step::declined, 30s},
                                   {step::escalated, 30s},
                                   {step::dispatched, 30s},
                                   {step::declined, 1min},
                                   {step::dispatched, 1min},
                                   {step::declined, 2min},
                                   {step::no_crew_available, 2min},
                                   {step::escalated, 2min},
                                   {step::notify_requested, 2min},
                                   {step::notify_requested, 2min},
                                   {step::dispatched, 2min},
                                   {step::dispatched, 2min}});
}

TEST_F(incident_engine_test, silent_l2_is_replaced_by_the_next_rescue_team) {
    raise(0ms);
    tick(3min);   // L1 silent -> ws-1-t1
    EXPECT_EQ(inc().active_crew, "ws-1-t1");
    tick(6min);   // ws-1-t1 silent too -> ws-2-t1 (the 4-min and 5-min re-sends came first)
    EXPECT_EQ(inc().active_crew, "ws-2-t1");
    EXPECT_EQ(inc().level, response_level::l2);
    EXPECT_EQ(status_of("ws-1-t1"), crew_status::available);
    log.clear();
    tick(9min);   // and the last one: L3, keeping ws-2-t1 on the order
    EXPECT_EQ(inc().level, response_level::l3);
    EXPECT_EQ(inc().active_crew, "ws-2-t1");
    expect_timeline({{step::dispatch_resent, 9min},   // the 7 and 8 min re-sends fired at the 9 min tick, once
                     {step::no_crew_available, 9min},
                     {step::escalated, 9min},
                     {step::notify_requested, 9min},
                     {step::notify_requested, 9min},
                     {step::dispatched, 9min},
                     {step::dispatched, 9min}});
}

// ---- notifications ----

// The engine decides whom to inform and records only that: one notify_requested per request,
// naming the party, with the message; never `notified`, which would claim a delivery.
TEST_F(incident_engine_test, notifications_are_recorded_as_requested_never_as_notified) {
    std::vector<notify_party> requests;
    auto take = [&](const engine_output& out) {
        const auto n = actions_of<notify_party>(out);
        requests.insert(requests.end(), n.begin(), n.end());
    };
    take(raise(0ms));
    report(1min, "mc-a-1", crew_report_kind::acknowledged, 25min);
    take(tick(30min));   // L3
    ASSERT_EQ(requests.size(), 5u);
    std::vector<std::string> requested;
    for (const auto& e : log) {
        EXPECT_NE(e.what, step::notified) << dump();
        EXPECT_NE(e.what, step::renotified) << dump();
        if (e.what == step::notify_requested) requested.push_back(e.details);
    }
    ASSERT_EQ(requested.size(), requests.size()) << dump();
    EXPECT_EQ(requested[0].rfind("maintenance company mc-a: Incident 1: ", 0), 0u) << requested[0];
    EXPECT_EQ(requested[1].rfind("workstation ws-1 (crew ws-1-t1): ", 0), 0u) << requested[1];
    EXPECT_EQ(requested[2].rfind("using unit uu-1: ", 0), 0u) << requested[2];
    EXPECT_EQ(requested[3].rfind("119 fire rescue: ", 0), 0u) << requested[3];
    EXPECT_EQ(requested[4].rfind("expert team: ", 0), 0u) << requested[4];
    for (std::size_t i = 0; i < requests.size(); ++i)
        EXPECT_NE(requested[i].find(requests[i].message), std::string::npos) << requested[i];
}

// ---- alarms ----

TEST_F(incident_engine_test, hotline_alarm_carries_the_caller_and_notes) {
    const auto out = raise(0ms, alarm_source::hotline_96333, "13909381234", "caller in the car: 3 people, 8th floor");
    ASSERT_TRUE(out.opened);
    EXPECT_EQ(inc().source, alarm_source::hotline_96333);
    EXPECT_EQ(out.timeline.at(0).actor, "13909381234");
    EXPECT_NE(out.timeline[0].details.find("hotline_96333"), std::string::npos) << out.timeline[0].details;
    EXPECT_NE(out.timeline[0].details.find("3 people, 8th floor"), std::string::npos);
    EXPECT_EQ(actions_of<dispatch_order>(out).at(0).crew_id, "mc-a-1");
    EXPECT_EQ(actions_of<comfort_command>(out).size(), 1u);

    elevator.id = "E-0002";
    const auto transfer = raise(10s, alarm_source::transfer_119, "119 desk, operator 07", "transferred call");
    ASSERT_EQ(transfer.opened, incident_id{2});
    EXPECT_EQ(transfer.timeline.at(0).actor, "119 desk, operator 07");
    EXPECT_NE(transfer.timeline[0].details.find("transfer_119"), std::string::npos);
    EXPECT_EQ(actions_of<dispatch_order>(transfer).at(0).crew_id, "mc-a-2");   // mc-a-1 is taken

    auto want = opening(0ms);
    const auto second = opening(10s);
    want.insert(want.end(), second.begin(), second.end());
    ASSERT_EQ(log.size(), want.size()) << dump();
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(log[i].what, want[i].what) << i;
        EXPECT_EQ(log[i].at, t0 + want[i].at) << i;
    }
}

TEST_F(incident_engine_test, repeat_alarm_joins_the_open_incident) {
    raise(0ms);
    const auto joined = raise(20s, alarm_source::passenger_button, "node-E-0001", "alarm button");
    EXPECT_FALSE(joined.opened);
    EXPECT_TRUE(joined.actions.empty());
    EXPECT_TRUE(joined.error.empty());
    ASSERT_EQ(joined.timeline.size(), 1u);
    EXPECT_EQ(joined.timeline[0].incident, 1);
    raise(50s, alarm_source::using_unit, "property office 0938-1234567", "guard heard calls");
    EXPECT_EQ(inc().crews_dispatched.size(), 1u);
    EXPECT_EQ(engine().open_incident_for("E-0001"), incident_id{1});

    expect_timeline_after_opening({{step::alarm_joined, 20s}, {step::alarm_joined, 50s}});
    EXPECT_EQ(log[7].actor, "property office 0938-1234567");
    EXPECT_NE(log[7].details.find("using_unit"), std::string::npos);
}

TEST_F(incident_engine_test, false_alarm_stands_down_everyone_and_stops_comfort) {
    raise(0ms);
    report(30s, "mc-a-1", crew_report_kind::acknowledged);
    const auto out = keep(engine().close_false_alarm(1, "operator-wang", "using unit: car empty, staff test", t0 + 2min));
    EXPECT_TRUE(out.error.empty()) << out.error;
    EXPECT_EQ(actions_of<stand_down_order>(out).at(0).crew_id, "mc-a-1");
    ASSERT_EQ(actions_of<comfort_command>(out).size(), 1u);
    EXPECT_FALSE(actions_of<comfort_command>(out)[0].start);
    EXPECT_EQ(status_of("mc-a-1"), crew_status::available);
    EXPECT_TRUE(inc().false_alarm);
    EXPECT_EQ(inc().phase, incident_phase::closed);
    EXPECT_FALSE(engine().next_deadline());
    expect_refused(keep(engine().close_false_alarm(1, "operator-wang", "again", t0 + 3min)), "closed");
    EXPECT_TRUE(tick(60min).timeline.empty());

    expect_timeline_after_opening({{step::acknowledged, 30s},
                                   {step::stood_down, 2min},
                                   {step::closed_false_alarm, 2min}});

    // A new alarm after the close opens a new incident.
    EXPECT_EQ(raise(5min).opened, incident_id{2});
}

// ---- re-notify ----

TEST_F(incident_engine_test, renotify_cadence_and_maximum) {
    limits.ack_limit = 20min;   // keep L1 long enough to see the re-sends run out
    limits.renotify_every = 1min;
    limits.renotify_max = 3;
    raise(0ms);
    std::vector<int> attempts;
    for (auto t = 15s; t <= 10min; t += 15s)
        for (const auto& d : actions_of<dispatch_order>(tick(t))) {
            EXPECT_EQ(d.crew_id, "mc-a-1");
            attempts.push_back(d.attempt);
        }
    EXPECT_EQ(attempts, (std::vector<int>{2, 3, 4}));
    EXPECT_EQ(inc().renotify_count, 3);
    EXPECT_EQ(engine().next_deadline(), t0 + 20min);
    expect_timeline_after_opening(
        {{step::dispatch_resent, 1min}, {step::dispatch_resent, 2min}, {step::dispatch_resent, 3min}});
}

TEST_F(incident_engine_test, acknowledgement_stops_the_resends) {
    raise(0ms);
    tick(1min);
    report(1min + 10s, "mc-a-1", crew_report_kind::en_route, 4min);   // en route implies acknowledged
    EXPECT_TRUE(tick(2min).timeline.empty());
    EXPECT_TRUE(tick(3min).timeline.empty());
    EXPECT_EQ(inc().acknowledged_at, t0 + 1min + 10s);
    expect_timeline_after_opening({{step::dispatch_resent, 1min}, {step::en_route, 1min + 10s}});
}

// ---- closing ----

TEST_F(incident_engine_test, close_refused_without_release_and_its_follow_ups) {
    raise(0ms);
    keep(engine().record_cause(1, cause_category::external, "op", "power cut in the district", t0 + 2min));
    expect_refused(keep(engine().close(1, "op", t0 + 3min)), "release");
    expect_refused(keep(engine().record_callback(1, "op", "", t0 + 3min)), "not released");
    expect_refused(keep(engine().record_handover(1, "op", t0 + 3min)), "not released");
    EXPECT_EQ(inc().phase, incident_phase::alarm);

    report(4min, "mc-a-1", crew_report_kind::arrived);
    report(9min, "mc-a-1", crew_report_kind::released);
    const auto missing = keep(engine().close(1, "op", t0 + 10min));
    expect_refused(missing, "call-back");
    EXPECT_EQ(missing.error.find("cause"), std::string::npos) << missing.error;
    expect_refused(keep(engine().record_handover(1, "op", t0 + 10min)), "own maintenance company");
    expect_refused(keep(engine().close_false_alarm(1, "op", "oops", t0 + 10min)), "use close");
    keep(engine().record_callback(1, "op", "passenger fine", t0 + 11min));
    EXPECT_TRUE(keep(engine().close(1, "op", t0 + 12min)).error.empty());
    expect_refused(keep(engine().record_cause(1, cause_category::human, "op", "", t0 + 13min)), "closed");

    expect_timeline_after_opening({{step::cause_recorded, 2min},
                                   {step::arrived, 4min},
                                   {step::released, 9min},
                                   {step::callback, 11min},
                                   {step::closed, 12min}});
}

// ---- refused input ----

TEST_F(incident_engine_test, reports_that_do_not_fit_are_refused_and_change_nothing) {
    raise(0ms);
    expect_refused(report(10s, "mc-a-1", crew_report_kind::acknowledged, std::nullopt, 99), "unknown incident 99");
    expect_refused(report(10s, "mc-b-1", crew_report_kind::arrived), "not on incident 1");
    EXPECT_EQ(status_of("mc-b-1"), crew_status::available);

    report(20s, "mc-a-1", crew_report_kind::acknowledged, 5min);
    expect_refused(report(25s, "mc-a-1", crew_report_kind::acknowledged), "already acknowledged");
    report(5min, "mc-a-1", crew_report_kind::arrived);
    expect_refused(report(5min + 1s, "mc-a-1", crew_report_kind::en_route), "already arrived");
    EXPECT_EQ(inc().phase, incident_phase::on_site);
    report(9min, "mc-a-1", crew_report_kind::released);
    expect_refused(report(9min + 1s, "mc-a-1", crew_report_kind::released), "no longer on incident 1");

    EXPECT_TRUE(keep(engine().close_false_alarm(2, "op", "x", t0 + 10min)).error.find("unknown") !=
                std::string::npos);
    keep(engine().record_callback(1, "op", "", t0 + 10min));
    keep(engine().record_cause(1, cause_category::other, "op", "", t0 + 10min));
    keep(engine().close(1, "op", t0 + 10min));
    expect_refused(report(11min, "mc-a-1", crew_report_kind::acknowledged), "incident 1 is closed");
    expect_refused(keep(engine().on_alarm(alarm{elevator_ref{}, alarm_source::iot_auto, "node", ""}, t0 + 11min)),
                   "no elevator id");

    expect_timeline_after_opening({{step::acknowledged, 20s},
                                   {step::arrived, 5min},
                                   {step::released, 9min},
                                   {step::callback, 10min},
                                   {step::cause_recorded, 10min},
                                   {step::closed, 10min}});
}

TEST_F(incident_engine_test, superseded_crew_reports_are_refused) {
    raise(0ms);
    tick(3min);   // mc-a-1 stood down
    const auto late = report(3min + 5s, "mc-a-1", crew_report_kind::acknowledged);
    expect_refused(late, "no longer on incident 1 (stood_down)");
    EXPECT_EQ(status_of("mc-a-1"), crew_status::available);
}

// ---- timers across incidents, restart ----

TEST_F(incident_engine_test, a_late_tick_fires_due_timers_in_deadline_order_stamped_now) {
    raise(0ms);
    elevator = elevator_ref{"E-0002", "mc-b", "uu-2", offset(city, 500, 500), false, true};
    raise(30s);
    log.clear();
    tick(5min);   // both re-sends and both ack limits are overdue
    ASSERT_GE(log.size(), 4u) << dump();
    std::vector<std::pair<incident_id, step>> order;
    for (const auto& e : log) {
        EXPECT_EQ(e.at, t0 + 5min);
        order.emplace_back(e.incident, e.what);
    }
    const std::vector<std::pair<incident_id, step>> want{
        {1, step::dispatch_resent},  // due 1:00
        {2, step::dispatch_resent},  // due 1:30
        {1, step::escalated},   // due 3:00
        {1, step::stood_down}, {1, step::dispatched},
        {2, step::escalated},   // due 3:30
        {2, step::stood_down}, {2, step::dispatched},
    };
    EXPECT_EQ(order, want) << dump();
    EXPECT_EQ(inc(1).active_crew, "ws-1-t1");
    EXPECT_EQ(inc(2).active_crew, "ws-2-t1");
    EXPECT_EQ(engine().next_deadline(), t0 + 6min);
}

TEST_F(incident_engine_test, restored_incidents_keep_their_timers_and_ids) {
    raise(0ms);
    report(1min, "mc-a-1", crew_report_kind::acknowledged, 5min);
    elevator = elevator_ref{"E-0002", "mc-b", "uu-2", offset(city, 500, 500), false, true};
    raise(2min);
    const incident first = inc(1), second = inc(2);

    // Restart: a fresh roster (everyone available, as loaded) and engine.
    crew_roster roster2{est};
    for (const auto& c : roster.all()) {
        crew fresh = c;
        fresh.status = crew_status::available;
        roster2.upsert(fresh);
    }
    incident_engine engine2{limits, roster2};
    engine2.restore(first);
    engine2.restore(second);
    engine2.set_next_id(1);   // too low: never below what was restored
    EXPECT_EQ(engine2.next_id(), 3);
    EXPECT_EQ(roster2.find("mc-a-1")->status, crew_status::busy);
    EXPECT_EQ(roster2.find("mc-b-1")->status, crew_status::dispatched);
    EXPECT_EQ(engine2.open_incident_for("E-0002"), incident_id{2});
    EXPECT_EQ(engine2.next_deadline(), t0 + 3min);   // incident 2's first re-send
    EXPECT_EQ(engine2.open_incidents().size(), 2u);

    const auto resent = engine2.tick(t0 + 3min);
    ASSERT_EQ(resent.timeline.size(), 1u);
    EXPECT_EQ(to_string(resent.timeline[0].what), "dispatch_resent");
    const auto escalated = engine2.tick(t0 + 5min);   // re-send due 4:00, then the ack limit at 5:00
    ASSERT_GE(escalated.timeline.size(), 2u);
    EXPECT_EQ(to_string(escalated.timeline[0].what), "dispatch_resent");
    EXPECT_EQ(escalated.timeline[1].incident, 2);
    EXPECT_EQ(to_string(escalated.timeline[1].what), "escalated");
    EXPECT_EQ(engine2.find(2)->active_crew, "ws-1-t1");

    // A report for a restored incident still works, and new ids continue.
    EXPECT_TRUE(engine2.on_crew_report(crew_report{"mc-a-1", 1, crew_report_kind::arrived, {}, {}, {}}, t0 + 6min)
                    .error.empty());
    engine2.set_next_id(10);
    elevator.id = "E-0003";
    EXPECT_EQ(engine2.on_alarm(alarm{elevator, alarm_source::iot_auto, "node", ""}, t0 + 7min).opened, 10);

    // A restored closed incident refuses reports as closed.
    incident closed = first;
    closed.id = 5;
    closed.phase = incident_phase::closed;
    closed.elevator.id = "E-0009";
    engine2.restore(closed);
    EXPECT_FALSE(engine2.open_incident_for("E-0009"));
    expect_refused(engine2.on_crew_report(crew_report{"mc-a-1", 5, crew_report_kind::arrived, {}, {}, {}}, t0 + 8min),
                   "closed");
}

}  // namespace
}  // namespace lw::center
