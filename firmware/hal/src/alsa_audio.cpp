#include "lw/agent/alsa_audio.hpp"

#include <alsa/asoundlib.h>

#include <fstream>
#include <iterator>
#include <utility>

#include "lw/agent/wav.hpp"
#include "lw/log.hpp"

namespace lw::agent {
namespace {
constexpr std::string_view component = "audio";
// A comfort message is a few seconds long; anything bigger than this is not one.
constexpr std::streamoff max_clip_bytes = 16 * 1024 * 1024;
// Latency asked of ALSA: short enough that stopping is quick, long enough not to underrun.
constexpr unsigned pcm_latency_us = 200'000;
constexpr snd_pcm_uframes_t frames_per_write = 1024;

snd_pcm_format_t alsa_format(unsigned bits) {
    switch (bits) {
        case 8: return SND_PCM_FORMAT_U8;
        case 16: return SND_PCM_FORMAT_S16_LE;
        case 24: return SND_PCM_FORMAT_S24_3LE;
        default: return SND_PCM_FORMAT_S32_LE;
    }
}
}  // namespace

alsa_audio::alsa_audio(std::string device) : device_(std::move(device)) {
    worker_ = std::thread([this] { run(); });
}

alsa_audio::~alsa_audio() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    abort_ = true;
    wake_.notify_all();
    worker_.join();
}

void alsa_audio::play(const std::string& clip, timestamp) {
    {
        std::lock_guard lock(mutex_);
        if (pending_) {
            ++failed_;
            outcomes_.push_back({*pending_, false, "not played: replaced by a newer request"});
        }
        pending_ = clip;
    }
    wake_.notify_all();
}

std::vector<play_outcome> alsa_audio::take_outcomes() {
    std::lock_guard lock(mutex_);
    return std::exchange(outcomes_, {});
}

void alsa_audio::finished(play_outcome o) {
    if (o.played) ++played_;
    else ++failed_;
    std::lock_guard lock(mutex_);
    outcomes_.push_back(std::move(o));
}

void alsa_audio::run() {
    for (;;) {
        std::string clip;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || pending_.has_value(); });
            if (stopping_) return;
            clip = std::move(*pending_);
            pending_.reset();
        }
        auto why = play_file(clip);
        const bool ok = why.empty();
        finished({std::move(clip), ok, std::move(why)});
    }
}

std::string alsa_audio::play_file(const std::string& path) {
    const auto fail = [](std::string why) {
        log::error(component, why);
        return why;
    };
    std::ifstream f(path, std::ios::binary);
    if (!f) return fail("cannot open comfort clip " + path);
    f.seekg(0, std::ios::end);
    const auto size = f.tellg();
    if (size <= 0 || size > max_clip_bytes)
        return fail(path + ": not a comfort clip (" + std::to_string(static_cast<long long>(size)) + " bytes)");
    f.seekg(0);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    f.read(bytes.data(), size);
    wav_format fmt;
    if (auto err = parse_wav(bytes, fmt); !err.empty()) return fail(path + ": " + err);

    snd_pcm_t* pcm = nullptr;
    int rc = snd_pcm_open(&pcm, device_.c_str(), SND_PCM_STREAM_PLAYBACK, 0);
    if (rc < 0) return fail("cannot open ALSA device " + device_ + ": " + snd_strerror(rc));
    rc = snd_pcm_set_params(pcm, alsa_format(fmt.bits_per_sample), SND_PCM_ACCESS_RW_INTERLEAVED, fmt.channels,
                            fmt.rate_hz, 1, pcm_latency_us);
    if (rc < 0) {
        snd_pcm_close(pcm);
        return fail("ALSA device " + device_ + " refused " + std::to_string(fmt.channels) + " ch " +
                    std::to_string(fmt.rate_hz) + " Hz " + std::to_string(fmt.bits_per_sample) + " bit: " +
                    snd_strerror(rc));
    }
    const char* data = bytes.data() + fmt.data_offset;
    const snd_pcm_uframes_t total = fmt.data_bytes / fmt.frame_bytes();
    snd_pcm_uframes_t done = 0;
    int recoveries = 0;
    constexpr int max_recoveries = 10;
    while (done < total && !abort_) {
        const auto n = std::min(frames_per_write, total - done);
        const snd_pcm_sframes_t w = snd_pcm_writei(pcm, data + done * fmt.frame_bytes(), n);
        if (w < 0) {
            if (++recoveries > max_recoveries || snd_pcm_recover(pcm, static_cast<int>(w), 1) < 0) {
                snd_pcm_close(pcm);
                return fail("ALSA write failed on " + device_ + ": " + snd_strerror(static_cast<int>(w)));
            }
            continue;
        }
        done += static_cast<snd_pcm_uframes_t>(w);
    }
    const bool aborted = abort_;
    if (aborted) snd_pcm_drop(pcm);
    else snd_pcm_drain(pcm);
    snd_pcm_close(pcm);
    if (aborted) return "stopped before the end (the agent is shutting down)";
    log::debug(component, "played " + path);
    return {};
}

}  // namespace lw::agent
