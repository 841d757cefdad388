#pragma once
// RIFF/WAVE header parsing for the comfort message (pure: bytes in, format out).
#include <cstddef>
#include <string>
#include <string_view>

namespace lw::agent {

struct wav_format {
    unsigned channels = 0;
    unsigned rate_hz = 0;
    unsigned bits_per_sample = 0;   // 8, 16, 24 or 32 (integer PCM)
    std::size_t data_offset = 0;    // where the samples start in the file
    std::size_t data_bytes = 0;     // sample bytes (clamped to what the file holds)
    std::size_t frame_bytes() const { return channels * (bits_per_sample / 8); }
};

// Integer PCM only (format tag 1, or WAVE_FORMAT_EXTENSIBLE carrying PCM); 1..8 channels,
// 8 kHz..192 kHz. Returns an error text or "".
std::string parse_wav(std::string_view bytes, wav_format& out);

}  // namespace lw::agent
