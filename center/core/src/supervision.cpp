#include "lw/center/supervision.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <map>
#include <unordered_map>

namespace lw::center {

namespace {

// Tolerance for p x n landing on an integer in floating point (0.9 x 20 = 18.000000000000004).
constexpr double rank_epsilon = 1e-9;

// Values gathered for one group before they become figures.
struct accumulator {
    group_figures g;
    std::vector<duration> response, arrival, on_site;
};

duration_stats summarize(const std::vector<duration>& v) {
    duration_stats s;
    s.count = v.size();
    if (v.empty()) return s;
    duration::rep sum = 0;
    for (const auto d : v) sum += d.count();
    s.mean = duration{sum / static_cast<duration::rep>(v.size())};
    s.p90 = nearest_rank(v, supervision_limits::percentile);
    return s;
}

std::optional<double> share(std::size_t part, std::size_t whole) {
    if (whole == 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

duration arrival_limit_of(const incident& inc, const response_limits& l) {
    return inc.elevator.urban ? l.arrival_limit_urban : l.arrival_limit_rural;
}

// The elevator's own company's L1 crew failed the job: declined, cannot handle, or stood down
// without ever acknowledging (silent).
bool escalated_by_own_crew(const incident& inc) {
    if (inc.level == response_level::l1) return false;
    for (const auto& a : inc.assignments) {
        if (a.level != response_level::l1 || a.kind != crew_kind::maintenance) continue;
        if (a.company_id != inc.elevator.company_id) continue;
        if (a.status == assignment_status::declined || a.status == assignment_status::cannot_handle) return true;
        if (a.status == assignment_status::stood_down && !a.acknowledged_at) return true;
    }
    return false;
}

void add_incident(accumulator& acc, const incident& inc, const supervision_input& in) {
    auto& g = acc.g;
    if (inc.false_alarm) {
        ++g.false_alarms;
        return;
    }
    ++g.entrapments;
    if (!inc.assignments.empty() && inc.acknowledged_at) {
        timestamp first_dispatch = inc.assignments.front().dispatched_at;
        for (const auto& a : inc.assignments) first_dispatch = std::min(first_dispatch, a.dispatched_at);
        const auto d = *inc.acknowledged_at - first_dispatch;
        acc.response.push_back(d);
        ++g.response_judged;
        if (d <= in.limits.launch_limit) ++g.response_within_limit;
    }
    const auto limit = arrival_limit_of(inc, in.limits);
    if (inc.arrived_at) {
        const auto d = *inc.arrived_at - inc.opened_at;
        acc.arrival.push_back(d);
        ++g.arrival_judged;
        if (d <= limit) ++g.arrived_within_limit;
        if (inc.released_at) acc.on_site.push_back(*inc.released_at - *inc.arrived_at);
    } else if (in.now > inc.opened_at + limit) {
        ++g.arrival_judged;   // late: the limit passed with nobody on site
    }
    if (inc.level == response_level::l2) ++g.escalated_l2;
    if (inc.level == response_level::l3) ++g.escalated_l3;
    if (escalated_by_own_crew(inc)) ++g.escalated_by_own_crews;
}

void finish(accumulator& acc, double months) {
    auto& g = acc.g;
    g.response = summarize(acc.response);
    g.arrival = summarize(acc.arrival);
    g.on_site = summarize(acc.on_site);
    g.response_within_limit_share = share(g.response_within_limit, g.response_judged);
    g.arrived_within_limit_share = share(g.arrived_within_limit, g.arrival_judged);
    if (g.elevators > 0 && months > 0)
        g.entrapments_per_10k_per_month = static_cast<double>(g.entrapments) / static_cast<double>(g.elevators) *
                                          supervision_limits::per_elevators / months;
    g.own_crew_escalation_share = share(g.escalated_by_own_crews, g.entrapments);
    g.overdue_share = share(g.overdue.size(), g.elevators);
}

// A rating criterion's tiers, best first: the points of the first tier whose bound the value
// reaches, 0 when it reaches none, nullopt when there is no value to rate.
template <class T>
struct tier {
    T bound;
    int points;
};
constexpr std::greater_equal<> at_least{};   // higher is better
constexpr std::less_equal<> at_most{};       // lower is better

template <class T, class Reaches>
std::optional<int> tiered(const std::optional<T>& v, Reaches reaches, std::initializer_list<tier<T>> tiers) {
    if (!v) return std::nullopt;
    for (const auto& t : tiers)
        if (reaches(*v, t.bound)) return t.points;
    return 0;
}

star_rating rate(const group_figures& g, const group_figures& city, const response_limits& limits) {
    using namespace rating;
    star_rating r;
    auto add = [&](std::string name, std::optional<int> points, int max) {
        r.criteria.push_back({std::move(name), points, max});
    };
    add("arrived within limit share",
        tiered(g.arrived_within_limit_share, at_least,
               {{within_limit_top, within_limit_points_top},
                {within_limit_mid, within_limit_points_mid},
                {within_limit_low, within_limit_points_low}}),
        within_limit_points_top);
    const auto arrival_top = std::chrono::duration_cast<duration>(limits.arrival_limit_urban * arrival_p90_top_of_limit);
    add("p90 arrival time",
        tiered(g.arrival.p90, at_most,
               {{arrival_top, arrival_p90_points_top}, {limits.arrival_limit_urban, arrival_p90_points_mid}}),
        arrival_p90_points_top);
    const auto response_top = std::chrono::duration_cast<duration>(limits.launch_limit * response_p90_top_of_limit);
    add("p90 response time",
        tiered(g.response.p90, at_most,
               {{response_top, response_p90_points_top}, {limits.launch_limit, response_p90_points_mid}}),
        response_p90_points_top);
    add("escalations caused by own crews",
        tiered(g.own_crew_escalation_share, at_most,
               {{0.0, own_escalation_points_top},
                {own_escalation_mid, own_escalation_points_mid},
                {own_escalation_low, own_escalation_points_low}}),
        own_escalation_points_top);
    std::optional<int> rate_points;   // none without the city's rate
    if (const auto avg = city.entrapments_per_10k_per_month)
        rate_points = tiered(g.entrapments_per_10k_per_month, at_most,
                             {{*avg, rate_points_top}, {rate_mid_of_city * *avg, rate_points_mid}});
    add("entrapment rate vs city", rate_points, rate_points_top);
    add("overdue inspections share",
        tiered(g.overdue_share, at_most,
               {{0.0, overdue_points_top}, {overdue_mid, overdue_points_mid}, {overdue_low, overdue_points_low}}),
        overdue_points_top);
    int earned = 0, available = 0;
    for (const auto& c : r.criteria)
        if (c.points) {
            earned += *c.points;
            available += c.max_points;
        }
    if (available > 0) {
        r.score = 100.0 * earned / available;
        r.stars = stars_for_score(*r.score);
    }
    return r;
}

std::vector<group_figures> finish_all(std::map<std::string, accumulator>& groups, double months) {
    std::vector<group_figures> out;
    out.reserve(groups.size());
    for (auto& [key, acc] : groups) {
        finish(acc, months);
        out.push_back(std::move(acc.g));
    }
    return out;
}

}  // namespace

std::optional<duration> nearest_rank(std::vector<duration> values, double p) {
    if (values.empty() || !(p > 0) || p > 1) return std::nullopt;
    std::sort(values.begin(), values.end());
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()) - rank_epsilon));
    rank = std::clamp<std::size_t>(rank, 1, values.size());
    return values[rank - 1];
}

std::optional<std::chrono::sys_days> parse_ymd(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (t[i] < '0' || t[i] > '9') return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days{ymd};
}

std::string format_ymd(std::chrono::sys_days d) {
    const std::chrono::year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

std::vector<const elevator_record*> elevator_pointers(const std::vector<elevator_record>& v) {
    std::vector<const elevator_record*> out;
    out.reserve(v.size());
    for (const auto& e : v) out.push_back(&e);
    return out;
}

int stars_for_score(double score) {
    using namespace rating;
    return score >= five_stars ? 5 : score >= four_stars ? 4 : score >= three_stars ? 3 : score >= two_stars ? 2 : 1;
}

supervision_figures compute_supervision(const supervision_input& in) {
    static const std::vector<incident> no_incidents;
    static const std::vector<company_record> no_companies;
    static const std::vector<fault_raise> no_faults;
    const auto& incidents = in.incidents ? *in.incidents : no_incidents;
    const auto& companies = in.companies ? *in.companies : no_companies;
    const auto& faults = in.faults ? *in.faults : no_faults;

    supervision_figures f;
    f.from = in.from;
    f.to = in.to;
    f.now = in.now;
    f.period_days = in.to > in.from ? std::chrono::duration<double, std::ratio<86400>>(in.to - in.from).count() : 0;
    const double months = f.period_days / supervision_limits::days_per_month;

    accumulator city;
    city.g.key = city.g.name = "city";
    std::map<std::string, accumulator> by_company, by_district;
    for (const auto& c : companies) {
        auto& acc = by_company[c.id];
        acc.g.key = c.id;
        acc.g.name = c.name;
    }
    auto company_acc = [&](const std::string& id) -> accumulator& {
        const std::string key = id.empty() ? std::string(no_company) : id;
        auto& acc = by_company[key];
        if (acc.g.key.empty()) acc.g.key = acc.g.name = key;
        return acc;
    };
    auto district_acc = [&](const std::string& d) -> accumulator& {
        auto& acc = by_district[d];
        if (acc.g.key.empty()) acc.g.key = acc.g.name = d;
        return acc;
    };

    const auto today = std::chrono::floor<std::chrono::days>(in.now);
    const std::string unknown_district_name(unknown_district);
    const auto window_start = in.now - supervision_limits::fault_window;
    auto in_period = [&](const incident& inc) { return inc.opened_at >= in.from && inc.opened_at < in.to; };
    auto in_window = [&](const fault_raise& x) { return x.at >= window_start && x.at <= in.now; };
    // Only the records that the period's incidents and the window's fault raises name are
    // indexed (filled in by the registry pass): a city has a million elevators, a month a few
    // thousand incidents. Keys view the ids held by `in`.
    std::unordered_map<std::string_view, const elevator_record*> elevator_by_id;
    for (const auto& inc : incidents)
        if (in_period(inc)) elevator_by_id.emplace(inc.elevator.id, nullptr);
    for (const auto& x : faults)
        if (in_window(x)) elevator_by_id.emplace(x.elevator_id, nullptr);
    static const std::vector<test_alarm_seen> no_test_alarms;
    static const std::vector<board_watch> no_boards;
    const auto& test_alarms = in.test_alarms ? *in.test_alarms : no_test_alarms;
    const auto& boards = in.boards ? *in.boards : no_boards;
    auto alarm_in_window = [&](const test_alarm_seen& x) { return x.received >= window_start && x.received <= in.now; };
    auto since_of = [](const board_watch& b) { return b.last_test_alarm.value_or(b.first_seen); };
    for (const auto& x : test_alarms)
        if (alarm_in_window(x)) elevator_by_id.emplace(x.elevator_id, nullptr);
    for (const auto& b : boards)
        if (test_alarm_missing(since_of(b), in.now, in.test_alarm_limit)) elevator_by_id.emplace(b.elevator_id, nullptr);

    // Registry: elevator counts and overdue inspections.
    for (const auto* ep : in.elevators) {
        if (!ep) continue;
        const auto& e = *ep;
        if (!elevator_by_id.empty())
            if (const auto it = elevator_by_id.find(e.id); it != elevator_by_id.end()) it->second = &e;
        const std::string& district = e.district.empty() ? unknown_district_name : e.district;
        const std::array<accumulator*, 3> groups{&city, &company_acc(e.company_id), &district_acc(district)};
        for (auto* acc : groups) ++acc->g.elevators;
        const auto due = parse_ymd(e.inspection_due);
        if (!due) {
            for (auto* acc : groups) ++acc->g.no_inspection_date;
            continue;
        }
        if (*due < today) {
            const overdue_inspection o{e.id, e.company_id.empty() ? std::string(no_company) : e.company_id, district,
                                       e.inspection_due};
            for (auto* acc : groups) acc->g.overdue.push_back(o);
        }
    }

    // Incidents opened in the period.
    for (const auto& inc : incidents) {
        if (!in_period(inc)) continue;
        std::string company = inc.elevator.company_id;
        std::string district(unknown_district);
        if (const auto it = elevator_by_id.find(inc.elevator.id); it != elevator_by_id.end() && it->second) {
            if (company.empty()) company = it->second->company_id;
            if (!it->second->district.empty()) district = it->second->district;
        }
        add_incident(city, inc, in);
        add_incident(company_acc(company), inc, in);
        add_incident(district_acc(district), inc, in);
    }

    // Fault raises in the window [now - 30 days, now].
    std::map<std::string, int> raises;
    for (const auto& x : faults)
        if (in_window(x)) ++raises[x.elevator_id];
    for (const auto& [id, n] : raises) {
        if (n < supervision_limits::fault_prone_min_faults) continue;
        fault_prone_elevator fp{id, std::string(no_company), std::string(unknown_district), n};
        if (const auto it = elevator_by_id.find(id); it != elevator_by_id.end() && it->second) {
            fp.company_id = it->second->company_id.empty() ? std::string(no_company) : it->second->company_id;
            if (!it->second->district.empty()) fp.district = it->second->district;
        }
        ++city.g.fault_prone_elevators;
        ++company_acc(fp.company_id).g.fault_prone_elevators;
        ++district_acc(fp.district).g.fault_prone_elevators;
        f.fault_prone.push_back(std::move(fp));
    }
    std::sort(f.fault_prone.begin(), f.fault_prone.end(), [](const auto& a, const auto& b) {
        return a.faults != b.faults ? a.faults > b.faults : a.elevator_id < b.elevator_id;
    });

    // The company and district an elevator id counts under ("(none)" / "(unknown)" off the registry).
    auto where = [&](const std::string& id) {
        std::pair<std::string, std::string> out{std::string(no_company), std::string(unknown_district)};
        if (const auto it = elevator_by_id.find(id); it != elevator_by_id.end() && it->second) {
            if (!it->second->company_id.empty()) out.first = it->second->company_id;
            if (!it->second->district.empty()) out.second = it->second->district;
        }
        return out;
    };
    // EN 81-28 test alarms: counted as test alarms, never as faults.
    for (const auto& x : test_alarms) {
        if (!alarm_in_window(x)) continue;
        const auto [company, district] = where(x.elevator_id);
        ++city.g.test_alarms;
        ++company_acc(company).g.test_alarms;
        ++district_acc(district).g.test_alarms;
    }
    f.test_alarm_limit = in.test_alarm_limit;
    for (const auto& b : boards) {
        const auto since = since_of(b);
        if (!test_alarm_missing(since, in.now, in.test_alarm_limit)) continue;
        const auto [company, district] = where(b.elevator_id);
        ++city.g.test_alarms_missing;
        ++company_acc(company).g.test_alarms_missing;
        ++district_acc(district).g.test_alarms_missing;
        f.missing_test_alarms.push_back(missing_test_alarm{b.elevator_id, company, district, b.last_test_alarm, since});
    }
    std::sort(f.missing_test_alarms.begin(), f.missing_test_alarms.end(), [](const auto& a, const auto& b) {
        return a.since != b.since ? a.since < b.since : a.elevator_id < b.elevator_id;
    });

    finish(city, months);
    f.overdue = city.g.overdue;
    auto by_due = [](const overdue_inspection& a, const overdue_inspection& b) {
        return a.inspection_due != b.inspection_due ? a.inspection_due < b.inspection_due
                                                    : a.elevator_id < b.elevator_id;
    };
    std::sort(f.overdue.begin(), f.overdue.end(), by_due);
    f.city = std::move(city.g);
    f.companies = finish_all(by_company, months);
    f.districts = finish_all(by_district, months);
    for (auto* list : {&f.companies, &f.districts})
        for (auto& g : *list) std::sort(g.overdue.begin(), g.overdue.end(), by_due);
    std::sort(f.city.overdue.begin(), f.city.overdue.end(), by_due);
    for (auto& g : f.companies) g.rating = rate(g, f.city, in.limits);
    return f;
}

}  // namespace lw::center
