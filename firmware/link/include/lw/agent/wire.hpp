#pragma once
// The board's wire encodings (liftwatch.v1), for the node and for the simulator's load mode,
// which must send exactly what a board sends. Protobuf stays out of this header: bytes out.
#include <cstdint>
#include <set>
#include <string>

#include "lw/agent/car_sample.hpp"
#include "lw/domain/fault.hpp"

namespace lw::agent {

using domain::fault_code;

// A serialized liftwatch.v1.Status of `s` for elevator `id` in session `bd_seq`.
std::string encode_status(const car_sample& s, const std::string& id, std::uint64_t bd_seq,
                          const std::set<fault_code>& active);

}  // namespace lw::agent
