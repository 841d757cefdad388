#pragma once
// The virtual city's network: a loopback TCP relay between the virtual nodes / crews and the
// broker, so a drill can cut the city off (a network outage, scenario line `outage FROM TO`)
// while the broker itself keeps running. While down, every relayed connection is closed and new
// ones are closed at once; MQTT clients see a lost connection and reconnect by themselves.
//
// Threading: the relay runs on its own thread; set_down() and port() may be called from any thread.
#include <memory>
#include <string>

namespace lw::sim {

class city_network {
public:
    // Listens on 127.0.0.1 (a free port) and relays to broker_host:broker_port. Throws on failure.
    city_network(const std::string& broker_host, int broker_port);
    ~city_network();
    city_network(const city_network&) = delete;
    city_network& operator=(const city_network&) = delete;

    int port() const;
    void set_down(bool down);
    bool down() const;
    std::size_t connections_cut() const;   // relayed connections closed by outages so far

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

}  // namespace lw::sim
