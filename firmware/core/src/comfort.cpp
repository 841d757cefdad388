#include "lw/agent/comfort.hpp"

namespace lw::agent {

std::string_view to_string(comfort_trigger t) {
    switch (t) {
        case comfort_trigger::entrapment: return "entrapment";
        case comfort_trigger::center_order: return "center_order";
    }
    return "invalid";
}

comfort_scheduler::comfort_scheduler(comfort_config cfg) : cfg_(cfg) {}

std::optional<timestamp> comfort_scheduler::next_due() const {
    if (!running_) return std::nullopt;
    return next_due_;
}

play_request comfort_scheduler::start(comfort_trigger trigger, timestamp now) {
    running_ = true;
    trigger_ = trigger;
    next_due_ = now + cfg_.comfort_repeat_every;
    next_repetition_ = 1;
    return play_request{now, trigger, 0};
}

void comfort_scheduler::end(timestamp now) {
    if (!running_) return;
    running_ = false;
    ended_at_ = now;
}

std::optional<play_request> comfort_scheduler::update(bool trapped, bool doors_open, timestamp now) {
    const bool trap_raised = trapped && !was_trapped_;
    const bool trap_cleared = !trapped && was_trapped_;
    was_trapped_ = trapped;
    doors_open_ = doors_open;

    if (doors_open || trap_cleared) {
        end(now);
        return std::nullopt;
    }
    if (trap_raised && !running_) return start(comfort_trigger::entrapment, now);
    if (!running_ || now < next_due_) return std::nullopt;

    const play_request due{next_due_, trigger_, next_repetition_++};
    next_due_ += cfg_.comfort_repeat_every;
    if (next_due_ <= now) next_due_ = now + cfg_.comfort_repeat_every;  // fell behind: no burst
    return due;
}

comfort_scheduler::order_result comfort_scheduler::order(timestamp now) {
    using answer = order_result::answer;
    if (doors_open_) return {answer::doors_open, std::nullopt};
    if (running_) return {answer::already_playing, std::nullopt};
    return {answer::started, start(comfort_trigger::center_order, now)};
}

void comfort_scheduler::stop(timestamp now) { end(now); }

}  // namespace lw::agent
