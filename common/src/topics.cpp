#include "lw/topics.hpp"

#include <vector>

namespace lw::topics {
namespace {

std::vector<std::string_view> split(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const auto slash = s.find('/', start);
        out.push_back(s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

std::optional<node_kind> kind_from(std::string_view s) {
    if (s == "birth") return node_kind::birth;
    if (s == "death") return node_kind::death;
    if (s == "status") return node_kind::status;
    if (s == "event") return node_kind::event;
    if (s == "cmd") return node_kind::cmd;
    return std::nullopt;
}

}  // namespace

std::string_view to_string(node_kind k) {
    switch (k) {
        case node_kind::birth: return "birth";
        case node_kind::death: return "death";
        case node_kind::status: return "status";
        case node_kind::event: return "event";
        case node_kind::cmd: return "cmd";
    }
    return "?";
}

bool valid_level(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (c == '/' || c == '+' || c == '#' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

std::string node(std::string_view region, std::string_view elevator, node_kind kind) {
    std::string t = "lw/v1/";
    t.append(region).append("/").append(elevator).append("/").append(to_string(kind));
    return t;
}

std::string region_filter(std::string_view region) {
    return "lw/v1/" + std::string(region) + "/+/+";
}

std::string dispatch(std::string_view company, std::string_view crew) {
    return "lw/v1/dispatch/" + std::string(company) + "/" + std::string(crew);
}

std::string crew_report(std::string_view company, std::string_view crew) {
    return "lw/v1/crew/" + std::string(company) + "/" + std::string(crew) + "/report";
}

std::optional<parsed_node_topic> parse_node(std::string_view topic) {
    const auto p = split(topic);
    if (p.size() != 5 || p[0] != "lw" || p[1] != "v1") return std::nullopt;
    if (p[2] == "dispatch" || p[2] == "crew" || p[2] == "center" || p[2] == "sim") return std::nullopt;
    auto k = kind_from(p[4]);
    if (!k || !valid_level(p[2]) || !valid_level(p[3])) return std::nullopt;
    return parsed_node_topic{std::string(p[2]), std::string(p[3]), *k};
}

std::optional<parsed_crew_topic> parse_crew_report(std::string_view topic) {
    const auto p = split(topic);
    if (p.size() != 6 || p[0] != "lw" || p[1] != "v1" || p[2] != "crew" || p[5] != "report") return std::nullopt;
    if (!valid_level(p[3]) || !valid_level(p[4])) return std::nullopt;
    return parsed_crew_topic{std::string(p[3]), std::string(p[4])};
}

std::optional<parsed_crew_topic> parse_dispatch(std::string_view topic) {
    const auto p = split(topic);
    if (p.size() != 5 || p[0] != "lw" || p[1] != "v1" || p[2] != "dispatch") return std::nullopt;
    if (!valid_level(p[3]) || !valid_level(p[4])) return std::nullopt;
    return parsed_crew_topic{std::string(p[3]), std::string(p[4])};
}

}  // namespace lw::topics
