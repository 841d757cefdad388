#include "lw/agent/wav.hpp"

#include <algorithm>
#include <cstdint>

namespace lw::agent {
namespace {
std::uint32_t le32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint16_t le16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                      static_cast<unsigned char>(b[at + 1]) << 8);
}
constexpr std::uint16_t format_pcm = 1;
constexpr std::uint16_t format_extensible = 0xFFFE;
constexpr unsigned min_rate_hz = 8'000, max_rate_hz = 192'000, max_channels = 8;
}  // namespace

std::string parse_wav(std::string_view b, wav_format& out) {
    if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE") return "not a RIFF/WAVE file";
    wav_format f;
    bool have_fmt = false;
    std::size_t at = 12;
    // Chunks: id(4) size(4) body(size, padded to even). Bounded by the file size.
    while (at + 8 <= b.size()) {
        const auto id = b.substr(at, 4);
        const std::size_t size = le32(b, at + 4);
        const std::size_t body = at + 8;
        if (id == "fmt ") {
            if (size < 16 || body + 16 > b.size()) return "truncated fmt chunk";
            const auto tag = le16(b, body);
            bool pcm = tag == format_pcm;
            if (tag == format_extensible && size >= 40 && body + 40 <= b.size())
                pcm = le16(b, body + 24) == format_pcm;  // first two bytes of the sub-format GUID
            if (!pcm) return "not integer PCM (format tag " + std::to_string(tag) + ")";
            f.channels = le16(b, body + 2);
            f.rate_hz = le32(b, body + 4);
            f.bits_per_sample = le16(b, body + 14);
            if (f.channels == 0 || f.channels > max_channels) return "unsupported channel count " + std::to_string(f.channels);
            if (f.rate_hz < min_rate_hz || f.rate_hz > max_rate_hz) return "unsupported sample rate " + std::to_string(f.rate_hz);
            if (f.bits_per_sample != 8 && f.bits_per_sample != 16 && f.bits_per_sample != 24 && f.bits_per_sample != 32)
                return "unsupported sample size " + std::to_string(f.bits_per_sample) + " bits";
            have_fmt = true;
        } else if (id == "data") {
            if (!have_fmt) return "data chunk before the fmt chunk";
            f.data_offset = body;
            f.data_bytes = std::min(size, b.size() - body);
            f.data_bytes -= f.data_bytes % f.frame_bytes();
            if (f.data_bytes == 0) return "no samples";
            out = f;
            return {};
        }
        if (size > b.size() - body) break;
        at = body + size + (size & 1);
    }
    return have_fmt ? "no data chunk" : "no fmt chunk";
}

}  // namespace lw::agent
