// `lw-center stats` over a real SQLite file: the database is built through the store API with
// real incidents produced by the incident engine on a fake clock (no broker needed), then the
// real program runs as a child process and its figures are checked against hand-computed values.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "lw/center/incident_engine.hpp"
#include "lw/center/store.hpp"
#include "lw/center/supervision.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/sample_registry.hpp"

namespace {

using namespace lw::center;
using namespace std::chrono_literals;
using json = nlohmann::json;
using lw::duration;
using lw::timestamp;

constexpr auto program_timeout = std::chrono::seconds{30};
constexpr double days_per_month = 30.4375;

const lw::geo_point qinzhou{34.5800, 105.7200};
const lw::geo_point maiji{34.5600, 105.9000};
lw::geo_point north_of(lw::geo_point p, double metres) { return lw::test::offset(p, metres, 0); }

// The sample elevator (1 Test Road, using unit uu1, traction, 10 floors) in region tianshui.
elevator_record make_elevator(std::string id, std::string company, std::string district, lw::geo_point p,
                              std::string inspection_due, bool urban) {
    auto e = lw::test::elevator_e1();
    e.id = std::move(id);
    e.rescue_code = "1" + e.id;
    e.region = "tianshui";
    e.district = std::move(district);
    e.position = p;
    e.company_id = std::move(company);
    e.year = 2015;
    e.inspection_due = std::move(inspection_due);
    e.maintenance_due = "2026-03-01";
    e.urban = urban;
    return e;
}

// north: E1, E2 in Qinzhou (urban); south: E3 (rural) and E4 (urban) in Maiji.
city test_city() {
    city c;
    c.companies = {lw::test::north_lifts(), {"south", "South Lifts", "0938-2", {"Maiji"}, 0}};
    c.using_units = {lw::test::tower_one()};
    c.crews = {{"north-1", "north", "maintenance", "N1", "1", "", north_of(qinzhou, 1000)},
               {"south-1", "south", "maintenance", "S1", "2", "", north_of(maiji, 1000)},
               {"rt1", "ws1", "rescue_team", "RT", "3", "ws1", north_of(maiji, 2000)}};
    c.workstations = {{"ws1", "WS 1", "hospital", "Maiji", north_of(maiji, 2000)}};
    c.elevators = {make_elevator("E1", "north", "Qinzhou", qinzhou, "2026-01-05", true),          // overdue
                   make_elevator("E2", "north", "Qinzhou", north_of(qinzhou, 300), "2026-06-01", true),
                   make_elevator("E3", "south", "Maiji", maiji, "2026-02-01", false),
                   make_elevator("E4", "south", "Maiji", north_of(maiji, 300), "2025-12-01", true)};  // overdue
    return c;
}

crew_kind kind_of(const std::string& s) {
    if (s == "rescue_team") return crew_kind::rescue_team;
    if (s == "expert") return crew_kind::expert;
    if (s == "fire") return crew_kind::fire;
    return crew_kind::maintenance;
}

// The engine on a fake clock, every step committed to the store as the center does.
class center_on_fake_clock {
public:
    center_on_fake_clock(store& db, const city& c) : db_(db) {
        for (const auto& x : c.crews) roster_.upsert(crew{x.id, x.company_id, kind_of(x.kind), x.position});
        for (const auto& e : c.elevators) elevators_[e.id] = e;
    }

    incident_id alarm(const std::string& elevator, timestamp at) {
        const auto& e = elevators_.at(elevator);
        const auto out = engine_.on_alarm(
            lw::center::alarm{elevator_ref{e.id, e.company_id, e.using_unit_id, e.position, e.machine_room_less, e.urban},
                              alarm_source::iot_auto, "node-" + e.id, "entrapment_between_floors"},
            at);
        EXPECT_TRUE(out.error.empty()) << out.error;
        EXPECT_TRUE(out.opened.has_value());
        commit(out, at);
        return out.opened.value_or(0);
    }
    void report(incident_id id, const std::string& crew_id, crew_report_kind k, timestamp at) {
        crew_report r;
        r.crew_id = crew_id;
        r.incident = id;
        r.kind = k;
        if (k == crew_report_kind::acknowledged) r.eta = 10min;
        commit(engine_.on_crew_report(r, at), at);
    }
    void tick(timestamp at) { commit(engine_.tick(at), at); }
    // The operator after the release: call-back at `at`, the cause a minute later, closed a
    // minute after that.
    void wrap_up(incident_id id, const std::string& callback_notes, cause_category cause, timestamp at) {
        commit(engine_.record_callback(id, "op", callback_notes, at), at);
        commit(engine_.record_cause(id, cause, "op", "", at + 1min), at + 1min);
        commit(engine_.close(id, "op", at + 2min), at + 2min);
    }
    void commit(const engine_output& out, timestamp at) {
        ASSERT_TRUE(out.error.empty()) << out.error;
        std::set<incident_id> touched;
        for (const auto& e : out.timeline) touched.insert(e.incident);
        std::vector<incident> changed;
        for (const auto id : touched)
            if (const auto* inc = engine_.find(id)) changed.push_back(*inc);
        ASSERT_EQ(db_.commit(out.timeline, changed, {}, at), "");
    }
    incident_engine& engine() { return engine_; }
    const incident& get(incident_id id) { return *engine_.find(id); }

private:
    store& db_;
    straight_line_estimator est_;
    crew_roster roster_{est_};
    incident_engine engine_{response_limits{}, roster_};
    std::map<std::string, elevator_record> elevators_;
};

struct run_result {
    int rc = -1;
    std::string output;
};

run_result run_center(const lw::test::temp_dir& dir, const std::vector<std::string>& args) {
    static int runs = 0;
    const auto out = dir.path() / ("stats-" + std::to_string(++runs) + ".out");
    lw::test::child_process p(lw::test::program("lw-center"), args, out);
    run_result r;
    r.rc = p.wait(program_timeout);
    std::ifstream f(out);
    std::stringstream ss;
    ss << f.rdbuf();
    r.output = ss.str();
    return r;
}

// A line of `text` that contains every one of `parts`.
bool has_line(const std::string& text, const std::vector<std::string>& parts) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        bool all = true;
        for (const auto& p : parts) all = all && line.find(p) != std::string::npos;
        if (all) return true;
    }
    return false;
}

const json& group(const json& list, const std::string& key) {
    for (const auto& g : list)
        if (g.at("key") == key) return g;
    throw std::runtime_error("no group " + key);
}

class supervision_stats_test : public ::testing::Test {
protected:
    lw::test::temp_dir dir;
    std::string db_path = (dir.path() / "center.db").string();
    // 2026-01-05 00:00 UTC; the report asks for January and is made on 2026-01-20 12:00.
    const timestamp t0 = std::chrono::sys_days{std::chrono::year{2026} / 1 / 5};
    const timestamp now = std::chrono::sys_days{std::chrono::year{2026} / 1 / 20} + 12h;

    void SetUp() override {
        store db(db_path);
        const auto c = test_city();
        ASSERT_EQ(db.import_city(c), "");
        center_on_fake_clock center(db, c);

        // I0 (north, E2) the day before the period: must not count anywhere.
        const auto t5 = std::chrono::sys_days{std::chrono::year{2025} / 12 / 31} + 23h;
        const auto i0 = center.alarm("E2", t5);
        center.report(i0, "north-1", crew_report_kind::acknowledged, t5 + 1min);
        center.report(i0, "north-1", crew_report_kind::released, t5 + 50min);
        center.wrap_up(i0, "", cause_category::human, t5 + 51min);   // cause 52, closed 53
        ASSERT_EQ(center.get(i0).phase, incident_phase::closed);

        // I1 (north, E1): ack 2 min, arrived 12, released 20, call-back, cause, closed.
        const auto t1 = t0 + 1h;
        const auto i1 = center.alarm("E1", t1);
        center.report(i1, "north-1", crew_report_kind::acknowledged, t1 + 2min);
        center.report(i1, "north-1", crew_report_kind::arrived, t1 + 12min);
        center.report(i1, "north-1", crew_report_kind::released, t1 + 20min);
        center.wrap_up(i1, "all fine", cause_category::door_system, t1 + 25min);   // cause 26, closed 27
        ASSERT_EQ(center.get(i1).phase, incident_phase::closed);

        // I2 (south, E3 rural): south-1 silent -> L2 rt1 at 3 min (the company's own cause);
        // rt1 acknowledges at 5, arrives at 25 (within 60), releases at 35.
        const auto t2 = t0 + 24h;
        const auto i2 = center.alarm("E3", t2);
        center.tick(t2 + 3min);
        ASSERT_EQ(center.get(i2).level, response_level::l2);
        center.report(i2, "rt1", crew_report_kind::acknowledged, t2 + 5min);
        center.report(i2, "rt1", crew_report_kind::arrived, t2 + 25min);
        center.report(i2, "rt1", crew_report_kind::released, t2 + 35min);

        // I3 (north, E2): false alarm after 4 min.
        const auto t3 = t0 + 48h;
        const auto i3 = center.alarm("E2", t3);
        center.commit(center.engine().close_false_alarm(i3, "op", "children pressed the button", t3 + 4min),
                      t3 + 4min);

        // I4 (south, E4 urban): ack 1 min, nobody on site at 30 -> L3, arrives at 40, still open.
        const auto t4 = t0 + 72h;
        const auto i4 = center.alarm("E4", t4);
        center.report(i4, "south-1", crew_report_kind::acknowledged, t4 + 1min);
        center.tick(t4 + 30min);
        ASSERT_EQ(center.get(i4).level, response_level::l3);
        center.report(i4, "south-1", crew_report_kind::arrived, t4 + 40min);

        // Faults: E1 three raises, the oldest exactly 30 days before `now`; E3 two raises and
        // one cleared (not a raise).
        std::uint64_t seq = 0;
        auto fault = [&](const std::string& e, timestamp at, bool raised) {
            ASSERT_EQ(db.record_fault({e, ++seq, at, 7, "door_open_failure", raised, false, ""}), "");
        };
        fault("E1", now - std::chrono::days{30}, true);
        fault("E1", now - 2h, true);
        fault("E1", now - 1h, true);
        fault("E3", now - 3h, true);
        fault("E3", now - 2h, false);
        fault("E3", now - 1h, true);
    }
};

TEST_F(supervision_stats_test, json_figures_match_the_incidents) {
    const auto r = run_center(dir, {"stats", "--db", db_path, "--from", "2026-01-01", "--to", "2026-01-31", "--now",
                                    "2026-01-20T12:00:00", "--json", "--log-level", "error"});
    ASSERT_EQ(r.rc, 0) << r.output;
    const auto j = json::parse(r.output, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.output;
    EXPECT_EQ(j.at("period").at("from"), "2026-01-01");
    EXPECT_EQ(j.at("period").at("to"), "2026-01-31");
    EXPECT_DOUBLE_EQ(j.at("period").at("days").get<double>(), 31.0);
    const double months = 31.0 / days_per_month;

    const auto& n = group(j.at("companies"), "north");
    EXPECT_EQ(n.at("name"), "North Lifts");
    EXPECT_EQ(n.at("elevators"), 2);
    EXPECT_EQ(n.at("entrapments"), 1);
    EXPECT_EQ(n.at("false_alarms"), 1);
    EXPECT_EQ(n.at("response").at("mean_ms"), 120'000);
    EXPECT_EQ(n.at("response").at("p90_ms"), 120'000);
    EXPECT_EQ(n.at("arrival").at("mean_ms"), 720'000);
    EXPECT_EQ(n.at("arrival").at("p90_ms"), 720'000);
    EXPECT_DOUBLE_EQ(n.at("arrived_within_limit").at("share").get<double>(), 1.0);
    EXPECT_EQ(n.at("on_site").at("mean_ms"), 480'000);
    EXPECT_DOUBLE_EQ(n.at("entrapments_per_10k_per_month").get<double>(), 1.0 / 2.0 * 10'000 / months);
    EXPECT_EQ(n.at("escalated_l2"), 0);
    EXPECT_EQ(n.at("escalated_l3"), 0);
    EXPECT_DOUBLE_EQ(n.at("own_crew_escalation_share").get<double>(), 0.0);
    EXPECT_EQ(n.at("fault_prone_elevators"), 1);
    EXPECT_EQ(n.at("overdue_elevators"), json::array({"E1"}));
    // within 25 + p90 arrival 12 min 15 + p90 response 2 min 15 + own escalations 20 + rate
    // (0.5 vs city 0.75 per elevator) 15 + overdue 50 % 0 = 90 -> 5 stars
    EXPECT_DOUBLE_EQ(n.at("rating").at("score").get<double>(), 90.0);
    EXPECT_EQ(n.at("rating").at("stars"), 5);

    const auto& s = group(j.at("companies"), "south");
    EXPECT_EQ(s.at("entrapments"), 2);
    EXPECT_EQ(s.at("false_alarms"), 0);
    EXPECT_EQ(s.at("response").at("count"), 2);
    EXPECT_EQ(s.at("response").at("mean_ms"), 180'000);   // 5 min (first dispatch -> rt1's ack) and 1 min
    EXPECT_EQ(s.at("response").at("p90_ms"), 300'000);
    EXPECT_EQ(s.at("arrival").at("mean_ms"), 1'950'000);  // 25 and 40 min
    EXPECT_EQ(s.at("arrival").at("p90_ms"), 2'400'000);
    EXPECT_EQ(s.at("arrived_within_limit").at("judged"), 2);
    EXPECT_EQ(s.at("arrived_within_limit").at("within"), 1);
    EXPECT_DOUBLE_EQ(s.at("arrived_within_limit").at("share").get<double>(), 0.5);
    EXPECT_EQ(s.at("on_site").at("count"), 1);            // I4 not released yet
    EXPECT_EQ(s.at("on_site").at("mean_ms"), 600'000);
    EXPECT_DOUBLE_EQ(s.at("entrapments_per_10k_per_month").get<double>(), 2.0 / 2.0 * 10'000 / months);
    EXPECT_EQ(s.at("escalated_l2"), 1);
    EXPECT_EQ(s.at("escalated_l3"), 1);
    EXPECT_EQ(s.at("escalated_by_own_crews"), 1);
    EXPECT_EQ(s.at("fault_prone_elevators"), 0);          // E3: two raises only
    EXPECT_EQ(s.at("overdue_elevators"), json::array({"E4"}));
    // within 0.5: 0; p90 arrival 40 min: 0; p90 response 5 min: 8; own 50 %: 0; rate 1.33 x city: 8;
    // overdue 50 %: 0 -> 16 -> 1 star
    EXPECT_DOUBLE_EQ(s.at("rating").at("score").get<double>(), 16.0);
    EXPECT_EQ(s.at("rating").at("stars"), 1);

    const auto& q = group(j.at("districts"), "Qinzhou");
    EXPECT_EQ(q.at("entrapments"), 1);
    EXPECT_EQ(q.at("arrival").at("mean_ms"), 720'000);
    EXPECT_FALSE(q.contains("rating"));
    const auto& m = group(j.at("districts"), "Maiji");
    EXPECT_EQ(m.at("entrapments"), 2);
    EXPECT_EQ(m.at("escalated_by_own_crews"), 1);

    EXPECT_EQ(j.at("city").at("entrapments"), 3);
    EXPECT_DOUBLE_EQ(j.at("city").at("entrapments_per_10k_per_month").get<double>(), 3.0 / 4.0 * 10'000 / months);
    ASSERT_EQ(j.at("fault_prone").size(), 1u);
    EXPECT_EQ(j.at("fault_prone")[0].at("elevator"), "E1");
    EXPECT_EQ(j.at("fault_prone")[0].at("faults"), 3);
    ASSERT_EQ(j.at("overdue_inspections").size(), 2u);
    EXPECT_EQ(j.at("overdue_inspections")[0].at("elevator"), "E4");   // due 2025-12-01
    EXPECT_EQ(j.at("overdue_inspections")[1].at("elevator"), "E1");   // due 2026-01-05
}

TEST_F(supervision_stats_test, a_month_without_incidents_gives_no_data) {
    const auto r = run_center(dir, {"stats", "--db", db_path, "--from", "2026-03-01", "--to", "2026-03-31", "--now",
                                    "2026-01-20", "--json", "--log-level", "error"});
    ASSERT_EQ(r.rc, 0) << r.output;
    const auto j = json::parse(r.output, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.output;
    const auto& n = group(j.at("companies"), "north");
    EXPECT_EQ(n.at("entrapments"), 0);
    EXPECT_TRUE(n.at("arrival").at("mean_ms").is_null());
    EXPECT_TRUE(n.at("arrived_within_limit").at("share").is_null());
    EXPECT_DOUBLE_EQ(n.at("entrapments_per_10k_per_month").get<double>(), 0.0);
}

TEST_F(supervision_stats_test, text_report_and_bad_input) {
    const auto r = run_center(dir, {"stats", "--db", db_path, "--from", "2026-01-01", "--to", "2026-01-31", "--now",
                                    "2026-01-20T12:00:00", "--log-level", "error"});
    ASSERT_EQ(r.rc, 0) << r.output;
    if (std::getenv("LW_SHOW_REPORT")) std::cout << r.output;   // to look at the report by hand
    EXPECT_NE(r.output.find("Supervision figures 2026-01-01 .. 2026-01-31"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("north North Lifts: 5 stars, score 90.0 of 100"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("south South Lifts: 1 star, score 16.0 of 100"), std::string::npos) << r.output;
    EXPECT_TRUE(has_line(r.output, {"E1 ", " 3 faults", "company north", "district Qinzhou"})) << r.output;
    EXPECT_TRUE(has_line(r.output, {"E4 ", "due 2025-12-01", "company south", "district Maiji"})) << r.output;
    EXPECT_FALSE(has_line(r.output, {"E3 ", "faults"})) << r.output;

    const auto bad = run_center(dir, {"stats", "--db", db_path, "--from", "2026-13-01", "--log-level", "error"});
    EXPECT_EQ(bad.rc, 2);   // a usage error
    EXPECT_NE(bad.output.find("from date must be YYYY-MM-DD, got '2026-13-01'"), std::string::npos) << bad.output;
    const auto reversed =
        run_center(dir, {"stats", "--db", db_path, "--from", "2026-02-01", "--to", "2026-01-01", "--log-level", "error"});
    EXPECT_EQ(reversed.rc, 2);
    EXPECT_NE(reversed.output.find("from date (2026-02-01) must not be after to date (2026-01-01)"), std::string::npos)
        << reversed.output;
}

}  // namespace
