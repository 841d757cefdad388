// The store on ":memory:" (unit): registry round trip, one engine step committed and read
// back, dispatch and fault rows, the hash chain of new rows, and the incident snapshot codec.
#include "lw/center/store.hpp"

#include <gtest/gtest.h>

#include "lw/center/timeline_hash.hpp"
#include "lw/sha256.hpp"
#include "lw/test/sample_registry.hpp"

#include <nlohmann/json.hpp>

namespace lw::center {
namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;

const timestamp t0 = from_ms(1'796'112'000'000);   // 2026-12-01 08:00 UTC

// The sample city (E1 of north and uu1, rescue code 123456, Ms Li in charge) with every field
// away from the defaults.
city small_city() {
    auto c = lw::test::sample_city();
    c.companies[0].zones = {"Qinzhou", "Maiji"};
    c.companies[0].star_rating = 4;
    c.workstations = {{"ws1", "WS 1", "hospital", "Qinzhou", {34.59, 105.73}}};
    c.crews = {{"north-1", "north", "maintenance", "N1", "139", "", {34.58, 105.72}},
               {"rt1", "ws1", "rescue_team", "RT", "137", "ws1", {34.59, 105.73}}};
    auto& e = c.elevators[0];
    e.grid = "QZ-01";
    e.position = {34.5801, 105.7202};
    e.type = "machine_room_less";
    e.machine_room_less = true;
    e.floors = 18;
    e.year = 2012;
    e.inspection_due = "2027-01-01";
    e.maintenance_due = "2026-12-15";
    e.urban = false;
    return c;
}

// An incident in every way away from the defaults, so a codec that drops or confuses a field fails.
incident rich_incident() {
    incident inc;
    inc.id = 42;
    inc.elevator = {"E1", "north", "uu1", {34.5801, 105.7202}, true, false};
    inc.source = alarm_source::transfer_119;
    inc.phase = incident_phase::on_site;
    inc.level = response_level::l2;
    inc.opened_at = t0;
    inc.acknowledged_at = t0 + 2min;
    inc.arrived_at = t0 + 9min;
    inc.crews_dispatched = {"north-1", "rt1"};
    inc.active_crew = "rt1";
    inc.cause = cause_category::door_system;
    inc.ack_deadline = t0 + 6min;
    inc.arrival_deadline = t0 + 60min;
    inc.release_deadline = t0 + 39min;
    inc.next_renotify = t0 + 4min;
    inc.renotify_count = 2;
    inc.handover_required = true;
    crew_assignment a1;
    a1.crew_id = "north-1";
    a1.company_id = "north";
    a1.kind = crew_kind::maintenance;
    a1.level = response_level::l1;
    a1.status = assignment_status::cannot_handle;
    a1.dispatched_at = t0;
    a1.eta = 5min;
    a1.arrive_by = t0 + 60min;
    a1.acknowledged_at = t0 + 2min;
    a1.arrived_at = t0 + 7min;
    crew_assignment a2 = a1;
    a2.crew_id = "rt1";
    a2.company_id = "ws1";
    a2.kind = crew_kind::rescue_team;
    a2.level = response_level::l2;
    a2.status = assignment_status::arrived;
    a2.dispatched_at = t0 + 8min;
    a2.eta = 90s;
    a2.acknowledged_at = t0 + 8min + 20s;
    a2.arrived_at = t0 + 9min;
    inc.assignments = {a1, a2};
    return inc;
}

void expect_same(const incident& a, const incident& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.elevator.id, b.elevator.id);
    EXPECT_EQ(a.elevator.company_id, b.elevator.company_id);
    EXPECT_EQ(a.elevator.using_unit_id, b.elevator.using_unit_id);
    EXPECT_EQ(a.elevator.machine_room_less, b.elevator.machine_room_less);
    EXPECT_EQ(a.elevator.urban, b.elevator.urban);
    EXPECT_DOUBLE_EQ(a.elevator.position.lat_deg, b.elevator.position.lat_deg);
    EXPECT_EQ(a.source, b.source);
    EXPECT_EQ(a.phase, b.phase);
    EXPECT_EQ(a.level, b.level);
    EXPECT_EQ(a.opened_at, b.opened_at);
    EXPECT_EQ(a.acknowledged_at, b.acknowledged_at);
    EXPECT_EQ(a.arrived_at, b.arrived_at);
    EXPECT_EQ(a.released_at, b.released_at);
    EXPECT_EQ(a.closed_at, b.closed_at);
    EXPECT_EQ(a.crews_dispatched, b.crews_dispatched);
    EXPECT_EQ(a.active_crew, b.active_crew);
    EXPECT_EQ(a.rescuing_crew, b.rescuing_crew);
    EXPECT_EQ(a.cause, b.cause);
    EXPECT_EQ(a.false_alarm, b.false_alarm);
    EXPECT_EQ(a.ack_deadline, b.ack_deadline);
    EXPECT_EQ(a.arrival_deadline, b.arrival_deadline);
    EXPECT_EQ(a.release_deadline, b.release_deadline);
    EXPECT_EQ(a.next_renotify, b.next_renotify);
    EXPECT_EQ(a.renotify_count, b.renotify_count);
    EXPECT_EQ(a.callback_done, b.callback_done);
    EXPECT_EQ(a.handed_over, b.handed_over);
    EXPECT_EQ(a.handover_required, b.handover_required);
    ASSERT_EQ(a.assignments.size(), b.assignments.size());
    for (std::size_t i = 0; i < a.assignments.size(); ++i) {
        const auto &x = a.assignments[i], &y = b.assignments[i];
        EXPECT_EQ(x.crew_id, y.crew_id);
        EXPECT_EQ(x.company_id, y.company_id);
        EXPECT_EQ(x.kind, y.kind);
        EXPECT_EQ(x.level, y.level);
        EXPECT_EQ(x.status, y.status);
        EXPECT_EQ(x.dispatched_at, y.dispatched_at);
        EXPECT_EQ(x.eta, y.eta);
        EXPECT_EQ(x.arrive_by, y.arrive_by);
        EXPECT_EQ(x.acknowledged_at, y.acknowledged_at);
        EXPECT_EQ(x.arrived_at, y.arrived_at);
    }
}

TEST(store, new_database_is_at_the_latest_schema) {
    store s(":memory:");
    EXPECT_EQ(s.schema_version(), store::schema_version_latest);
    EXPECT_TRUE(s.elevators().empty());
    const auto v = s.verify();
    EXPECT_TRUE(v.ok);
    EXPECT_EQ(v.rows_checked, 0);
    EXPECT_EQ(v.head_hash, "genesis");
}

TEST(store, registry_round_trip_and_crew_position_edit) {
    store s(":memory:");
    const auto c = small_city();
    ASSERT_EQ(s.import_city(c), "");
    ASSERT_EQ(s.import_city(c), "") << "importing again replaces, never duplicates";
    const auto els = s.elevators();
    ASSERT_EQ(els.size(), 1u);
    const auto e = s.elevator("E1");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->rescue_code, "123456");
    EXPECT_EQ(e->grid, "QZ-01");
    EXPECT_TRUE(e->machine_room_less);
    EXPECT_FALSE(e->urban);
    EXPECT_EQ(e->floors, 18);
    EXPECT_EQ(e->maintenance_due, "2026-12-15");
    EXPECT_DOUBLE_EQ(e->position.lon_deg, 105.7202);
    EXPECT_FALSE(s.elevator("E404"));
    const auto companies = s.companies();
    ASSERT_EQ(companies.size(), 1u);
    EXPECT_EQ(companies[0].zones, (std::vector<std::string>{"Qinzhou", "Maiji"}));
    EXPECT_EQ(companies[0].star_rating, 4);
    ASSERT_EQ(s.using_units().size(), 1u);
    EXPECT_EQ(s.using_units()[0].person_in_charge, "Ms Li");
    ASSERT_EQ(s.workstations().size(), 1u);
    EXPECT_EQ(s.workstations()[0].near, "hospital");
    const auto crews = s.crews();
    ASSERT_EQ(crews.size(), 2u);
    EXPECT_EQ(crews[1].id, "rt1");
    EXPECT_EQ(crews[1].kind, "rescue_team");
    EXPECT_EQ(crews[1].workstation_id, "ws1");

    EXPECT_EQ(s.set_crew_position("rt1", {34.6, 105.8}), "");
    EXPECT_DOUBLE_EQ(s.crews()[1].position.lat_deg, 34.6);
    EXPECT_EQ(s.set_crew_position("nobody", {34.6, 105.8}), "no crew 'nobody'");
}

TEST(store, one_engine_step_is_stored_and_read_back) {
    store s(":memory:");
    const auto inc = rich_incident();
    const std::vector<timeline_entry> entries{{42, t0, step::alarm_received, "119", "caller: two trapped"},
                                              {42, t0, step::dispatched, "center", "L1 crew north-1"}};
    const dispatch_row d{42, "north-1", "north", 1, "lw/v1/dispatch/north/north-1", std::string("\x08\x2a\x00\x01", 4),
                         false};
    ASSERT_EQ(s.commit(entries, {inc}, {d}, t0 + 1s), "");

    const auto rows = s.timeline(42);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].id, 1);
    EXPECT_EQ(rows[0].step, "alarm_received");
    EXPECT_EQ(rows[0].actor, "119");
    EXPECT_EQ(rows[0].details, "caller: two trapped");
    EXPECT_EQ(rows[0].at, t0);
    EXPECT_EQ(rows[0].recorded, t0 + 1s);
    EXPECT_EQ(rows[0].prev_hash, "genesis");
    EXPECT_EQ(rows[1].prev_hash, rows[0].hash);
    EXPECT_EQ(rows[1].hash.size(), 64u);
    EXPECT_EQ(s.timeline_between(t0, t0 + 1ms).size(), 2u);
    EXPECT_TRUE(s.timeline_between(t0 + 1ms, t0 + 1h).empty());

    const auto sum = s.incident_summary(42);
    ASSERT_TRUE(sum);
    EXPECT_EQ(sum->phase, "on_site");
    EXPECT_EQ(sum->source, "transfer_119");
    EXPECT_EQ(sum->level, 2);
    EXPECT_EQ(sum->cause, "door_system");
    EXPECT_FALSE(sum->closed);
    EXPECT_EQ(s.incidents(10, true).size(), 1u);
    EXPECT_EQ(s.incidents_of_elevator("E1", 10).size(), 1u);
    EXPECT_EQ(s.incidents_opened_between(t0, t0 + 1ms).size(), 1u);
    EXPECT_EQ(s.max_incident_id(), 42);
    const auto open = s.open_incidents();
    ASSERT_EQ(open.size(), 1u);
    expect_same(open[0], inc);
    ASSERT_EQ(s.incidents_between(t0, t0 + 1ms).size(), 1u);

    const auto ds = s.dispatches(42);
    ASSERT_EQ(ds.size(), 1u);
    EXPECT_EQ(ds[0].payload, d.payload) << "the payload is bytes, NULs included";
    EXPECT_FALSE(ds[0].sent);
    EXPECT_EQ(s.unsent_dispatches().size(), 1u);
    EXPECT_EQ(s.mark_sent(42, "north-1", 1), "");
    EXPECT_TRUE(s.unsent_dispatches().empty());

    auto closed = inc;
    closed.phase = incident_phase::closed;
    closed.closed_at = t0 + 30min;
    ASSERT_EQ(s.commit({{42, t0 + 30min, step::closed, "op", ""}}, {closed}, {}, t0 + 30min), "");
    EXPECT_TRUE(s.open_incidents().empty());
    EXPECT_TRUE(s.incidents(10, true).empty());
    EXPECT_EQ(s.incident_summary(42)->closed, t0 + 30min);
    const auto v = s.verify();
    EXPECT_TRUE(v.ok) << (v.problems.empty() ? "" : v.problems[0]);
    EXPECT_EQ(v.rows_checked, 3);
    EXPECT_EQ(v.head_id, 3);
    EXPECT_EQ(v.head_hash, s.timeline(42).back().hash);
    EXPECT_FALSE(s.verify(std::make_pair(std::int64_t{2}, std::string(64, '0'))).ok) << "a wrong anchor fails";
    EXPECT_FALSE(s.verify(std::make_pair(std::int64_t{9}, v.head_hash)).ok) << "an anchor past the end fails";
    EXPECT_TRUE(s.verify(std::make_pair(std::int64_t{3}, v.head_hash)).ok);
}

TEST(store, faults_are_kept_once_per_seq_newest_first) {
    store s(":memory:");
    ASSERT_EQ(s.record_fault({"E1", 1, t0, 7, "door_open_failure", true, false, ""}), "");
    ASSERT_EQ(s.record_fault({"E1", 2, t0 + 1min, 7, "door_open_failure", false, true, "replayed"}), "");
    ASSERT_EQ(s.record_fault({"E1", 2, t0 + 5min, 9, "other", true, false, "a repeat of seq 2"}), "");
    const auto f = s.faults("E1", 10);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].seq, 2u);
    EXPECT_EQ(f[0].detail, "replayed");
    EXPECT_TRUE(f[0].historical);
    EXPECT_FALSE(f[0].raised);
    EXPECT_EQ(s.faults("E1", 1).size(), 1u);
    EXPECT_EQ(s.faults_between(t0, t0 + 1min).size(), 1u);
    EXPECT_TRUE(s.faults("E2", 10).empty());
}

timeline_row sample_row(std::string actor, std::string details) {
    return timeline_row{7, 42, from_ms(1000), "notified", std::move(actor), std::move(details), from_ms(2000),
                        "genesis", {}, 0};
}

TEST(store, command_log_keeps_each_command_and_the_boards_first_answer) {
    store s(":memory:");
    EXPECT_EQ(s.max_command_id(), 0U);
    command_row c;
    c.id = 7;
    c.elevator_id = "E1";
    c.kind = "set_thresholds";
    c.issued_by = "operator Li";
    c.parameters = "entrapment_at_floor_s=60";
    c.sent = t0;
    ASSERT_EQ(s.record_command(c), "");
    auto c2 = c;
    c2.id = 8;
    c2.kind = "play_comfort";
    c2.issued_by = "center";
    c2.incident = 3;
    c2.parameters.clear();
    ASSERT_EQ(s.record_command(c2), "");
    EXPECT_EQ(s.max_command_id(), 8U);
    ASSERT_EQ(s.commands_awaiting(10).size(), 2U);
    EXPECT_EQ(s.commands_awaiting(1).at(0).id, 8U);   // the newest

    ASSERT_EQ(s.record_command_result(7, t0 + 1s, false, "unknown threshold 'x'"), "");
    EXPECT_NE(s.record_command_result(7, t0 + 2s, true, "again"), "") << "answered once";
    EXPECT_NE(s.record_command_result(99, t0 + 2s, true, "?"), "") << "not in the log";

    const auto log = s.commands("E1", 10);
    ASSERT_EQ(log.size(), 2U);
    EXPECT_EQ(log[0].id, 8U);   // newest first
    EXPECT_EQ(log[0].incident, 3);
    EXPECT_FALSE(log[0].answered);
    EXPECT_EQ(log[1].kind, "set_thresholds");
    EXPECT_EQ(log[1].parameters, "entrapment_at_floor_s=60");
    EXPECT_EQ(log[1].answered, t0 + 1s);
    EXPECT_FALSE(log[1].ok);
    EXPECT_EQ(log[1].reason, "unknown threshold 'x'");
    const auto awaiting = s.commands_awaiting(10);
    ASSERT_EQ(awaiting.size(), 1U);
    EXPECT_EQ(awaiting[0].id, 8U);
}

TEST(timeline_hash, version_1_is_the_old_pipe_joined_record) {
    EXPECT_EQ(timeline_hash_record(sample_row("center", "to mc01"), 1), "genesis|7|42|1000|notified|center|to mc01|2000");
    EXPECT_EQ(timeline_hash(sample_row("center", "to mc01"), 1),
              lw::sha256_hex("genesis|7|42|1000|notified|center|to mc01|2000"));
}

TEST(timeline_hash, version_2_length_prefixes_every_field) {
    EXPECT_EQ(timeline_hash_record(sample_row("center", "to mc01"), 2),
              "lwtl2\n7:genesis\n1:7\n2:42\n4:1000\n8:notified\n6:center\n7:to mc01\n4:2000\n");
    EXPECT_EQ(timeline_hash_record(sample_row("", ""), 2),
              "lwtl2\n7:genesis\n1:7\n2:42\n4:1000\n8:notified\n0:\n0:\n4:2000\n");
    EXPECT_EQ(timeline_hash(sample_row("center", "to mc01"), 2),
              lw::sha256_hex(*timeline_hash_record(sample_row("center", "to mc01"), 2)));
    EXPECT_NE(timeline_hash_record(sample_row("caf\xc3\xa9", "x"), 2)->find("\n5:caf\xc3\xa9\n1:x\n"),
              std::string::npos)
        << "lengths are in bytes, not characters";
}

TEST(timeline_hash, records_that_collided_under_version_1_differ_under_version_2) {
    const auto a = sample_row("a|b", "c"), b = sample_row("a", "b|c");
    EXPECT_EQ(timeline_hash(a, 1), timeline_hash(b, 1)) << "the ambiguity version 2 removes";
    EXPECT_NE(timeline_hash_record(a, 2), timeline_hash_record(b, 2));
    EXPECT_NE(timeline_hash(a, 2), timeline_hash(b, 2));
    // A length prefix inside a field does not help either.
    EXPECT_NE(timeline_hash(sample_row("1:a\n", ""), 2), timeline_hash(sample_row("", "1:a\n"), 2));
}

TEST(timeline_hash, unknown_versions_have_no_hash) {
    EXPECT_FALSE(timeline_hash(sample_row("a", "b"), 0));
    EXPECT_FALSE(timeline_hash(sample_row("a", "b"), 3));
    EXPECT_FALSE(timeline_hash_record(sample_row("a", "b"), -1));
}

TEST(store, new_timeline_rows_are_hashed_with_the_latest_version) {
    store s(":memory:");
    ASSERT_EQ(s.commit({{1, t0, step::alarm_received, "node|E1", "a|b"}, {1, t0, step::dispatched, "center", ""}},
                       {}, {}, t0),
              "");
    const auto rows = s.timeline(1);
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& r : rows) {
        EXPECT_EQ(r.hash_version, timeline_hash_version_latest);
        EXPECT_EQ(timeline_hash(r, 2), r.hash) << r.id;
        EXPECT_NE(timeline_hash(r, 1), r.hash) << r.id;
    }
    EXPECT_TRUE(s.verify().ok);
}

TEST(incident_snapshot, round_trip_keeps_every_field) {
    const auto inc = rich_incident();
    const auto back = incident_from_json(incident_to_json(inc));
    ASSERT_TRUE(back);
    expect_same(*back, inc);
}

TEST(incident_snapshot, enums_are_written_by_name) {
    const auto j = json::parse(incident_to_json(rich_incident()));
    EXPECT_EQ(j.at("source"), "transfer_119");
    EXPECT_EQ(j.at("phase"), "on_site");
    EXPECT_EQ(j.at("level"), "L2");
    EXPECT_EQ(j.at("cause"), "door_system");
    const auto& a = j.at("assignments");
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0].at("kind"), "maintenance");
    EXPECT_EQ(a[0].at("level"), "L1");
    EXPECT_EQ(a[0].at("status"), "cannot_handle");
    EXPECT_EQ(a[1].at("kind"), "rescue_team");
    EXPECT_EQ(a[1].at("level"), "L2");
    EXPECT_EQ(a[1].at("status"), "arrived");
    auto no_cause = rich_incident();
    no_cause.cause.reset();
    EXPECT_TRUE(json::parse(incident_to_json(no_cause)).at("cause").is_null());
}

// Incident 1 of tests/data/pre-v2-tianshui.sql, as the center wrote it before issue 8: the
// enums as numbers. Still read, value for value.
TEST(incident_snapshot, snapshots_written_before_issue_8_with_numbers_still_parse) {
    const std::string old = R"({"ack_deadline":null,"acknowledged_at":1796112171679,"active_crew":"","arrival_deadline":null,"arrived_at":1796112465753,"assignments":[{"acknowledged_at":1796112171679,"arrive_by":1796113875676,"arrived_at":1796112465753,"company_id":"mc04","crew_id":"mc04-c01","dispatched_at":1796112075676,"eta_ms":294000,"kind":0,"level":1,"status":5},{"acknowledged_at":1796113038052,"arrive_by":1796113875676,"arrived_at":1796113243244,"company_id":"rescue","crew_id":"rt06","dispatched_at":1796112921696,"eta_ms":204000,"kind":1,"level":2,"status":4}],"callback_done":true,"cause":2,"closed_at":1796113801394,"crews_dispatched":["mc04-c01","rt06"],"elevator":{"company_id":"mc04","id":"TS-MJ-00009","lat":34.56201713179371,"lon":105.91826180084428,"machine_room_less":true,"urban":true,"using_unit_id":"uu00003"},"false_alarm":false,"handed_over":true,"handover_required":true,"id":1,"level":2,"next_renotify":null,"opened_at":1796112075676,"phase":4,"release_deadline":null,"released_at":1796113681316,"renotify_count":1,"rescuing_crew":"rt06","source":0})";
    const auto inc = incident_from_json(old);
    ASSERT_TRUE(inc);
    EXPECT_EQ(inc->source, alarm_source::iot_auto);
    EXPECT_EQ(inc->phase, incident_phase::closed);
    EXPECT_EQ(inc->level, response_level::l2);
    EXPECT_EQ(inc->cause, cause_category::door_system);
    ASSERT_EQ(inc->assignments.size(), 2u);
    EXPECT_EQ(inc->assignments[0].kind, crew_kind::maintenance);
    EXPECT_EQ(inc->assignments[0].level, response_level::l1);
    EXPECT_EQ(inc->assignments[0].status, assignment_status::cannot_handle);
    EXPECT_EQ(inc->assignments[1].kind, crew_kind::rescue_team);
    EXPECT_EQ(inc->assignments[1].level, response_level::l2);
    EXPECT_EQ(inc->assignments[1].status, assignment_status::released);
    EXPECT_EQ(inc->rescuing_crew, "rt06");
    EXPECT_EQ(inc->closed_at, from_ms(1796113801394));
    // Written again, it is by name, and reads back the same.
    const auto again = incident_from_json(incident_to_json(*inc));
    ASSERT_TRUE(again);
    expect_same(*again, *inc);
    EXPECT_EQ(json::parse(incident_to_json(*inc)).at("phase"), "closed");
}

TEST(incident_snapshot, unknown_names_and_numbers_are_refused_not_guessed) {
    const auto good = json::parse(incident_to_json(rich_incident()));
    auto with = [&](const char* key, json v) {
        auto j = good;
        j[key] = std::move(v);
        return incident_from_json(j.dump());
    };
    EXPECT_TRUE(with("phase", "released"));
    EXPECT_TRUE(with("phase", 3)) << "an old number";
    EXPECT_FALSE(with("phase", "flying"));
    EXPECT_FALSE(with("phase", 5)) << "one past the last phase";
    EXPECT_FALSE(with("phase", -1));
    EXPECT_FALSE(with("phase", 256 + 2)) << "not truncated to a byte";
    EXPECT_FALSE(with("phase", 2.5));
    EXPECT_FALSE(with("phase", true));
    EXPECT_FALSE(with("level", 0)) << "levels are 1..3";
    EXPECT_FALSE(with("level", "l2")) << "names are exact";
    EXPECT_FALSE(with("source", "pigeon"));
    EXPECT_FALSE(with("cause", 7));
    EXPECT_TRUE(with("cause", nullptr));
    auto j = good;
    j["assignments"][1]["status"] = 8;
    EXPECT_FALSE(incident_from_json(j.dump())) << "one past the last assignment status";
    j["assignments"][1]["status"] = "arrived";
    j["assignments"][1]["kind"] = "plumber";
    EXPECT_FALSE(incident_from_json(j.dump()));
    j["assignments"][1].erase("kind");
    ASSERT_TRUE(incident_from_json(j.dump())) << "a missing kind is the default, as before";
    EXPECT_EQ(incident_from_json(j.dump())->assignments[1].kind, crew_kind::maintenance);
}

TEST(incident_snapshot, text_that_is_not_a_snapshot_is_refused) {
    EXPECT_FALSE(incident_from_json(""));
    EXPECT_FALSE(incident_from_json("[1,2]"));
    EXPECT_FALSE(incident_from_json("{\"id\": 1}")) << "no elevator";
    EXPECT_FALSE(incident_from_json("{not json"));
}

}  // namespace
}  // namespace lw::center
