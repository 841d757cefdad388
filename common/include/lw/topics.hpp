#pragma once
// MQTT topic names of the wire contract (DESIGN §2). Pure string helpers.
#include <optional>
#include <string>
#include <string_view>

namespace lw::topics {

enum class node_kind { birth, death, status, event, cmd };

std::string node(std::string_view region, std::string_view elevator, node_kind kind);
std::string region_filter(std::string_view region);   // lw/v1/{region}/+/+
std::string dispatch(std::string_view company, std::string_view crew);
std::string crew_report(std::string_view company, std::string_view crew);
inline constexpr std::string_view crew_report_filter = "lw/v1/crew/+/+/report";
inline constexpr std::string_view center_state = "lw/v1/center/state";
inline constexpr std::string_view sim_clock = "lw/v1/sim/clock";

struct parsed_node_topic {
    std::string region;
    std::string elevator;
    node_kind kind;
};
// nullopt when the topic is not a node topic of the contract.
std::optional<parsed_node_topic> parse_node(std::string_view topic);

struct parsed_crew_topic {
    std::string company;
    std::string crew;
};
std::optional<parsed_crew_topic> parse_crew_report(std::string_view topic);
std::optional<parsed_crew_topic> parse_dispatch(std::string_view topic);

std::string_view to_string(node_kind k);

// Ids used as topic levels must not contain MQTT wildcards or separators.
bool valid_level(std::string_view s);

}  // namespace lw::topics
