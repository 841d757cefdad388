#pragma once
// The board's hardware abstraction: where samples come from and where the comfort message goes.
// Backends: scripted (tests, simulator, demo) here; Linux GPIO (libgpiod) and ALSA on the board.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lw/agent/car_sample.hpp"
#include "lw/time.hpp"

namespace lw::agent {

class sensor_source {
public:
    virtual ~sensor_source() = default;
    // One sample taken now; nullopt when the inputs cannot be read (logged by the backend).
    virtual std::optional<car_sample> read(timestamp now) = 0;
};

// What became of one play() call: played to its end, or not, and why.
struct play_outcome {
    std::string clip;
    bool played = false;
    std::string reason;       // when !played: what failed ("cannot open ALSA device x: ...")
};

class audio_out {
public:
    virtual ~audio_out() = default;
    // Starts playing `clip` (a message id or a WAV path); must not block for the clip's length.
    virtual void play(const std::string& clip, timestamp now) = 0;
    // The outcomes of earlier play() calls that are known by now, in call order, each once:
    // every play() call gets exactly one outcome (a backend that plays in the background hands
    // it over when the clip ended or failed). Owner's thread, like play().
    virtual std::vector<play_outcome> take_outcomes() = 0;
};

// Scripted sensor: returns the sample the owner set last (the simulator moves the car by
// setting it), optionally driven by a script of timed changes (see load_script).
class scripted_sensor final : public sensor_source {
public:
    void set(const car_sample& s) { current_ = s; }
    car_sample& current() { return current_; }
    std::optional<car_sample> read(timestamp now) override;

    // Script lines: "<seconds after start> field=value [field=value ...]", '#' comments.
    // Fields: moving, door (closed|opening|open|closing|locked|not_fully_closed), in_door_zone,
    // occupied, floor (number or "lost"), alarm_button, mains_ok, battery_pct, mode, speed_mps,
    // safety_circuit_ok, door_lock_ok, overload, temperature_c. Returns an error text or "".
    std::string load_script(const std::string& text, timestamp start);

private:
    struct change {
        timestamp at;
        std::string field, value;
    };
    car_sample current_;
    std::vector<change> script_;
    std::size_t next_ = 0;
};

// Records every clip asked for and when (tests, simulator); each play "plays" at once, or fails
// with the reason set by fail_with() (tests of the failure path).
class recording_audio final : public audio_out {
public:
    struct played {
        std::string clip;
        timestamp at;
    };
    void play(const std::string& clip, timestamp now) override {
        log_.push_back({clip, now});
        outcomes_.push_back({clip, failure_.empty(), failure_});
    }
    std::vector<play_outcome> take_outcomes() override { return std::exchange(outcomes_, {}); }
    const std::vector<played>& log() const { return log_; }
    // "" (the default): plays succeed; else every later play fails with this reason.
    void fail_with(std::string reason) { failure_ = std::move(reason); }

private:
    std::vector<played> log_;
    std::vector<play_outcome> outcomes_;
    std::string failure_;
};

// Applies "field=value" to a sample; returns an error text or "".
std::string apply_field(car_sample& s, const std::string& field, const std::string& value);

}  // namespace lw::agent
