#include "lw/center/supervision.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lw::center {
namespace {

using namespace std::chrono_literals;
using std::chrono::minutes;

// 2026-01-01 00:00 UTC.
const timestamp t0 = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
// A period of exactly one "month" (30.4375 days) so that the rate per month is the plain count.
constexpr duration one_month = std::chrono::duration_cast<duration>(std::chrono::seconds{2'629'800});
// Today is 2026-01-11 (15:00 UTC).
const timestamp now = t0 + std::chrono::days{10} + 15h;

crew_assignment crew_at(std::string crew, std::string company, crew_kind kind, response_level level,
                        assignment_status st, timestamp dispatched, std::optional<timestamp> ack = {},
                        std::optional<timestamp> arrived = {}) {
    crew_assignment a;
    a.crew_id = std::move(crew);
    a.company_id = std::move(company);
    a.kind = kind;
    a.level = level;
    a.status = st;
    a.dispatched_at = dispatched;
    a.acknowledged_at = ack;
    a.arrived_at = arrived;
    return a;
}

// An incident on `elevator` opened at `opened`, its L1 crew of `company` dispatched at once.
incident make(incident_id id, std::string elevator, std::string company, bool urban, timestamp opened,
              response_level level = response_level::l1) {
    incident i;
    i.id = id;
    i.elevator.id = std::move(elevator);
    i.elevator.company_id = company;
    i.elevator.urban = urban;
    i.opened_at = opened;
    i.level = level;
    i.assignments.push_back(crew_at(company + "-1", company, crew_kind::maintenance, response_level::l1,
                                    assignment_status::dispatched, opened));
    return i;
}

// ack / arrive / release as offsets from the alarm.
void progress(incident& i, std::optional<duration> ack, std::optional<duration> arrive = {},
              std::optional<duration> release = {}) {
    if (ack) i.acknowledged_at = i.opened_at + *ack;
    if (arrive) i.arrived_at = i.opened_at + *arrive;
    if (release) i.released_at = i.opened_at + *release;
    if (release) i.phase = incident_phase::released;
    else if (arrive) i.phase = incident_phase::on_site;
    else if (ack) i.phase = incident_phase::responding;
}

elevator_record elevator(std::string id, std::string company, std::string district, std::string inspection_due,
                         bool urban = true) {
    elevator_record e;
    e.id = std::move(id);
    e.company_id = std::move(company);
    e.district = std::move(district);
    e.inspection_due = std::move(inspection_due);
    e.urban = urban;
    return e;
}

const group_figures& find(const std::vector<group_figures>& v, const std::string& key) {
    const auto it = std::find_if(v.begin(), v.end(), [&](const group_figures& g) { return g.key == key; });
    if (it == v.end()) throw std::runtime_error("no group " + key);
    return *it;
}

duration min(int m) { return minutes{m}; }

// The reference dataset; every figure below is computed by hand in the comments.
//   mc-a: E1 (Qinzhou, urban), E2 (Qinzhou, urban), E3 (Maiji, rural), E4 (Maiji, urban)
//   mc-b: E5 (Qinzhou, urban)
//   mc-c: registered, no elevators, no incidents
class supervision_test : public ::testing::Test {
protected:
    std::vector<company_record> companies{{"mc-a", "Alpha Lifts", "", {}, 0},
                                          {"mc-b", "Beta Lifts", "", {}, 0},
                                          {"mc-c", "Gamma Lifts", "", {}, 0}};
    std::vector<elevator_record> elevators{
        elevator("E1", "mc-a", "Qinzhou", "2026-01-10"),          // yesterday: overdue
        elevator("E2", "mc-a", "Qinzhou", "2026-01-11"),          // today: not overdue
        elevator("E3", "mc-a", "Maiji", "", false),               // no date
        elevator("E4", "mc-a", "Maiji", "2027-01-01"),
        elevator("E5", "mc-b", "Qinzhou", "2025-12-31"),          // overdue
    };
    std::vector<incident> incidents;
    std::vector<fault_raise> faults;

    void SetUp() override {
        // I1 E1: ack 2, arrive 10, release 15 (on site 5).
        incidents.push_back(make(1, "E1", "mc-a", true, t0 + 1h));
        progress(incidents.back(), min(2), min(10), min(15));
        // I2 E2: ack 4, arrive 20, release 30 (on site 10).
        incidents.push_back(make(2, "E2", "mc-a", true, t0 + std::chrono::days{2}));
        progress(incidents.back(), min(4), min(20), min(30));
        // I3 E3 (rural, 60-min limit): ack 1, arrive 50 (within), release 58 (on site 8).
        incidents.push_back(make(3, "E3", "mc-a", false, t0 + std::chrono::days{3}));
        progress(incidents.back(), min(1), min(50), min(58));
        // I4 E1: L1 silent (stood down, never acknowledged) -> L2 at 3 (acks at 5) -> L3 at 30;
        // arrive 40 (late), release 52 (on site 12). Caused by the company's own crew.
        {
            auto i = make(4, "E1", "mc-a", true, t0 + std::chrono::days{4}, response_level::l3);
            i.assignments.front().status = assignment_status::stood_down;
            i.assignments.push_back(crew_at("ws-1-t1", "ws-1", crew_kind::rescue_team, response_level::l2,
                                            assignment_status::released, i.opened_at + min(3),
                                            i.opened_at + min(5), i.opened_at + min(40)));
            progress(i, min(5), min(40), min(52));
            incidents.push_back(i);
        }
        // I5 E2: false alarm (counted apart, in nothing else).
        {
            auto i = make(5, "E2", "mc-a", true, t0 + std::chrono::days{5});
            progress(i, min(1), min(2), min(3));
            i.false_alarm = true;
            incidents.push_back(i);
        }
        // I6 E4: open, opened 10 min ago, nobody acknowledged: not judged for response or arrival.
        incidents.push_back(make(6, "E4", "mc-a", true, now - min(10)));
        // I7 E4: open, opened 45 min ago, ack 3, nobody on site: late. L2 because the acknowledged
        // L1 crew was superseded (its ETA too long): not a silent / declined / cannot-handle crew.
        {
            auto i = make(7, "E4", "mc-a", true, now - min(45), response_level::l2);
            i.assignments.front().status = assignment_status::stood_down;
            i.assignments.front().acknowledged_at = i.opened_at + min(3);
            i.assignments.push_back(crew_at("ws-2-t1", "ws-2", crew_kind::rescue_team, response_level::l2,
                                            assignment_status::en_route, i.opened_at + min(4)));
            progress(i, min(3));
            incidents.push_back(i);
        }
        // I8 E5 (mc-b): L1 declined at 1 -> L2 dispatched at 1, ack 2, arrive 25, release 30.
        {
            auto i = make(8, "E5", "mc-b", true, t0 + std::chrono::days{6}, response_level::l2);
            i.assignments.front().status = assignment_status::declined;
            i.assignments.push_back(crew_at("ws-1-t1", "ws-1", crew_kind::rescue_team, response_level::l2,
                                            assignment_status::released, i.opened_at + min(1),
                                            i.opened_at + min(2), i.opened_at + min(25)));
            progress(i, min(2), min(25), min(30));
            incidents.push_back(i);
        }
        // Outside the period: one just before it, one at its (exclusive) end.
        incidents.push_back(make(9, "E1", "mc-a", true, t0 - 1ms));
        progress(incidents.back(), min(50), min(90), min(99));
        incidents.push_back(make(10, "E5", "mc-b", true, t0 + one_month));
        progress(incidents.back(), min(50), min(90), min(99));

        // Faults: E1 3 raises, the oldest exactly 30 days before now (counts); E2 3 raises, the
        // oldest 1 ms older than that (does not); E3 4 raises; E4 2 raises plus one after now.
        faults = {{"E1", 1, now - std::chrono::days{30}}, {"E1", 1, now - std::chrono::days{1}}, {"E1", 2, now},
                  {"E2", 1, now - std::chrono::days{30} - 1ms}, {"E2", 1, now - 48h}, {"E2", 1, now - 24h},
                  {"E3", 5, now - 1h}, {"E3", 5, now - 2h}, {"E3", 5, now - 3h}, {"E3", 5, now - 4h},
                  {"E4", 7, now - 1h}, {"E4", 7, now - 2h}, {"E4", 7, now + 1ms}};
    }

    supervision_figures run(timestamp from = t0, timestamp to = t0 + one_month) {
        supervision_input in;
        in.incidents = &incidents;
        in.elevators = elevator_pointers(elevators);
        in.companies = &companies;
        in.faults = &faults;
        in.from = from;
        in.to = to;
        in.now = now;
        return compute_supervision(in);
    }
};

TEST_F(supervision_test, company_figures_by_hand) {
    const auto f = run();
    EXPECT_DOUBLE_EQ(f.period_days, 30.4375);
    const auto& a = find(f.companies, "mc-a");
    EXPECT_EQ(a.name, "Alpha Lifts");
    EXPECT_EQ(a.elevators, 4u);
    EXPECT_EQ(a.entrapments, 6u);            // I1 I2 I3 I4 I6 I7
    EXPECT_EQ(a.false_alarms, 1u);           // I5
    // response: 2, 4, 1, 5 (first dispatch -> first ack, across crews), 3 -> mean 3, p90 rank 5 = 5
    EXPECT_EQ(a.response.count, 5u);
    EXPECT_EQ(a.response.mean, min(3));
    EXPECT_EQ(a.response.p90, min(5));
    EXPECT_EQ(a.response_judged, 5u);
    EXPECT_EQ(a.response_within_limit, 5u);  // 5 min is within the 5-min launch limit
    EXPECT_DOUBLE_EQ(*a.response_within_limit_share, 1.0);
    // arrival: 10, 20, 50, 40 -> mean 30, p90 rank ceil(3.6) = 4 -> 50
    EXPECT_EQ(a.arrival.count, 4u);
    EXPECT_EQ(a.arrival.mean, min(30));
    EXPECT_EQ(a.arrival.p90, min(50));
    // judged: I1 I2 I3 (rural, 50 <= 60) within; I4 (40 > 30) and I7 (45 min, nobody) late; I6 not yet
    EXPECT_EQ(a.arrival_judged, 5u);
    EXPECT_EQ(a.arrived_within_limit, 3u);
    EXPECT_DOUBLE_EQ(*a.arrived_within_limit_share, 0.6);
    // on site: 5, 10, 8, 12 -> mean 8.75 min
    EXPECT_EQ(a.on_site.count, 4u);
    EXPECT_EQ(a.on_site.mean, 525s);
    EXPECT_EQ(a.on_site.p90, min(12));
    // 6 entrapments / 4 elevators x 10,000 / 1 month
    EXPECT_DOUBLE_EQ(*a.entrapments_per_10k_per_month, 15000.0);
    EXPECT_EQ(a.escalated_l2, 1u);           // I7
    EXPECT_EQ(a.escalated_l3, 1u);           // I4
    EXPECT_EQ(a.escalated_by_own_crews, 1u); // I4 (silent); I7's crew acknowledged
    EXPECT_DOUBLE_EQ(*a.own_crew_escalation_share, 1.0 / 6.0);
    EXPECT_EQ(a.fault_prone_elevators, 2u);  // E1, E3
    ASSERT_EQ(a.overdue.size(), 1u);
    EXPECT_EQ(a.overdue[0].elevator_id, "E1");
    EXPECT_EQ(a.no_inspection_date, 1u);     // E3
    EXPECT_DOUBLE_EQ(*a.overdue_share, 0.25);

    const auto& b = find(f.companies, "mc-b");
    EXPECT_EQ(b.elevators, 1u);
    EXPECT_EQ(b.entrapments, 1u);            // I8 (I10 opens at the period's end: excluded)
    EXPECT_EQ(b.response.mean, min(2));
    EXPECT_EQ(b.response.p90, min(2));
    EXPECT_EQ(b.arrival.mean, min(25));
    EXPECT_EQ(b.arrival.p90, min(25));
    EXPECT_DOUBLE_EQ(*b.arrived_within_limit_share, 1.0);
    EXPECT_EQ(b.on_site.mean, min(5));
    EXPECT_DOUBLE_EQ(*b.entrapments_per_10k_per_month, 10000.0);
    EXPECT_EQ(b.escalated_l2, 1u);
    EXPECT_EQ(b.escalated_l3, 0u);
    EXPECT_EQ(b.escalated_by_own_crews, 1u); // declined
    EXPECT_DOUBLE_EQ(*b.own_crew_escalation_share, 1.0);
    EXPECT_DOUBLE_EQ(*b.overdue_share, 1.0);
}

TEST_F(supervision_test, district_and_city_figures_by_hand) {
    const auto f = run();
    ASSERT_EQ(f.districts.size(), 2u);
    const auto& q = find(f.districts, "Qinzhou");   // E1 E2 E5: I1 I2 I4 I8 (+ I5 false alarm)
    EXPECT_EQ(q.elevators, 3u);
    EXPECT_EQ(q.entrapments, 4u);
    EXPECT_EQ(q.false_alarms, 1u);
    // response 2, 4, 5, 2 -> mean 3.25 min, p90 rank 4 -> 5
    EXPECT_EQ(q.response.mean, 195s);
    EXPECT_EQ(q.response.p90, min(5));
    // arrival 10, 20, 40, 25 -> mean 23.75 min, p90 40; within 3 of 4
    EXPECT_EQ(q.arrival.mean, 1425s);
    EXPECT_EQ(q.arrival.p90, min(40));
    EXPECT_DOUBLE_EQ(*q.arrived_within_limit_share, 0.75);
    EXPECT_EQ(q.on_site.mean, min(8));       // 5, 10, 12, 5
    EXPECT_DOUBLE_EQ(*q.entrapments_per_10k_per_month, 4.0 / 3.0 * 10000.0);
    EXPECT_EQ(q.escalated_l2, 1u);
    EXPECT_EQ(q.escalated_l3, 1u);
    EXPECT_EQ(q.escalated_by_own_crews, 2u);
    EXPECT_DOUBLE_EQ(*q.own_crew_escalation_share, 0.5);
    EXPECT_EQ(q.overdue.size(), 2u);         // E5 then E1, by due date
    EXPECT_EQ(q.overdue[0].elevator_id, "E5");
    EXPECT_EQ(q.overdue[1].elevator_id, "E1");
    EXPECT_FALSE(q.rating.has_value());      // ratings are for companies

    const auto& m = find(f.districts, "Maiji");     // E3 E4: I3 I6 I7
    EXPECT_EQ(m.entrapments, 3u);
    EXPECT_EQ(m.response.mean, min(2));      // 1, 3
    EXPECT_EQ(m.response.p90, min(3));       // rank ceil(1.8) = 2
    EXPECT_EQ(m.arrival.count, 1u);
    EXPECT_EQ(m.arrival.mean, min(50));
    EXPECT_EQ(m.arrival_judged, 2u);         // I3 within (rural), I7 late, I6 not yet
    EXPECT_DOUBLE_EQ(*m.arrived_within_limit_share, 0.5);
    EXPECT_DOUBLE_EQ(*m.entrapments_per_10k_per_month, 15000.0);
    EXPECT_DOUBLE_EQ(*m.own_crew_escalation_share, 0.0);
    EXPECT_EQ(m.fault_prone_elevators, 1u);  // E3
    EXPECT_EQ(m.overdue.size(), 0u);
    EXPECT_DOUBLE_EQ(*m.overdue_share, 0.0);

    EXPECT_EQ(f.city.entrapments, 7u);
    EXPECT_EQ(f.city.elevators, 5u);
    EXPECT_DOUBLE_EQ(*f.city.entrapments_per_10k_per_month, 14000.0);
    ASSERT_EQ(f.overdue.size(), 2u);
    EXPECT_EQ(f.overdue[0].elevator_id, "E5");
    EXPECT_EQ(f.overdue[0].company_id, "mc-b");
    EXPECT_EQ(f.overdue[0].district, "Qinzhou");
    EXPECT_EQ(f.overdue[0].inspection_due, "2025-12-31");
    EXPECT_EQ(f.overdue[1].elevator_id, "E1");
}

TEST_F(supervision_test, fault_prone_elevators_window_is_thirty_days_inclusive) {
    const auto f = run();
    ASSERT_EQ(f.fault_prone.size(), 2u);
    EXPECT_EQ(f.fault_prone[0].elevator_id, "E3");
    EXPECT_EQ(f.fault_prone[0].faults, 4);
    EXPECT_EQ(f.fault_prone[0].company_id, "mc-a");
    EXPECT_EQ(f.fault_prone[0].district, "Maiji");
    EXPECT_EQ(f.fault_prone[1].elevator_id, "E1");   // oldest raise exactly 30 days old: counts
    EXPECT_EQ(f.fault_prone[1].faults, 3);
    // E2: its third raise is 30 days + 1 ms old; E4: its third is after now.

    faults.push_back({"UNREG", 1, now - 1h});
    faults.push_back({"UNREG", 1, now - 2h});
    faults.push_back({"UNREG", 1, now - 3h});
    const auto g = run();
    ASSERT_EQ(g.fault_prone.size(), 3u);
    EXPECT_EQ(g.fault_prone[2].elevator_id, "UNREG");
    EXPECT_EQ(g.fault_prone[2].district, unknown_district);
    EXPECT_EQ(g.fault_prone[2].company_id, no_company);
}

TEST_F(supervision_test, star_ratings_by_hand) {
    const auto f = run();
    // mc-a: within 0.6 -> 0/25; p90 arrival 50 min -> 0/15; p90 response 5 min (= launch limit)
    // -> 8/15; own escalations 1/6 -> 0/20; rate 15000 vs city 14000 (<= 1.5x) -> 8/15;
    // overdue 25 % -> 0/10. 16 of 100 -> 1 star.
    // Each criterion's points, in order.
    auto points = [](const star_rating& r) {
        std::vector<std::optional<int>> out;
        for (const auto& c : r.criteria) out.push_back(c.points);
        return out;
    };
    const auto& a = *find(f.companies, "mc-a").rating;
    ASSERT_EQ(a.criteria.size(), 6u);
    EXPECT_EQ(points(a), (std::vector<std::optional<int>>{0, 0, 8, 0, 8, 0}));
    EXPECT_DOUBLE_EQ(*a.score, 16.0);
    EXPECT_EQ(a.stars, 1);
    // mc-b: within 1.0 -> 25; p90 arrival 25 min -> 8; p90 response 2 min -> 15; own 100 % -> 0;
    // rate 10000 <= 14000 -> 15; overdue 100 % -> 0. 63 -> 3 stars.
    const auto& b = *find(f.companies, "mc-b").rating;
    EXPECT_EQ(points(b), (std::vector<std::optional<int>>{25, 8, 15, 0, 15, 0}));
    EXPECT_DOUBLE_EQ(*b.score, 63.0);
    EXPECT_EQ(b.stars, 3);
}

TEST_F(supervision_test, empty_groups_give_no_data) {
    const auto f = run();
    const auto& c = find(f.companies, "mc-c");
    EXPECT_EQ(c.elevators, 0u);
    EXPECT_EQ(c.entrapments, 0u);
    EXPECT_FALSE(c.response.mean.has_value());
    EXPECT_FALSE(c.response.p90.has_value());
    EXPECT_FALSE(c.arrival.mean.has_value());
    EXPECT_FALSE(c.arrival.p90.has_value());
    EXPECT_FALSE(c.on_site.mean.has_value());
    EXPECT_FALSE(c.arrived_within_limit_share.has_value());
    EXPECT_FALSE(c.response_within_limit_share.has_value());
    EXPECT_FALSE(c.entrapments_per_10k_per_month.has_value());
    EXPECT_FALSE(c.own_crew_escalation_share.has_value());
    EXPECT_FALSE(c.overdue_share.has_value());
    ASSERT_TRUE(c.rating.has_value());
    EXPECT_FALSE(c.rating->stars.has_value());
    EXPECT_FALSE(c.rating->score.has_value());

    // A period with no incidents at all: counts 0, durations and shares "no data", rates 0.
    const auto g = run(t0 - std::chrono::days{100}, t0 - std::chrono::days{90});
    const auto& a = find(g.companies, "mc-a");
    EXPECT_EQ(a.entrapments, 0u);
    EXPECT_FALSE(a.arrival.mean.has_value());
    EXPECT_FALSE(a.arrived_within_limit_share.has_value());
    EXPECT_DOUBLE_EQ(*a.entrapments_per_10k_per_month, 0.0);
    // mc-a then has rate 0 <= city 0 (15/15) and overdue 25 % (0/10): 60 -> 3 stars.
    EXPECT_DOUBLE_EQ(*a.rating->score, 60.0);
    EXPECT_EQ(a.rating->stars, 3);
}

TEST_F(supervision_test, rate_is_normalised_by_period_length) {
    // 30 days: months = 30 / 30.4375; mc-b has I8 only.
    const auto f = run(t0, t0 + std::chrono::days{30});
    EXPECT_DOUBLE_EQ(f.period_days, 30.0);
    EXPECT_DOUBLE_EQ(*find(f.companies, "mc-b").entrapments_per_10k_per_month, 10000.0 / (30.0 / 30.4375));
}

TEST_F(supervision_test, incidents_of_unregistered_elevators_go_to_unknown_district) {
    incidents.push_back(make(11, "UNREG", "mc-b", true, t0 + 2h));
    progress(incidents.back(), min(1), min(6), min(7));
    const auto f = run();
    const auto& u = find(f.districts, std::string(unknown_district));
    EXPECT_EQ(u.entrapments, 1u);
    EXPECT_EQ(u.elevators, 0u);
    EXPECT_FALSE(u.entrapments_per_10k_per_month.has_value());
    EXPECT_EQ(find(f.companies, "mc-b").entrapments, 2u);
    EXPECT_EQ(find(f.companies, "mc-b").arrival.mean, 930s);   // (25 + 6) / 2 min
}

TEST_F(supervision_test, escalation_causes) {
    // L2 because the company's L1 crew could not handle the elevator: own cause.
    auto i = make(12, "E2", "mc-a", true, t0 + 3h, response_level::l2);
    i.assignments.front().status = assignment_status::cannot_handle;
    i.assignments.front().acknowledged_at = i.opened_at + min(1);
    progress(i, min(1));
    // L2 because the company had no crew at all (first dispatch was the rescue team): not a
    // crew's doing, counted as an escalation only.
    incident j;
    j.id = 13;
    j.elevator.id = "E2";
    j.elevator.company_id = "mc-a";
    j.opened_at = t0 + 4h;
    j.level = response_level::l2;
    j.assignments.push_back(crew_at("ws-1-t1", "ws-1", crew_kind::rescue_team, response_level::l2,
                                    assignment_status::acknowledged, j.opened_at, j.opened_at + min(2)));
    progress(j, min(2));
    incidents = {i, j};
    const auto f = run();
    const auto& a = find(f.companies, "mc-a");
    EXPECT_EQ(a.entrapments, 2u);
    EXPECT_EQ(a.escalated_l2, 2u);
    EXPECT_EQ(a.escalated_by_own_crews, 1u);
    EXPECT_DOUBLE_EQ(*a.own_crew_escalation_share, 0.5);
}

TEST(supervision_rating, stars_boundaries) {
    EXPECT_EQ(stars_for_score(100), 5);
    EXPECT_EQ(stars_for_score(90), 5);
    EXPECT_EQ(stars_for_score(89.99), 4);
    EXPECT_EQ(stars_for_score(75), 4);
    EXPECT_EQ(stars_for_score(74.99), 3);
    EXPECT_EQ(stars_for_score(60), 3);
    EXPECT_EQ(stars_for_score(59.99), 2);
    EXPECT_EQ(stars_for_score(40), 2);
    EXPECT_EQ(stars_for_score(39.99), 1);
    EXPECT_EQ(stars_for_score(0), 1);
}

// A company with 50 elevators and no entrapments: only the rate and overdue criteria apply.
TEST(supervision_rating, overdue_share_thresholds_with_no_entrapments) {
    const timestamp now_day = t0 + 12h;   // today 2026-01-01
    std::vector<company_record> companies{{"mc", "M", "", {}, 0}};
    auto run_with_overdue = [&](int overdue) {
        std::vector<elevator_record> els;
        for (int k = 0; k < 50; ++k)
            els.push_back(elevator("E" + std::to_string(k), "mc", "D", k < overdue ? "2025-12-31" : "2026-01-01"));
        supervision_input in;
        in.elevators = elevator_pointers(els);
        in.companies = &companies;
        in.from = t0 - std::chrono::days{30};
        in.to = t0;
        in.now = now_day;
        return *compute_supervision(in).companies.at(0).rating;
    };
    // 0 overdue: 15 + 10 of 25 -> 100 -> 5 stars
    auto r = run_with_overdue(0);
    EXPECT_DOUBLE_EQ(*r.score, 100.0);
    EXPECT_EQ(r.stars, 5);
    EXPECT_FALSE(r.criteria[0].points.has_value());   // no entrapments: no arrival data
    // 1 of 50 = 2 %: 15 + 6 of 25 -> 84 -> 4 stars
    r = run_with_overdue(1);
    EXPECT_EQ(r.criteria[5].points, 6);
    EXPECT_DOUBLE_EQ(*r.score, 84.0);
    EXPECT_EQ(r.stars, 4);
    // 2 of 50 = 4 %: 15 + 3 -> 72 -> 3 stars
    r = run_with_overdue(2);
    EXPECT_EQ(r.criteria[5].points, 3);
    EXPECT_DOUBLE_EQ(*r.score, 72.0);
    EXPECT_EQ(r.stars, 3);
    // 3 of 50 = 6 %: 15 + 0 -> 60 -> 3 stars (boundary)
    r = run_with_overdue(3);
    EXPECT_EQ(r.criteria[5].points, 0);
    EXPECT_DOUBLE_EQ(*r.score, 60.0);
    EXPECT_EQ(r.stars, 3);
}

TEST(supervision_stats, nearest_rank_percentile) {
    std::vector<duration> ten;
    for (int k = 10; k >= 1; --k) ten.push_back(duration{k});
    EXPECT_EQ(nearest_rank(ten, 0.9), duration{9});
    std::vector<duration> twenty;
    for (int k = 1; k <= 20; ++k) twenty.push_back(duration{k});
    EXPECT_EQ(nearest_rank(twenty, 0.9), duration{18});
    EXPECT_EQ(nearest_rank({duration{7}}, 0.9), duration{7});
    EXPECT_EQ(nearest_rank({duration{1}, duration{2}, duration{3}, duration{4}, duration{5}}, 0.9), duration{5});
    EXPECT_EQ(nearest_rank({duration{1}, duration{2}, duration{3}, duration{4}, duration{5}}, 0.5), duration{3});
    EXPECT_FALSE(nearest_rank({}, 0.9).has_value());
    EXPECT_FALSE(nearest_rank({duration{1}}, 0).has_value());
}

TEST(supervision_stats, mean_truncates_to_the_millisecond) {
    std::vector<incident> incs;
    for (int k = 0; k < 2; ++k) {
        incs.push_back(make(k + 1, "E", "mc", true, t0));
        progress(incs.back(), duration{1 + k}, duration{10});
    }
    supervision_input in;
    in.incidents = &incs;
    in.from = t0;
    in.to = t0 + 24h;
    in.now = t0 + 1h;
    const auto f = compute_supervision(in);
    EXPECT_EQ(f.city.response.mean, duration{1});   // (1 + 2) / 2 = 1.5 ms -> 1 ms
    EXPECT_EQ(f.city.response.p90, duration{2});
}

TEST(supervision_dates, parse_ymd) {
    using namespace std::chrono;
    EXPECT_EQ(parse_ymd("2026-01-11"), sys_days{year{2026} / 1 / 11});
    EXPECT_EQ(parse_ymd("2028-02-29"), sys_days{year{2028} / 2 / 29});
    EXPECT_FALSE(parse_ymd("2026-02-29").has_value());
    EXPECT_FALSE(parse_ymd("2026-1-11").has_value());
    EXPECT_FALSE(parse_ymd("2026-13-01").has_value());
    EXPECT_FALSE(parse_ymd("").has_value());
    EXPECT_FALSE(parse_ymd("2026/01/11").has_value());
    EXPECT_EQ(format_ymd(sys_days{year{2026} / 3 / 7}), "2026-03-07");
}

}  // namespace
}  // namespace lw::center
