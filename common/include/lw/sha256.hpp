#pragma once
// SHA-256 (FIPS 180-4), for the tamper-evident timeline chain. Target lw_crypto: OpenSSL's
// libcrypto (EVP) underneath, kept out of this header and out of lw_common, so programs that do
// not hash (the board's agent) do not link libcrypto.
// Throws std::runtime_error only if libcrypto fails (out of memory).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lw {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);   // 64 lower-case hex digits

}  // namespace lw
