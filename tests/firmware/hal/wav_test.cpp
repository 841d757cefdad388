#include "lw/agent/wav.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {
void put16(std::string& s, std::uint16_t v) {
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>(v >> 8);
}
void put32(std::string& s, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A canonical PCM WAV with an extra chunk before "data" (as many editors write a LIST chunk).
std::string wav(std::uint16_t tag, std::uint16_t channels, std::uint32_t rate, std::uint16_t bits,
                std::uint32_t data_bytes, bool list_chunk = true) {
    std::string fmt;
    put16(fmt, tag);
    put16(fmt, channels);
    put32(fmt, rate);
    put32(fmt, rate * channels * bits / 8);
    put16(fmt, static_cast<std::uint16_t>(channels * bits / 8));
    put16(fmt, bits);
    std::string body = "WAVE";
    body += "fmt ";
    put32(body, static_cast<std::uint32_t>(fmt.size()));
    body += fmt;
    if (list_chunk) {
        body += "LIST";
        put32(body, 3);
        body += "abc";
        body += '\0';  // odd size: padded
    }
    body += "data";
    put32(body, data_bytes);
    body += std::string(data_bytes, '\x01');
    std::string out = "RIFF";
    put32(out, static_cast<std::uint32_t>(body.size()));
    return out + body;
}
}  // namespace

TEST(wav, parses_pcm_format_and_finds_the_samples_after_other_chunks) {
    const auto bytes = wav(1, 1, 16000, 16, 3200);
    lw::agent::wav_format f;
    ASSERT_EQ(lw::agent::parse_wav(bytes, f), "");
    EXPECT_EQ(f.channels, 1u);
    EXPECT_EQ(f.rate_hz, 16000u);
    EXPECT_EQ(f.bits_per_sample, 16u);
    EXPECT_EQ(f.frame_bytes(), 2u);
    EXPECT_EQ(f.data_bytes, 3200u);
    EXPECT_EQ(f.data_offset, bytes.size() - 3200);
}

TEST(wav, a_truncated_data_chunk_plays_what_is_there_in_whole_frames) {
    auto bytes = wav(1, 2, 8000, 16, 4000);
    bytes.resize(bytes.size() - 1001);  // 2999 bytes of samples left
    lw::agent::wav_format f;
    ASSERT_EQ(lw::agent::parse_wav(bytes, f), "");
    EXPECT_EQ(f.data_bytes, 2996u);  // whole 4-byte frames only
}

TEST(wav, rejects_what_it_cannot_play_with_a_reason) {
    lw::agent::wav_format f;
    EXPECT_NE(lw::agent::parse_wav("", f), "");
    EXPECT_NE(lw::agent::parse_wav(std::string("RIFF\0\0\0\0AVI LIST", 16), f), "");
    EXPECT_NE(lw::agent::parse_wav(wav(3, 1, 16000, 32, 64), f), "");     // IEEE float
    EXPECT_NE(lw::agent::parse_wav(wav(1, 0, 16000, 16, 64), f), "");     // no channels
    EXPECT_NE(lw::agent::parse_wav(wav(1, 1, 1000, 16, 64), f), "");      // 1 kHz
    EXPECT_NE(lw::agent::parse_wav(wav(1, 1, 16000, 12, 64), f), "");     // 12-bit
    EXPECT_NE(lw::agent::parse_wav(wav(1, 1, 16000, 16, 0), f), "");      // no samples
    auto no_data = wav(1, 1, 16000, 16, 64, false);
    no_data.resize(no_data.size() - 64 - 8);
    EXPECT_EQ(lw::agent::parse_wav(no_data, f), "no data chunk");
}
