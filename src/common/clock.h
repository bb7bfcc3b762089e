#pragma once
// The time, injected: the server reads the system clock, tests move a manual
// one, so that expiry and throttling are tested without waiting.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace grip {

class Clock {
public:
    virtual ~Clock() = default;
    // Seconds since the Unix epoch, UTC.
    virtual int64_t now() const = 0;
};

class SystemClock final : public Clock {
public:
    int64_t now() const override {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// The system clock for whoever is given no other: one object, shared.
inline const Clock& system_clock() {
    static const SystemClock clock;
    return clock;
}

// A test's clock. Atomic: a test moves it while the server's threads read it.
class ManualClock final : public Clock {
public:
    explicit ManualClock(int64_t start = 1'700'000'000) : now_(start) {}
    int64_t now() const override { return now_.load(); }
    void set(int64_t seconds) { now_.store(seconds); }
    void advance(int64_t seconds) { now_.fetch_add(seconds); }

private:
    std::atomic<int64_t> now_;
};

}  // namespace grip
