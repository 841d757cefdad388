#pragma once
// A WAV file for the comfort-message tests: 0.2 s of silence, 16 kHz mono 16-bit PCM.
#include <cstdint>
#include <string>

namespace lw::test {

inline std::string silence_wav() {
    const std::uint32_t data = 16000 * 2 / 5;
    std::string s = "RIFF";
    auto put32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
    };
    auto put16 = [&](std::uint16_t v) {
        s += static_cast<char>(v & 0xff);
        s += static_cast<char>(v >> 8);
    };
    put32(36 + data);
    s += "WAVEfmt ";
    put32(16);
    put16(1);          // PCM
    put16(1);          // mono
    put32(16000);      // samples per second
    put32(16000 * 2);  // bytes per second
    put16(2);          // bytes per frame
    put16(16);         // bits per sample
    s += "data";
    put32(data);
    s += std::string(data, '\0');
    return s;
}

}  // namespace lw::test
