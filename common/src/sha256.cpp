#include "lw/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace lw {

std::array<std::uint8_t, 32> sha256(std::string_view data) {
    std::array<std::uint8_t, 32> out{};
    unsigned int n = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr) != 1 || n != out.size())
        throw std::runtime_error("sha256: OpenSSL EVP_Digest failed");
    return out;
}

std::string sha256_hex(std::string_view data) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(64);
    for (auto b : sha256(data)) {
        s += hex[b >> 4];
        s += hex[b & 15];
    }
    return s;
}

}  // namespace lw
