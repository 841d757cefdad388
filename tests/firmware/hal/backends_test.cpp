// The board's Linux backends against the real libraries: ALSA (its "null" device, so no sound
// card is needed) and libgpiod (error paths only: CI machines have no GPIO chip).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "lw/test/broker.hpp"
#include "lw/test/wav.hpp"
#ifdef LW_HAVE_ALSA
#include "lw/agent/alsa_audio.hpp"
#endif
#ifdef LW_HAVE_GPIOD
#include "lw/agent/gpiod_sensor.hpp"
#endif

namespace {
using namespace std::chrono_literals;

using lw::test::silence_wav;
}  // namespace

#ifdef LW_HAVE_ALSA
TEST(alsa_audio, plays_a_wav_without_blocking_and_counts_failures) {
    lw::test::temp_dir dir;
    const auto good = (dir.path() / "comfort.wav").string();
    const auto bad = (dir.path() / "bad.wav").string();
    std::ofstream(good, std::ios::binary) << silence_wav();
    std::ofstream(bad, std::ios::binary) << "not a wav";

    lw::agent::alsa_audio audio("null");
    const auto before = std::chrono::steady_clock::now();
    audio.play(good, lw::wall_now());
    EXPECT_LT(std::chrono::steady_clock::now() - before, 100ms) << "play() must not block";
    ASSERT_TRUE(lw::test::wait_until([&] { return audio.played() == 1; }, 10s));
    audio.play(bad, lw::wall_now());
    ASSERT_TRUE(lw::test::wait_until([&] { return audio.failed() == 1; }, 10s));
    audio.play((dir.path() / "missing.wav").string(), lw::wall_now());
    ASSERT_TRUE(lw::test::wait_until([&] { return audio.failed() == 2; }, 10s));
    EXPECT_EQ(audio.played(), 1u);
}

// Every play has one outcome: played to the end, or not and why (what the board reports).
TEST(alsa_audio, each_play_hands_back_its_outcome_with_the_reason_of_a_failure) {
    lw::test::temp_dir dir;
    const auto good = (dir.path() / "comfort.wav").string();
    std::ofstream(good, std::ios::binary) << silence_wav();
    std::vector<lw::agent::play_outcome> got;
    const auto collect = [&](lw::agent::alsa_audio& a, std::size_t n) {
        return lw::test::wait_until([&] {
            for (auto& o : a.take_outcomes()) got.push_back(std::move(o));
            return got.size() >= n;
        }, 10s);
    };
    lw::agent::alsa_audio null_device("null");
    null_device.play(good, lw::wall_now());
    ASSERT_TRUE(collect(null_device, 1));
    EXPECT_TRUE(got[0].played) << got[0].reason;
    EXPECT_EQ(got[0].clip, good);

    lw::agent::alsa_audio missing("no_such_pcm_device");
    missing.play(good, lw::wall_now());
    ASSERT_TRUE(collect(missing, 2));
    EXPECT_FALSE(got[1].played);
    EXPECT_NE(got[1].reason.find("cannot open ALSA device no_such_pcm_device"), std::string::npos) << got[1].reason;

    null_device.play((dir.path() / "missing.wav").string(), lw::wall_now());
    ASSERT_TRUE(collect(null_device, 3));
    EXPECT_FALSE(got[2].played);
    EXPECT_NE(got[2].reason.find("cannot open comfort clip"), std::string::npos) << got[2].reason;
    EXPECT_TRUE(null_device.take_outcomes().empty());   // each outcome once
}

TEST(alsa_audio, a_missing_device_is_a_counted_failure_not_a_crash) {
    lw::test::temp_dir dir;
    const auto good = (dir.path() / "comfort.wav").string();
    std::ofstream(good, std::ios::binary) << silence_wav();
    lw::agent::alsa_audio audio("no_such_pcm_device");
    audio.play(good, lw::wall_now());
    ASSERT_TRUE(lw::test::wait_until([&] { return audio.failed() == 1; }, 10s));
}
#endif

#ifdef LW_HAVE_GPIOD
TEST(gpiod_sensor, a_missing_chip_is_a_clear_error_naming_the_signal) {
    lw::agent::gpio_config cfg;
    ASSERT_EQ(lw::agent::parse_gpio_config({{"gpio.door_closed", "no-such-gpiochip:3"}}, cfg), "");
    try {
        lw::agent::gpiod_sensor s(cfg);
        FAIL() << "opened a chip that does not exist";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("gpio.door_closed"), std::string::npos) << what;
        EXPECT_NE(what.find("no-such-gpiochip:3"), std::string::npos) << what;
    }
}
#endif
