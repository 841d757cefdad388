#pragma once
// The board's audio out: plays a WAV file (the voice-comfort message) through ALSA on a worker
// thread, so play() never blocks the agent's loop. Built only when libasound is found.
//
// Contract: play() may be called from the owner's thread at any time; it returns at once. A
// request made while a clip is playing waits for it to end (at most one waits; a newer request
// replaces the waiting one, whose outcome is "not played: replaced by a newer request"). Errors
// (missing file, bad WAV, no sound device) are logged, counted and handed back as outcomes
// (take_outcomes) with the reason, never thrown. The destructor stops playback and joins the
// worker.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lw/agent/hal.hpp"

namespace lw::agent {

class alsa_audio final : public audio_out {
public:
    // `device`: ALSA PCM name: "default", "plughw:0,0", or "null" (discards; for tests).
    explicit alsa_audio(std::string device = "default");
    ~alsa_audio() override;
    alsa_audio(const alsa_audio&) = delete;
    alsa_audio& operator=(const alsa_audio&) = delete;

    // `clip`: path of a WAV file (integer PCM).
    void play(const std::string& clip, timestamp now) override;
    std::vector<play_outcome> take_outcomes() override;

    std::uint64_t played() const { return played_.load(); }   // clips played to the end
    std::uint64_t failed() const { return failed_.load(); }   // clips that could not be played

private:
    void run();
    // "" when played to the end, else why not.
    std::string play_file(const std::string& path);
    void finished(play_outcome o);

    std::string device_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::string> pending_;
    std::vector<play_outcome> outcomes_;   // finished, not yet taken
    bool stopping_ = false;
    std::atomic<bool> abort_{false};
    std::atomic<std::uint64_t> played_{0}, failed_{0};
    std::thread worker_;
};

}  // namespace lw::agent
