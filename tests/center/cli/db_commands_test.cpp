// lw-center's database commands run in-process (lw::center::cli::run) on real SQLite files in
// a temp dir: import (city JSON and elevator CSV), incidents, timeline, verify, export, the
// dossier, crew set --db, and that reading commands never create a database.
#include "lw/center/cli/commands.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lw/center/center_core.hpp"
#include "lw/center/city_json.hpp"
#include "lw/center/crew_choice.hpp"
#include "lw/center/incident_engine.hpp"
#include "lw/center/store.hpp"
#include "lw/test/broker.hpp"
#include "lw/test/sample_registry.hpp"

namespace {
using namespace lw::center;
using namespace std::chrono_literals;
using json = nlohmann::json;
namespace cli = lw::center::cli;

struct outcome {
    int rc = -1;
    std::string out, err;
};

class center_cli_db : public ::testing::Test {
protected:
    outcome run(std::vector<std::string> args) {
        const auto p = lw::options::parse(cli::definitions(), args);
        if (!p.ok()) throw std::runtime_error(p.message());
        std::ostringstream out, err;
        outcome r;
        r.rc = cli::run(p.values(), out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    // The sample city (testcity: E1 of north and uu1, 123456, 10 floors) with crew north-1.
    static city small_city() {
        auto c = lw::test::sample_city();
        c.crews = {{"north-1", "north", "maintenance", "N1", "1", "", {34.59, 105.72}}};
        c.elevators[0].year = 2015;
        return c;
    }

    // One entrapment on E1, dispatched and acknowledged, committed as the center does.
    void record_incident(const city& c) {
        store db(db_.string());
        straight_line_estimator est;
        crew_roster roster(est);
        for (const auto& x : c.crews) roster.upsert(crew{x.id, x.company_id, crew_kind::maintenance, x.position});
        incident_engine engine(response_limits{}, roster);
        const auto& e = c.elevators.front();
        const auto t0 = lw::wall_now();
        auto commit = [&](const engine_output& out, lw::timestamp at) {
            ASSERT_TRUE(out.error.empty()) << out.error;
            std::vector<incident> changed{*engine.find(1)};
            ASSERT_EQ(db.commit(out.timeline, changed, {}, at), "");
        };
        commit(engine.on_alarm(lw::center::alarm{elevator_ref{e.id, e.company_id, e.using_unit_id, e.position, false, true},
                                     alarm_source::iot_auto, "node-E1", "entrapment_between_floors"},
                               t0),
               t0);
        crew_report r;
        r.crew_id = "north-1";
        r.incident = 1;
        r.kind = crew_report_kind::acknowledged;
        r.eta = 10min;
        commit(engine.on_crew_report(r, t0 + 2min), t0 + 2min);
    }

    lw::test::temp_dir dir_;
    std::filesystem::path db_ = dir_.path() / "center.db";
};

TEST_F(center_cli_db, reading_commands_do_not_create_a_database) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"incidents"},
                                                                  {"timeline", "1"},
                                                                  {"verify"},
                                                                  {"stats"},
                                                                  {"export", "--incident", "1"},
                                                                  {"elevator", "show", "E1"},
                                                                  {"crew", "set", "n1", "--lat", "1", "--lon", "2"}}) {
        auto a = args;
        a.insert(a.end(), {"--db", db_.string()});
        const auto r = run(a);
        EXPECT_EQ(r.rc, 1) << args[0];
        EXPECT_EQ(r.err, "lw-center: no database " + db_.string() + "\n") << args[0];
        EXPECT_FALSE(std::filesystem::exists(db_)) << args[0];
    }
}

// `lw-center timeline` on what the center records for a new incident: each notification reads
// as requested, then not delivered with the reason; an old `notified` record reads as what it
// was. No line reads as a delivery.
TEST_F(center_cli_db, timeline_shows_notifications_as_requested_not_delivered) {
    const auto city_file = dir_.path() / "city.json";
    std::ofstream(city_file) << to_json(small_city());
    ASSERT_EQ(run({"import", "--db", db_.string(), city_file.string()}).rc, 0);
    {
        store db(db_.string());
        center_core core{core_config{}, registry::build(small_city())};
        manual_alarm_input call;
        call.elevator_id = "E1";
        const auto t0 = lw::wall_now();
        const auto fx = core.handle(call, t0);
        ASSERT_TRUE(fx.reply.ok()) << fx.reply.error;
        ASSERT_EQ(db.commit(fx.records.timeline, fx.records.incidents, {}, t0), "");
        ASSERT_EQ(db.commit({timeline_entry{1, t0, step::notified, "center", "uu1: an old record"}}, {}, {}, t0), "");
    }
    const auto r = run({"timeline", "--db", db_.string(), "1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    std::istringstream lines(r.out);
    int requested = 0, undelivered = 0, old = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find(" notification requested ") != std::string::npos) {
            ++requested;
        } else if (line.find(" requested - not delivered (no gateway; old record) ") != std::string::npos) {
            ++old;
        } else if (line.find(" not delivered ") != std::string::npos) {
            ++undelivered;
            EXPECT_NE(line.find("no notification gateway configured"), std::string::npos) << line;
        }
        EXPECT_EQ(line.find(" notified "), std::string::npos) << line;
        EXPECT_EQ(line.find("notify_"), std::string::npos) << "the label, not the step's name: " << line;
    }
    EXPECT_EQ(requested, 2) << r.out;   // the company and the using unit
    EXPECT_EQ(undelivered, 2) << r.out;
    EXPECT_EQ(old, 1) << r.out;
}

TEST_F(center_cli_db, import_city_then_report_verify_export_and_edit) {
    const auto city_file = dir_.path() / "city.json";
    std::ofstream(city_file) << to_json(small_city());
    auto r = run({"import", "--db", db_.string(), city_file.string()});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "imported 1 elevators, 1 crews, 1 companies into " + db_.string() + "\n");
    record_incident(small_city());

    r = run({"incidents", "--db", db_.string(), "--open"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("E1"), std::string::npos) << r.out;
    r = run({"timeline", "--db", db_.string(), "1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("dispatched"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("acknowledged"), std::string::npos) << r.out;
    r = run({"timeline", "--db", db_.string(), "9"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.err, "lw-center: no incident 9 in " + db_.string() + "\n");
    EXPECT_THROW(run({"timeline", "--db", db_.string(), "nine"}), lw::options::usage_error);

    r = run({"verify", "--db", db_.string()});
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(r.out.rfind("OK: ", 0), 0u) << r.out;
    const auto head = r.out.substr(r.out.find("chain head: record ") + 19);
    const auto anchor = head.substr(0, head.find(' ')) + ":" + head.substr(head.find("hash ") + 5, 64);
    EXPECT_EQ(run({"verify", "--db", db_.string(), "--anchor", anchor}).rc, 0);
    r = run({"verify", "--db", db_.string(), "--anchor", "1:0000"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.out.find("FAILED"), std::string::npos) << r.out;

    r = run({"export", "--db", db_.string(), "--incident", "1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const auto j = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_array()) << r.out;
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0].value("elevator_id", ""), "E1") << r.out;
    const auto today = lw::format_utc(lw::wall_now()).substr(0, 10);
    const auto csv = dir_.path() / "range.csv";
    r = run({"export", "--db", db_.string(), "--from", today, "--to", today, "--format", "csv", "--out", csv.string()});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "exported 1 incident(s) to " + csv.string() + "\n");
    std::ifstream f(csv);
    const std::string text((std::istreambuf_iterator<char>(f)), {});
    EXPECT_NE(text.find("acknowledged"), std::string::npos) << text;
    r = run({"export", "--db", db_.string(), "--incident", "7"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.err, "lw-center: no incident 7 in " + db_.string() + "\n");

    r = run({"elevator", "show", "--db", db_.string(), "E1"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("rescue code 123456"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Incidents (1, newest first)"), std::string::npos) << r.out;
    EXPECT_EQ(run({"elevator", "show", "--db", db_.string(), "E404"}).rc, 1);
    EXPECT_THROW(run({"elevator", "list", "--db", db_.string(), "E1"}), lw::options::usage_error);

    r = run({"crew", "set", "--db", db_.string(), "north-1", "--lat", "34.6", "--lon", "105.7"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(store(db_.string()).crews().at(0).position.lat_deg, 34.6);
    r = run({"crew", "set", "--db", db_.string(), "nobody", "--lat", "34.6", "--lon", "105.7"});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.err.find("nobody"), std::string::npos) << r.err;

    // stats: a reversed period is a usage error, named by the store-side check.
    try {
        run({"stats", "--db", db_.string(), "--from", "2026-02-01", "--to", "2026-01-01"});
        ADD_FAILURE() << "no usage_error";
    } catch (const lw::options::usage_error& e) {
        EXPECT_NE(std::string(e.what()).find("lw-center stats: from date (2026-02-01) must not be after to date"),
                  std::string::npos)
            << e.what();
    }
    r = run({"stats", "--db", db_.string(), "--json"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_FALSE(json::parse(r.out, nullptr, false).is_discarded()) << r.out;
}

TEST_F(center_cli_db, import_elevators_from_csv_against_the_registry) {
    const auto city_file = dir_.path() / "city.json";
    std::ofstream(city_file) << to_json(small_city());
    ASSERT_EQ(run({"import", "--db", db_.string(), city_file.string()}).rc, 0);

    const auto good = dir_.path() / "more.csv";
    std::ofstream(good) << "id,rescue_code,address,district,lat,lon,company,using_unit,floors,machine_room_less\r\n"
                        << "E3,333333,\"7 Long Road, block \"\"B\"\"\",Maiji,34.59,105.73,north,uu1,18,1\r\n";
    auto r = run({"import", "--db", db_.string(), good.string()});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "imported 1 elevators into " + db_.string() + "\n");
    const auto e3 = store(db_.string()).elevator("E3");
    ASSERT_TRUE(e3);
    EXPECT_EQ(e3->address, "7 Long Road, block \"B\"");
    EXPECT_TRUE(e3->machine_room_less);
    EXPECT_EQ(e3->floors, 18);

    const auto unknown_company = dir_.path() / "bad.csv";
    std::ofstream(unknown_company) << "id,lat,lon,company\nE4,34.5,105.7,nobody-lifts\n";
    r = run({"import", "--db", db_.string(), unknown_company.string()});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.err.find("unknown maintenance company 'nobody-lifts'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing imported"), std::string::npos) << r.err;
    const auto bad_number = dir_.path() / "bad2.csv";
    std::ofstream(bad_number) << "id,lat,lon,company\nE5,north,105.7,north\n";
    r = run({"import", "--db", db_.string(), bad_number.string()});
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(r.err, "lw-center: " + bad_number.string() + ": line 2: column lat is not valid: 'north'\n");
    store db(db_.string());
    EXPECT_FALSE(db.elevator("E4"));
    EXPECT_FALSE(db.elevator("E5"));

    r = run({"import", "--db", db_.string(), (dir_.path() / "missing.json").string()});
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
}

}  // namespace
