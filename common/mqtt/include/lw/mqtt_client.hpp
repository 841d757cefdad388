#pragma once
// The one wrapper around libmosquitto that the agent, the center and the simulator share.
//
// Threading contract: start() runs libmosquitto's network thread. Every handler runs on that
// thread and must not block, sleep or throw (exceptions are caught and logged, never allowed
// into C code): copy what you need and post it to your own thread. publish() and subscribe()
// may be called from any thread. Reconnects are automatic, with exponential backoff between
// reconnect_min and reconnect_max; resubscribe in the connect handler.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

struct mosquitto;  // keep <mosquitto.h> out of headers

namespace lw::mqtt {

struct tls_options {
    std::string ca_file;     // PEM file of the CA that signed the broker's certificate
    std::string cert_file;   // client certificate (PEM), optional
    std::string key_file;    // client key (PEM), optional
};

struct will_message {
    std::string topic;
    std::string payload;
    int qos = 1;
    bool retain = false;
};

struct options {
    std::string host = "127.0.0.1";
    int port = 1883;
    std::string client_id;                 // empty: generated; required for persistent sessions
    bool clean_session = true;             // false: persistent session (QoS 1 queued while away)
    std::chrono::seconds keepalive{10};
    std::chrono::seconds reconnect_min{1};
    std::chrono::seconds reconnect_max{30};
    std::optional<will_message> will;
    std::optional<tls_options> tls;
    std::string username, password;
    // Messages in flight at once (QoS 1 without PUBACK yet); 0 = unlimited.
    unsigned max_inflight = 100;
};

struct message {
    std::string topic;
    std::string payload;
    int qos = 0;
    bool retain = false;
};

struct publish_result {
    int rc = 0;          // 0 on success, else a libmosquitto error number
    int mid = 0;         // message id, matched by the published handler
    // QoS > 0 only: libmosquitto holds the message and (re)sends it, in order, once connected,
    // until PUBACK — true on success and also when "not connected" was returned (the library
    // queued it before finding the socket closed). Retrying such a publish would duplicate it.
    bool queued = false;
    bool ok() const { return rc == 0; }
};

class client {
public:
    using message_handler = std::function<void(message&&)>;
    using connect_handler = std::function<void(bool session_present)>;
    using disconnect_handler = std::function<void(int rc)>;
    using published_handler = std::function<void(int mid)>;

    explicit client(options opts);
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    // Set handlers before start().
    void on_message(message_handler h) { on_message_ = std::move(h); }
    void on_connect(connect_handler h) { on_connect_ = std::move(h); }
    void on_disconnect(disconnect_handler h) { on_disconnect_ = std::move(h); }
    void on_published(published_handler h) { on_published_ = std::move(h); }

    // Starts the network thread and the first connect attempt (asynchronous: the connect
    // handler tells when it is up). Returns an error text, empty on success.
    std::string start();
    // Disconnects cleanly (no Will) and joins the network thread. Idempotent.
    void stop();

    publish_result publish(std::string_view topic, std::string_view payload, int qos, bool retain = false);
    int subscribe(std::string_view filter, int qos);
    // Replace the Will for the next (re)connect. Call before start() or from the disconnect handler.
    int set_will(const will_message& w);

    bool connected() const;
    const options& opts() const { return opts_; }

    static std::string error_text(int rc);

    // Called from libmosquitto's callbacks only.
    void handle_connect(int rc, int flags);
    void handle_disconnect(int rc);
    void handle_message(message&& m);
    void handle_published(int mid);

private:
    // The network thread: libmosquitto's loop plus our reconnect with backoff. (libmosquitto
    // 2.0.11's own loop thread never starts when the first connect fails, e.g. the broker is
    // not up yet, so a board booting before its broker would never connect.)
    void run();

    options opts_;
    struct mosquitto* mosq_ = nullptr;
    bool started_ = false;
    std::atomic<bool> connected_{false};
    std::atomic<bool> stop_requested_{false};
    std::thread thread_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    message_handler on_message_;
    connect_handler on_connect_;
    disconnect_handler on_disconnect_;
    published_handler on_published_;
};

// libmosquitto's global init/cleanup, reference-counted; client does it for you.
void library_init();

}  // namespace lw::mqtt
