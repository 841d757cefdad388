#include "lw/center/timeline_hash.hpp"

#include "lw/sha256.hpp"

namespace lw::center {
namespace {

std::string record_v1(const timeline_row& r) {
    return r.prev_hash + '|' + std::to_string(r.id) + '|' + std::to_string(r.incident) + '|' +
           std::to_string(to_ms(r.at)) + '|' + r.step + '|' + r.actor + '|' + r.details + '|' +
           std::to_string(to_ms(r.recorded));
}

void field(std::string& out, const std::string& bytes) {
    out += std::to_string(bytes.size());
    out += ':';
    out += bytes;
    out += '\n';
}

std::string record_v2(const timeline_row& r) {
    std::string out = "lwtl2\n";
    field(out, r.prev_hash);
    field(out, std::to_string(r.id));
    field(out, std::to_string(r.incident));
    field(out, std::to_string(to_ms(r.at)));
    field(out, r.step);
    field(out, r.actor);
    field(out, r.details);
    field(out, std::to_string(to_ms(r.recorded)));
    return out;
}

}  // namespace

std::optional<std::string> timeline_hash_record(const timeline_row& row, int version) {
    switch (version) {
        case 1: return record_v1(row);
        case 2: return record_v2(row);
        default: return std::nullopt;
    }
}

std::optional<std::string> timeline_hash(const timeline_row& row, int version) {
    auto record = timeline_hash_record(row, version);
    if (!record) return std::nullopt;
    return sha256_hex(*record);
}

}  // namespace lw::center
