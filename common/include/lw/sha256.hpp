#pragma once
// SHA-256 (FIPS 180-4), for the tamper-evident timeline chain. Pure, no dependencies.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lw {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

}  // namespace lw
