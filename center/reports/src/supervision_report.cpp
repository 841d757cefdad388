#include "lw/center/supervision_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace lw::center {

namespace {

using json = nlohmann::json;

constexpr auto default_period = std::chrono::days{30};
constexpr std::string_view no_data = "no data";
// The text report lists at most this many fault-prone elevators and overdue inspections (a city
// of 200,000 elevators had 9,000 overdue); the JSON form lists them all.
constexpr std::size_t text_list_max = 200;

void more(std::string& out, std::size_t listed) {
    if (listed > text_list_max)
        out += "  ... and " + std::to_string(listed - text_list_max) + " more (--json lists them all)\n";
}

std::string minutes_text(const std::optional<duration>& d) {
    if (!d) return std::string(no_data);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f min", std::chrono::duration<double, std::ratio<60>>(*d).count());
    return buf;
}

std::string percent_text(const std::optional<double>& s) {
    if (!s) return std::string(no_data);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", *s * 100);
    return buf;
}

std::string number_text(const std::optional<double>& v) {
    if (!v) return std::string(no_data);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", *v);
    return buf;
}

std::string stars_text(const std::optional<star_rating>& r) {
    if (!r) return {};   // the city row
    if (!r->stars) return std::string(no_data);
    return std::string(static_cast<std::size_t>(*r->stars), '*') + " (" + std::to_string(*r->stars) + ")";
}

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json opt_ms(const std::optional<duration>& d) { return d ? json(d->count()) : json(nullptr); }

json duration_json(const duration_stats& s) {
    return {{"count", s.count}, {"mean_ms", opt_ms(s.mean)}, {"p90_ms", opt_ms(s.p90)}};
}

json group_json(const group_figures& g) {
    json overdue = json::array();
    for (const auto& o : g.overdue) overdue.push_back(o.elevator_id);
    json j = {{"key", g.key},
              {"name", g.name},
              {"elevators", g.elevators},
              {"entrapments", g.entrapments},
              {"false_alarms", g.false_alarms},
              {"response", duration_json(g.response)},
              {"response_within_limit",
               {{"judged", g.response_judged},
                {"within", g.response_within_limit},
                {"share", opt(g.response_within_limit_share)}}},
              {"arrival", duration_json(g.arrival)},
              {"arrived_within_limit",
               {{"judged", g.arrival_judged},
                {"within", g.arrived_within_limit},
                {"share", opt(g.arrived_within_limit_share)}}},
              {"on_site", duration_json(g.on_site)},
              {"entrapments_per_10k_per_month", opt(g.entrapments_per_10k_per_month)},
              {"escalated_l2", g.escalated_l2},
              {"escalated_l3", g.escalated_l3},
              {"escalated_by_own_crews", g.escalated_by_own_crews},
              {"own_crew_escalation_share", opt(g.own_crew_escalation_share)},
              {"fault_prone_elevators", g.fault_prone_elevators},
              {"test_alarms", g.test_alarms},
              {"test_alarms_missing", g.test_alarms_missing},
              {"overdue_inspections", g.overdue.size()},
              {"overdue_elevators", overdue},
              {"no_inspection_date", g.no_inspection_date},
              {"overdue_share", opt(g.overdue_share)}};
    if (g.rating) {
        json criteria = json::array();
        for (const auto& c : g.rating->criteria)
            criteria.push_back({{"name", c.name},
                                {"points", c.points ? json(*c.points) : json(nullptr)},
                                {"max_points", c.max_points}});
        j["rating"] = {{"stars", g.rating->stars ? json(*g.rating->stars) : json(nullptr)},
                       {"score", opt(g.rating->score)},
                       {"criteria", criteria}};
    }
    return j;
}

std::string last_day_text(timestamp to) {
    // `to` is exclusive; the period's last day is the day before when `to` is a midnight.
    const auto day = std::chrono::floor<std::chrono::days>(to);
    return format_ymd(day == to ? day - std::chrono::days{1} : day);
}

void table(std::string& out, const std::vector<group_figures>& groups, const group_figures* city, bool with_stars) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%-14s %6s %5s %5s %10s %10s %10s %10s %9s %10s %9s %3s %3s %7s %6s %7s%s\n", "", "elev", "entr",
                  "false", "resp mean", "resp p90", "arr mean", "arr p90", "in limit", "on site", "/10k/mo", "L2",
                  "L3", "own esc", "faulty", "overdue", with_stars ? "  stars" : "");
    out += line;
    auto row = [&](const group_figures& g) {
        std::snprintf(line, sizeof line,
                      "%-14s %6zu %5zu %5zu %10s %10s %10s %10s %9s %10s %9s %3zu %3zu %7zu %6zu %7zu%s%s\n",
                      g.key.c_str(), g.elevators, g.entrapments, g.false_alarms, minutes_text(g.response.mean).c_str(),
                      minutes_text(g.response.p90).c_str(), minutes_text(g.arrival.mean).c_str(),
                      minutes_text(g.arrival.p90).c_str(), percent_text(g.arrived_within_limit_share).c_str(),
                      minutes_text(g.on_site.mean).c_str(), number_text(g.entrapments_per_10k_per_month).c_str(),
                      g.escalated_l2, g.escalated_l3, g.escalated_by_own_crews, g.fault_prone_elevators,
                      g.overdue.size(), with_stars ? "  " : "", with_stars ? stars_text(g.rating).c_str() : "");
        out += line;
    };
    for (const auto& g : groups) row(g);
    if (groups.empty()) out += "(none)\n";
    if (city) row(*city);
}

}  // namespace

std::string stats_period(const std::string& from_date, const std::string& to_date, timestamp now, timestamp& from,
                         timestamp& to) {
    std::chrono::sys_days last = std::chrono::floor<std::chrono::days>(now);
    if (!to_date.empty()) {
        const auto d = parse_ymd(to_date);
        if (!d) return "to date must be YYYY-MM-DD, got '" + to_date + "'";
        last = *d;
    }
    const std::chrono::sys_days end = last + std::chrono::days{1};
    std::chrono::sys_days first = end - default_period;
    if (!from_date.empty()) {
        const auto d = parse_ymd(from_date);
        if (!d) return "from date must be YYYY-MM-DD, got '" + from_date + "'";
        first = *d;
    }
    if (first >= end)
        return "from date (" + format_ymd(first) + ") must not be after to date (" + format_ymd(last) + ")";
    from = first;
    to = end;
    return {};
}

std::optional<timestamp> parse_utc_time(const std::string& text) {
    const auto day = parse_ymd(std::string_view(text).substr(0, 10));
    if (!day) return std::nullopt;
    if (text.size() == 10) return timestamp{*day};
    if (text.size() != 19 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    auto two = [&](std::size_t pos) {
        const char a = text[pos], b = text[pos + 1];
        return a >= '0' && a <= '9' && b >= '0' && b <= '9' ? (a - '0') * 10 + (b - '0') : -1;
    };
    const int h = two(11), m = two(14), s = two(17);
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return std::nullopt;
    return timestamp{*day} + std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
}

supervision_figures load_supervision(store_view& db, timestamp from, timestamp to, timestamp now,
                                     const response_limits& limits, duration test_alarm_limit) {
    const auto elevators = db.elevators();
    return load_supervision(db, from, to, now, limits, elevator_pointers(elevators), db.companies(), test_alarm_limit);
}

supervision_figures load_supervision(store_view& db, timestamp from, timestamp to, timestamp now,
                                     const response_limits& limits, std::vector<const elevator_record*> elevators,
                                     const std::vector<company_record>& companies, duration test_alarm_limit) {
    const auto incidents = db.incidents_between(from, to);
    std::vector<fault_raise> raises;
    // The window is [now - 30 days, now], both ends included; faults_between's end is exclusive.
    const auto window_start = now - supervision_limits::fault_window;
    for (auto& r : db.faults_between(window_start, now + duration{1}))
        if (r.raised && r.counted) raises.push_back({std::move(r.elevator_id), r.code, r.at});
    std::vector<test_alarm_seen> test_alarms;
    for (auto& t : db.test_alarms_between(window_start, now + duration{1}))
        test_alarms.push_back({std::move(t.elevator_id), t.received});
    std::vector<board_watch> boards;
    for (auto& b : db.boards()) boards.push_back({std::move(b.elevator_id), b.first_seen, b.last_test_alarm});
    supervision_input in;
    in.incidents = &incidents;
    in.elevators = std::move(elevators);
    in.companies = &companies;
    in.faults = &raises;
    in.test_alarms = &test_alarms;
    in.boards = &boards;
    in.test_alarm_limit = test_alarm_limit;
    in.from = from;
    in.to = to;
    in.now = now;
    in.limits = limits;
    return compute_supervision(in);
}

std::string format_supervision(const supervision_figures& f, const response_limits& limits) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "Supervision figures %s .. %s (%.2f days), as of %s UTC\n",
                  format_ymd(std::chrono::floor<std::chrono::days>(f.from)).c_str(), last_day_text(f.to).c_str(),
                  f.period_days, format_utc(f.now).c_str());
    out += line;
    out += "Limits: on site within " + format_duration(limits.arrival_limit_urban) + " (urban) / " +
           format_duration(limits.arrival_limit_rural) + " (rural) of the alarm; response launched within " +
           format_duration(limits.launch_limit) + ".\n";
    out += "Columns: entrapments (false alarms apart), response = first dispatch -> first acknowledgement,\n"
           "arrival = alarm -> first crew on site (p90 nearest-rank), in limit = share on site within the limit,\n"
           "on site = arrival -> release, /10k/mo = entrapments per 10,000 elevators per month, L2/L3 = final\n"
           "level, own esc = escalations caused by the company's own crew, faulty = elevators with 3+ faults in\n"
           "30 days (test alarms are not faults), overdue = inspections overdue. See docs/supervision.md.\n\n";

    out += "Maintenance companies\n";
    table(out, f.companies, &f.city, true);
    out += "\nDistricts\n";
    table(out, f.districts, &f.city, false);

    out += "\nStar ratings (points per criterion; criteria without data are left out)\n";
    for (const auto& g : f.companies) {
        if (!g.rating) continue;
        out += "  " + g.key + (g.name != g.key ? " " + g.name : "") + ": ";
        if (!g.rating->stars) {
            out += "no data\n";
            continue;
        }
        std::snprintf(line, sizeof line, "%d %s, score %.1f of 100 -", *g.rating->stars,
                      *g.rating->stars == 1 ? "star" : "stars", *g.rating->score);
        out += line;
        for (const auto& c : g.rating->criteria)
            out += " " + c.name + " " + (c.points ? std::to_string(*c.points) : std::string(no_data)) + "/" +
                   std::to_string(c.max_points) + ";";
        out.back() = '\n';
    }
    out += "\nElevators with " + std::to_string(supervision_limits::fault_prone_min_faults) +
           " or more faults raised in the 30 days up to " + format_utc(f.now) + "\n";
    for (std::size_t i = 0; i < f.fault_prone.size() && i < text_list_max; ++i) {
        const auto& e = f.fault_prone[i];
        std::snprintf(line, sizeof line, "  %-18s %3d faults  company %-12s district %s\n", e.elevator_id.c_str(),
                      e.faults, e.company_id.c_str(), e.district.c_str());
        out += line;
    }
    if (f.fault_prone.empty()) out += "  (none)\n";
    more(out, f.fault_prone.size());

    out += "\nBoards without an EN 81-28 test alarm for more than " + format_duration(f.test_alarm_limit) + " up to " +
           format_utc(f.now) + " (never sent one: since the board was first heard)\n";
    for (std::size_t i = 0; i < f.missing_test_alarms.size() && i < text_list_max; ++i) {
        const auto& m = f.missing_test_alarms[i];
        const std::string last = m.last_test_alarm ? "last " + format_utc(*m.last_test_alarm)
                                                   : "none since " + format_utc(m.since);
        std::snprintf(line, sizeof line, "  %-18s %-34s company %-12s district %s\n", m.elevator_id.c_str(),
                      last.c_str(), m.company_id.c_str(), m.district.c_str());
        out += line;
    }
    if (f.missing_test_alarms.empty()) out += "  (none)\n";
    more(out, f.missing_test_alarms.size());

    out += "\nInspections overdue (due before " + format_ymd(std::chrono::floor<std::chrono::days>(f.now)) + ")\n";
    for (std::size_t i = 0; i < f.overdue.size() && i < text_list_max; ++i) {
        const auto& o = f.overdue[i];
        std::snprintf(line, sizeof line, "  %-18s due %s  company %-12s district %s\n", o.elevator_id.c_str(),
                      o.inspection_due.c_str(), o.company_id.c_str(), o.district.c_str());
        out += line;
    }
    if (f.overdue.empty()) out += "  (none)\n";
    more(out, f.overdue.size());
    if (f.city.no_inspection_date > 0)
        out += "  (" + std::to_string(f.city.no_inspection_date) + " elevators have no valid inspection date)\n";
    return out;
}

std::string supervision_json(const supervision_figures& f, const response_limits& limits) {
    json companies = json::array(), districts = json::array(), fault_prone = json::array(), overdue = json::array(),
         missing = json::array();
    for (const auto& m : f.missing_test_alarms)
        missing.push_back({{"elevator", m.elevator_id},
                           {"company", m.company_id},
                           {"district", m.district},
                           {"last_test_alarm", m.last_test_alarm ? json(format_utc(*m.last_test_alarm)) : json(nullptr)},
                           {"since", format_utc(m.since)},
                           {"since_ms", to_ms(m.since)}});
    for (const auto& g : f.companies) companies.push_back(group_json(g));
    for (const auto& g : f.districts) districts.push_back(group_json(g));
    for (const auto& e : f.fault_prone)
        fault_prone.push_back(
            {{"elevator", e.elevator_id}, {"company", e.company_id}, {"district", e.district}, {"faults", e.faults}});
    for (const auto& o : f.overdue)
        overdue.push_back({{"elevator", o.elevator_id},
                           {"company", o.company_id},
                           {"district", o.district},
                           {"inspection_due", o.inspection_due}});
    const json j = {
        {"period",
         {{"from", format_ymd(std::chrono::floor<std::chrono::days>(f.from))},
          {"to", last_day_text(f.to)},
          {"from_ms", to_ms(f.from)},
          {"to_ms", to_ms(f.to)},
          {"days", f.period_days}}},
        {"now", format_utc(f.now)},
        {"now_ms", to_ms(f.now)},
        {"limits",
         {{"arrival_urban_ms", limits.arrival_limit_urban.count()},
          {"arrival_rural_ms", limits.arrival_limit_rural.count()},
          {"launch_ms", limits.launch_limit.count()},
          {"test_alarm_ms", std::chrono::duration_cast<std::chrono::milliseconds>(f.test_alarm_limit).count()}}},
        {"city", group_json(f.city)},
        {"companies", companies},
        {"districts", districts},
        {"fault_prone", fault_prone},
        {"overdue_inspections", overdue},
        {"missing_test_alarms", missing},
    };
    return j.dump(1) + "\n";
}

}  // namespace lw::center
