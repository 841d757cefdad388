// The API adapter without a network: the route table, the request and reply types, the live view
// and the handlers on an in-memory store.
#include "lw/center/api/router.hpp"

#include <gtest/gtest.h>

#include "lw/center/api/live_view.hpp"
#include "lw/center/center_core.hpp"
#include "lw/center/console_page.hpp"
#include "lw/center/api/types.hpp"
#include "lw/center/store.hpp"
#include "lw/test/sample_registry.hpp"

namespace lw::center::api {
namespace {

// The sample city (E1 of north and uu1 at 34.58, 105.72), E1 with rescue code 111111, and E2.
city two_elevators() {
    auto c = lw::test::sample_city();
    c.crews = {{"n1", "north", "maintenance", "N1", "3", "", {34.59, 105.72}}};
    c.elevators[0].rescue_code = "111111";
    auto e = c.elevators[0];
    e.id = "E2";
    e.rescue_code = "222222";
    e.position = {34.60, 105.74};
    c.elevators.push_back(e);
    return c;
}

TEST(api_router, matches_patterns_and_tells_404_from_405) {
    const auto routes = center_routes({[] { return json_reply("{}"); }});
    auto m = routes.match("GET", "/api/incidents/12/export");
    ASSERT_TRUE(m.found);
    EXPECT_EQ(m.found->pattern, "/api/incidents/{id}/export");
    EXPECT_EQ(m.params, path_params{"12"});
    m = routes.match("POST", "/api/incidents/12/close");
    ASSERT_TRUE(m.found);
    EXPECT_EQ(m.params, (path_params{"12", "close"}));
    EXPECT_TRUE(std::holds_alternative<write_handler>(m.found->run));
    EXPECT_TRUE(std::holds_alternative<read_handler>(routes.match("GET", "/api/map").found->run));
    EXPECT_TRUE(std::holds_alternative<strand_handler>(routes.match("GET", "/api/metrics").found->run));
    m = routes.match("DELETE", "/api/incidents/12");
    EXPECT_FALSE(m.found);
    EXPECT_TRUE(m.path_known);   // 405
    m = routes.match("GET", "/api/nothing");
    EXPECT_FALSE(m.found);
    EXPECT_FALSE(m.path_known);  // 404
    EXPECT_FALSE(routes.match("GET", "/api/incidents/12/export/more").found);
}

TEST(api_types, replies_round_trip_and_bad_replies_say_why) {
    incident_detail d;
    d.summary = {7, "E1", "iot_auto", "closed", 2, 1000, "2026-12-01T08:00:00Z", "2026-12-01T09:00:00Z", "door_system",
                 false};
    d.timeline = {{1, 1000, "2026-12-01T08:00:00Z", "alarm_received", "node E1", "source iot_auto"}};
    d.dispatches = {{"n1", "north", 1, true}};
    const auto back = from_json<incident_detail>(to_json(d));
    ASSERT_TRUE(back) << back.error;
    EXPECT_EQ(back->summary.id, 7);
    EXPECT_EQ(back->summary.closed, "2026-12-01T09:00:00Z");
    EXPECT_EQ(back->timeline.at(0).step, "alarm_received");
    EXPECT_TRUE(back->dispatches.at(0).sent);

    const auto a = from_json<alarm_reply>(to_json(alarm_reply{std::nullopt, false}));
    ASSERT_TRUE(a);
    EXPECT_FALSE(a->incident);

    EXPECT_FALSE(from_json<incident_detail>("not json"));
    const auto missing = from_json<incident_detail>(R"({"id": 1})");
    EXPECT_FALSE(missing);
    EXPECT_NE(missing.error.find("elevator_id"), std::string::npos) << missing.error;
    EXPECT_EQ(from_json<error_reply>(to_json(error_reply{"no incident 9"}))->error, "no incident 9");
}

TEST(api_types, forms_round_trip_and_refuse_half_answers) {
    alarm_request a;
    a.rescue_code = "111111";
    a.caller = "139 0000";
    a.notes = "stuck & scared = 2 people";
    const auto back = alarm_request_from_form(to_form(a));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->rescue_code, "111111");
    EXPECT_EQ(back->notes, "stuck & scared = 2 people");
    EXPECT_EQ(back->source, "hotline_96333");
    EXPECT_FALSE(alarm_request_from_form("caller=1"));   // no elevator, no rescue code

    crew_edit_request c;
    c.home = geo_point{34.5, 105.5};
    const auto cb = crew_edit_request_from_form(to_form(c));
    ASSERT_TRUE(cb);
    EXPECT_NEAR(cb->home->lat_deg, 34.5, 1e-6);
    EXPECT_FALSE(crew_edit_request_from_form("lat=34.5"));
    EXPECT_FALSE(crew_edit_request_from_form("lat=95&lon=1"));
    EXPECT_FALSE(crew_edit_request_from_form(""));
    EXPECT_EQ(form_value("a=1&b=x%20y+z&c", "b"), "x y z");
    EXPECT_EQ(form_value("a=1", "b"), "");
}

TEST(api_live_view, cells_keep_what_the_strand_wrote_across_growth) {
    live_view v;
    v.reserve(2, 1);
    elevator_live l;
    l.state = node_state::online;
    l.status_received_at = timestamp{};
    l.status.floor = -3;
    l.status.door = door_state::not_fully_closed;
    l.status.moving = true;
    l.active_faults = domain::mask_of(fault_code::battery_low);
    v.set_elevator(1, l, incident_id{42});
    v.set_crew(0, crew{"n1", "north", crew_kind::maintenance, {34.59, 105.72}, crew_status::busy});
    v.reserve(1000, 10);   // grows: old cells copied
    const auto r = v.read();
    const auto e = r.elevator(1);
    EXPECT_EQ(e.state, node_state::online);
    EXPECT_TRUE(e.has_status);
    EXPECT_EQ(e.floor, -3);
    EXPECT_EQ(e.door, door_state::not_fully_closed);
    EXPECT_TRUE(e.moving);
    EXPECT_EQ(e.faults, domain::mask_of(fault_code::battery_low));
    EXPECT_EQ(e.incident, 42);
    EXPECT_EQ(r.elevator(0).state, node_state::unknown);
    EXPECT_EQ(r.elevator(5000).state, node_state::unknown);   // out of range: defaults
    EXPECT_EQ(r.crew(0).status, crew_status::busy);
    EXPECT_NEAR(r.crew(0).position.lat_deg, 34.59, 1e-5);
    EXPECT_EQ(r.elevators(), 1000U);
}

class api_handlers : public ::testing::Test {
protected:
    store db{":memory:"};
    live_view view;
    std::shared_ptr<const registry> reg = registry::build(two_elevators());
    router routes = center_routes({[] { return json_reply("{}"); }});

    response get(const std::string& path, const std::string& query = {}) {
        const auto m = routes.match("GET", path);
        if (!m.found) return error(404, "no route");
        read_context c{reg, view.read(), db, response_limits{}, from_ms(1'795'000'000'000)};
        return std::get<read_handler>(m.found->run)(request{"GET", path, query, "", ""}, m.params, c);
    }
    std::variant<input, response> parse(const std::string& method, const std::string& path, const std::string& body) {
        const auto m = routes.match(method, path);
        return std::get<write_handler>(m.found->run).to_input(request{method, path, "", body, ""}, m.params, *reg);
    }
    void SetUp() override {
        view.reserve(reg->elevator_count(), reg->crew_count());
        elevator_live l;
        l.state = node_state::online;
        view.set_elevator(0, l, incident_id{3});
        view.set_crew(0, crew{"n1", "north", crew_kind::maintenance, {34.59, 105.72}, crew_status::available});
    }
};

TEST_F(api_handlers, map_lists_elevators_in_the_box_or_groups_them) {
    auto r = get("/api/map");
    ASSERT_EQ(r.status, 200) << r.body;
    auto m = from_json<map_reply>(r.body);
    ASSERT_TRUE(m) << m.error;
    EXPECT_EQ(m->mode, "elevators");
    EXPECT_EQ(m->total, 2U);
    ASSERT_EQ(m->elevators.size(), 2U);
    EXPECT_EQ(m->elevators[0].incident, 3);
    EXPECT_TRUE(m->elevators[0].online);
    EXPECT_EQ(m->crews.size(), 1U);

    m = from_json<map_reply>(get("/api/map", "bbox=34.57,105.71,34.59,105.73").body);
    EXPECT_EQ(m->total, 1U);   // E2 is outside

    m = from_json<map_reply>(get("/api/map", "max=1").body);
    EXPECT_EQ(m->mode, "cells");
    EXPECT_EQ(m->total, 2U);
    std::uint32_t in_cells = 0;
    for (const auto& c : m->cells) in_cells += c.elevators;
    EXPECT_EQ(in_cells, 2U);
    ASSERT_EQ(m->elevators.size(), 1U);   // the one with an incident, still shown by itself
    EXPECT_EQ(m->elevators[0].id, "E1");

    EXPECT_EQ(get("/api/map", "bbox=1,2,3").status, 400);
    EXPECT_EQ(get("/api/map", "bbox=35,105,34,106").status, 400);   // south above north
    EXPECT_EQ(get("/api/map", "max=100000").status, 400);
}

TEST_F(api_handlers, dossier_and_refusals) {
    const auto d = from_json<elevator_dossier>(get("/api/elevators/E1").body);
    ASSERT_TRUE(d) << d.error;
    EXPECT_EQ(d->rescue_code, "111111");
    ASSERT_TRUE(d->live);
    EXPECT_EQ(d->live->state, "online");
    EXPECT_EQ(get("/api/elevators/E9").status, 404);
    EXPECT_EQ(get("/api/incidents/abc").status, 400);
    EXPECT_EQ(get("/api/incidents/5").status, 404);
    EXPECT_EQ(get("/api/companies/nobody/dispatches").status, 404);
}

TEST_F(api_handlers, writes_become_core_inputs_or_clear_refusals) {
    auto in = parse("POST", "/api/alarms", "rescue_code=111111&source=transfer_119&caller=119");
    ASSERT_TRUE(std::holds_alternative<input>(in));
    const auto& alarm = std::get<manual_alarm_input>(std::get<input>(in));
    EXPECT_EQ(alarm.rescue_code, "111111");
    EXPECT_EQ(alarm.source, alarm_source::transfer_119);
    EXPECT_EQ(std::get<response>(parse("POST", "/api/alarms", "elevator=E1&source=iot_auto")).status, 400);

    in = parse("POST", "/api/incidents/4/cause", "cause=door_system&operator=Li");
    const auto& act = std::get<operator_action_input>(std::get<input>(in));
    EXPECT_EQ(act.action, operator_action::cause);
    EXPECT_EQ(act.cause, cause_category::door_system);
    EXPECT_EQ(act.actor, "Li");
    EXPECT_EQ(std::get<response>(parse("POST", "/api/incidents/4/cause", "cause=pigeons")).status, 400);
    EXPECT_EQ(std::get<response>(parse("POST", "/api/incidents/4/dance", "")).status, 404);
    EXPECT_EQ(std::get<response>(parse("POST", "/api/incidents/0/close", "")).status, 400);

    // A registry file may refer to what is already registered.
    in = parse("POST", "/api/registry",
               R"({"elevators":[{"id":"E3","rescue_code":"333333","company":"north","using_unit":"uu1","lat":34.6,"lon":105.7}]})");
    ASSERT_TRUE(std::holds_alternative<input>(in));
    EXPECT_EQ(std::get<registry_import_input>(std::get<input>(in)).records.elevators.size(), 1U);
    const auto bad = std::get<response>(parse("POST", "/api/registry", R"({"elevators":[{"id":"E4","company":"south","lat":1,"lon":1}]})"));
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("south"), std::string::npos);
}

// An incident opened by the core and stored as the center stores it: the console's timeline
// (GET /api/incidents/{id}) says each notification was requested and not delivered, and reads an
// old `notified` record the same way; the console page shows that label, not the step's name.
TEST_F(api_handlers, console_timeline_shows_notifications_as_requested_not_delivered) {
    const auto t0 = from_ms(1'795'000'000'000);
    center_core core{core_config{}, reg};
    manual_alarm_input call;
    call.elevator_id = "E1";
    call.source = alarm_source::hotline_96333;
    const auto fx = core.handle(call, t0);
    ASSERT_TRUE(fx.reply.ok()) << fx.reply.error;
    ASSERT_EQ(db.commit(fx.records.timeline, fx.records.incidents, {}, t0), "");
    // A record from a database written before there was the distinction.
    ASSERT_EQ(db.commit({timeline_entry{1, t0, step::notified, "center", "using unit uu1: old record"}}, {}, {}, t0),
              "");

    const auto r = get("/api/incidents/1");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto d = from_json<incident_detail>(r.body);
    ASSERT_TRUE(d) << d.error;
    int requested = 0, undelivered = 0, old = 0;
    for (const auto& t : d->timeline) {
        if (t.step == "notify_requested") {
            ++requested;
            EXPECT_EQ(t.label, "notification requested");
        } else if (t.step == "notify_undelivered") {
            ++undelivered;
            EXPECT_EQ(t.label, "not delivered");
            EXPECT_NE(t.details.find("not delivered: no notification gateway configured"), std::string::npos)
                << t.details;
        } else if (t.step == "notified") {
            ++old;
            EXPECT_EQ(t.label, "requested - not delivered (no gateway; old record)");
        } else {
            EXPECT_EQ(t.label, t.step);
        }
    }
    EXPECT_EQ(requested, 2);   // the company and the using unit (no workstation in this city)
    EXPECT_EQ(undelivered, 2);
    EXPECT_EQ(old, 1);
    // The page puts the label in the step column (the name stays in its tooltip).
    EXPECT_NE(console_page().find("${esc(t.label??t.step)}"), std::string::npos);
    EXPECT_EQ(console_page().find("<td>${esc(t.step)}</td>"), std::string::npos);
}

}  // namespace
}  // namespace lw::center::api
