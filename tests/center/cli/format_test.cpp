// The operator commands' pure text work: CSV in, dossier and verify reports out.
#include "lw/center/cli/format.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lw/test/sample_registry.hpp"

namespace {
using namespace lw::center;
namespace cli = lw::center::cli;
using json = nlohmann::json;

TEST(center_cli_csv, quoted_fields_commas_quotes_and_line_breaks) {
    const auto rows = cli::parse_csv("a,b,c\r\n\"1, 2\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nx,,z");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"1, 2", "say \"hi\"", "two\nlines"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"x", "", "z"}));
    EXPECT_TRUE(cli::parse_csv("").empty());
}

TEST(center_cli_csv, elevators_typed_by_column) {
    std::string out;
    ASSERT_EQ(cli::csv_elevators_to_json("id,lat,lon,floors,machine_room_less,urban,address\n"
                                         "E3,34.59,105.73,18,1,false,\"7 Long Road, block B\"\n"
                                         "E4,34.5,105.7,6,0,true,\n",
                                         out),
              "");
    const auto j = json::parse(out);
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["id"], "E3");
    EXPECT_DOUBLE_EQ(j[0]["lat"].get<double>(), 34.59);
    EXPECT_EQ(j[0]["floors"], 18);
    EXPECT_EQ(j[0]["machine_room_less"], true);
    EXPECT_EQ(j[0]["urban"], false);
    EXPECT_EQ(j[0]["address"], "7 Long Road, block B");
    EXPECT_FALSE(j[1].contains("address"));   // empty: left to the city file's default
}

TEST(center_cli_csv, errors_name_the_line_and_column) {
    std::string out = "untouched";
    EXPECT_EQ(cli::csv_elevators_to_json("", out), "empty");
    EXPECT_EQ(cli::csv_elevators_to_json("id,lat\nE1,34.5,9\n", out), "line 2 has 3 fields, the header 2");
    EXPECT_EQ(cli::csv_elevators_to_json("id,lat\nE1,34.5\nE2,north\n", out), "line 3: column lat is not valid: 'north'");
    EXPECT_EQ(cli::csv_elevators_to_json("id,floors\nE1,12a\n", out), "line 2: column floors is not valid: '12a'");
    EXPECT_EQ(cli::csv_elevators_to_json("id,urban\nE1,yes\n", out), "line 2: column urban is not valid: 'yes'");
    EXPECT_EQ(out, "untouched");
}

TEST(center_cli_dossier, registry_data_with_names_then_history) {
    auto e = lw::test::elevator_e1();   // E1, 123456, 1 Test Road, Qinzhou, uu1, north, urban
    e.grid = "G7";
    e.machine_room_less = true;
    e.floors = 12;
    e.year = 2015;
    e.inspection_due = "2026-05-01";
    e.maintenance_due = "2026-03-01";
    const std::vector<using_unit_record> units{lw::test::tower_one()};       // Tower One, Ms Li 138
    const std::vector<company_record> companies{lw::test::north_lifts()};   // North Lifts, 0938-1
    fault_row f;
    f.at = lw::from_ms(1'767'323'045'000);
    f.code_name = "door_close_failure";
    f.raised = true;
    f.historical = true;
    f.detail = "3 tries";
    const auto text = cli::format_dossier(e, units, companies, {}, {f});
    EXPECT_NE(text.find("Elevator E1  rescue code 123456"), std::string::npos) << text;
    EXPECT_NE(text.find("Qinzhou / G7"), std::string::npos) << text;
    EXPECT_NE(text.find("urban"), std::string::npos) << text;
    EXPECT_NE(text.find("Tower One (uu1), in charge Ms Li 138"), std::string::npos) << text;
    EXPECT_NE(text.find("North Lifts (north, 0938-1)"), std::string::npos) << text;
    EXPECT_NE(text.find("(machine-room-less), 12 floors, 2015"), std::string::npos) << text;
    EXPECT_NE(text.find("Incidents (0, newest first)\n  (none)"), std::string::npos) << text;
    EXPECT_NE(text.find("Faults (1, newest first)"), std::string::npos) << text;
    EXPECT_NE(text.find("  " + lw::format_utc(f.at) + "  raised   door_close_failure (historical) - 3 tries\n"),
              std::string::npos)
        << text;
    // Unknown using unit and company: their ids stand in.
    const auto bare = cli::format_dossier(e, {}, {}, {}, {});
    EXPECT_NE(bare.find("using unit         uu1\n"), std::string::npos) << bare;
    EXPECT_NE(bare.find("maintenance        north\n"), std::string::npos) << bare;
}

TEST(center_cli_verify, ok_failed_and_the_chain_head) {
    verify_result ok;
    ok.rows_checked = 12;
    ok.head_id = 12;
    ok.head_hash = "ab12";
    EXPECT_EQ(cli::format_verify(ok, "c.db"), "OK: 12 timeline records checked in c.db\nchain head: record 12 hash ab12\n");
    verify_result bad = ok;
    bad.ok = false;
    bad.problems = {"row 3 (incident 1, arrived): hash mismatch"};
    EXPECT_EQ(cli::format_verify(bad, "c.db"),
              "TAMPERED: row 3 (incident 1, arrived): hash mismatch\nFAILED: 12 timeline records checked in c.db\n"
              "chain head: record 12 hash ab12\n");
}

}  // namespace
