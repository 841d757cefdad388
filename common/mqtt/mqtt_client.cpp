#include "lw/mqtt_client.hpp"

#include <mosquitto.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <random>
#include <system_error>

#include "lw/log.hpp"

namespace lw::mqtt {
namespace {
std::once_flag init_once;
constexpr std::string_view component = "mqtt";

template <typename F>
void guarded(const char* where, F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        log::error(component, std::string(where) + " handler threw: " + e.what());
    } catch (...) {
        log::error(component, std::string(where) + " handler threw an unknown exception");
    }
}
}  // namespace

void library_init() {
    std::call_once(init_once, [] {
        mosquitto_lib_init();
        std::atexit([] { mosquitto_lib_cleanup(); });
    });
}

std::string client::error_text(int rc) { return mosquitto_strerror(rc); }

client::client(options opts) : opts_(std::move(opts)) {
    library_init();
    if (opts_.client_id.empty()) {
        std::random_device rd;
        opts_.client_id = "lw-" + std::to_string(rd()) + std::to_string(rd());
    }
    mosq_ = mosquitto_new(opts_.client_id.c_str(), opts_.clean_session, this);
    if (!mosq_) return;
    mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_connect_with_flags_callback_set(mosq_, [](struct mosquitto*, void* ud, int rc, int flags) {
        static_cast<client*>(ud)->handle_connect(rc, flags);
    });
    mosquitto_disconnect_callback_set(mosq_, [](struct mosquitto*, void* ud, int rc) {
        static_cast<client*>(ud)->handle_disconnect(rc);
    });
    mosquitto_message_callback_set(mosq_, [](struct mosquitto*, void* ud, const struct mosquitto_message* msg) {
        message m;
        m.topic = msg->topic ? msg->topic : "";
        if (msg->payload && msg->payloadlen > 0)
            m.payload.assign(static_cast<const char*>(msg->payload), static_cast<std::size_t>(msg->payloadlen));
        m.qos = msg->qos;
        m.retain = msg->retain;
        static_cast<client*>(ud)->handle_message(std::move(m));
    });
    mosquitto_publish_callback_set(mosq_, [](struct mosquitto*, void* ud, int mid) {
        static_cast<client*>(ud)->handle_published(mid);
    });
    mosquitto_max_inflight_messages_set(mosq_, opts_.max_inflight);
    if (opts_.will) set_will(*opts_.will);
    if (!opts_.username.empty())
        mosquitto_username_pw_set(mosq_, opts_.username.c_str(), opts_.password.empty() ? nullptr : opts_.password.c_str());
    if (opts_.tls) {
        const auto& t = *opts_.tls;
        int rc = mosquitto_tls_set(mosq_, t.ca_file.empty() ? nullptr : t.ca_file.c_str(), nullptr,
                                   t.cert_file.empty() ? nullptr : t.cert_file.c_str(),
                                   t.key_file.empty() ? nullptr : t.key_file.c_str(), nullptr);
        if (rc != MOSQ_ERR_SUCCESS) log::error(component, "TLS setup failed: " + error_text(rc));
    }
}

client::~client() {
    stop();
    if (mosq_) mosquitto_destroy(mosq_);
}

std::string client::start() {
    if (!mosq_) return "could not create the MQTT client (out of memory or bad client id)";
    if (started_) return {};
    mosquitto_threaded_set(mosq_, true);  // our thread runs the loop; other threads publish
    int rc = mosquitto_connect_async(mosq_, opts_.host.c_str(), opts_.port, static_cast<int>(opts_.keepalive.count()));
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO)
        return "connect to " + opts_.host + ":" + std::to_string(opts_.port) + " failed: " + error_text(rc);
    // MOSQ_ERR_ERRNO (e.g. connection refused): the network thread keeps retrying with backoff.
    stop_requested_ = false;
    try {
        thread_ = std::thread([this] { run(); });
    } catch (const std::system_error& e) {
        return std::string("could not start the MQTT network thread: ") + e.what();
    }
    started_ = true;
    return {};
}

void client::run() {
    // Bounds how long stop() waits for the loop to notice it; a few wake-ups a second cost nothing.
    constexpr int loop_timeout_ms = 250;
    auto delay = opts_.reconnect_min;
    bool failing = false;
    // After stop(): write what is queued (a goodbye, the DISCONNECT) before leaving, bounded.
    constexpr int flush_loops = 20;
    for (;;) {
        if (stop_requested_) {
            for (int i = 0; i < flush_loops; ++i)
                if (mosquitto_loop(mosq_, loop_timeout_ms / 5, 1) != MOSQ_ERR_SUCCESS) break;
            return;
        }
        const int rc = mosquitto_loop(mosq_, loop_timeout_ms, 1);
        if (rc == MOSQ_ERR_SUCCESS) {
            if (connected_) {
                delay = opts_.reconnect_min;
                failing = false;
            }
            continue;
        }
        if (stop_requested_) continue;
        // Not connected, or the connection (attempt) failed: wait, then try again.
        const auto text = rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : error_text(rc);
        const auto line = "no connection to " + opts_.host + ":" + std::to_string(opts_.port) + " (" + text +
                          "); retrying in " + std::to_string(delay.count()) + " s";
        if (!failing) log::warn(component, line);
        else log::debug(component, line);
        failing = true;
        {
            std::unique_lock lock(wake_mutex_);
            wake_.wait_for(lock, delay, [&] { return stop_requested_.load(); });
        }
        if (stop_requested_) continue;
        delay = std::min(delay * 2, opts_.reconnect_max);
        mosquitto_reconnect_async(mosq_);  // a failure shows up in the next loop call
    }
}

void client::stop() {
    if (!mosq_ || !started_) return;
    mosquitto_disconnect(mosq_);  // clean: the broker does not publish the Will
    {
        std::lock_guard lock(wake_mutex_);
        stop_requested_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    started_ = false;
    connected_ = false;
}

publish_result client::publish(std::string_view topic, std::string_view payload, int qos, bool retain) {
    publish_result r;
    if (!mosq_) {
        r.rc = MOSQ_ERR_INVAL;
        return r;
    }
    const std::string t(topic);
    r.rc = mosquitto_publish(mosq_, &r.mid, t.c_str(), static_cast<int>(payload.size()), payload.data(), qos, retain);
    r.queued = qos > 0 && (r.rc == MOSQ_ERR_SUCCESS || r.rc == MOSQ_ERR_NO_CONN);
    return r;
}

int client::subscribe(std::string_view filter, int qos) {
    const std::string f(filter);
    return mosquitto_subscribe(mosq_, nullptr, f.c_str(), qos);
}

int client::set_will(const will_message& w) {
    return mosquitto_will_set(mosq_, w.topic.c_str(), static_cast<int>(w.payload.size()), w.payload.data(), w.qos,
                              w.retain);
}

bool client::connected() const { return connected_.load(); }

void client::handle_connect(int rc, int flags) {
    if (rc != 0) {
        log::warn(component, "connect refused by " + opts_.host + ":" + std::to_string(opts_.port) + ": " +
                                 mosquitto_connack_string(rc));
        return;
    }
    connected_ = true;
    if (on_connect_) guarded("connect", [&] { on_connect_((flags & 1) != 0); });
}

void client::handle_disconnect(int rc) {
    connected_ = false;
    if (on_disconnect_) guarded("disconnect", [&] { on_disconnect_(rc); });
}

void client::handle_message(message&& m) {
    if (on_message_) guarded("message", [&] { on_message_(std::move(m)); });
}

void client::handle_published(int mid) {
    if (on_published_) guarded("published", [&] { on_published_(mid); });
}

}  // namespace lw::mqtt
