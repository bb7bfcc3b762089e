#pragma once
// Failed sign-ins slow down whoever fails, not the account's owner: each
// client address, and each account as tried from one address, gets a few
// failures free and then has to wait before its next attempt is checked, a
// wait that doubles with every further failure (up to kMaxDelay). Someone
// guessing a user's password from one address is held back there, while the
// user signs in from another address as usual; no count of failures locks an
// account. What lasts is in memory: a restart forgets it (the store still
// counts each account's failures, see Accounts::sign_in).
//
// Time comes from the caller (the injected clock). Thread-safe.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace grip::auth {

class SignInThrottle {
public:
    static constexpr int kFreePerAccountAndAddress = 5;  // failures of one account from one address
    static constexpr int kFreePerAddress = 20;           // failures from one address, any accounts
    static constexpr int64_t kFirstDelay = 4;            // seconds after the first failure beyond the free ones
    static constexpr int64_t kMaxDelay = 15 * 60;
    static constexpr int64_t kForgetAfter = 3600;  // an hour without failure: a fresh start

    // 0 when an attempt for `account` (an id, see Accounts) from `address`
    // may be checked at `now`, else the seconds to wait first.
    int64_t wait(int64_t account, std::string_view address, int64_t now) const;
    // Whether `address` has failed to sign in to `account` in the last kForgetAfter.
    bool has_failed(int64_t account, std::string_view address, int64_t now) const;
    void failed(int64_t account, std::string_view address, int64_t now);
    // A success from `address` clears that address's failures for the account.
    void succeeded(int64_t account, std::string_view address);

    // The wait after `failures` failures of which `free` are free.
    static int64_t delay(int failures, int free);

private:
    struct Failures {
        int count = 0;
        int64_t last = 0;
    };
    static std::string pair_key(int64_t account, std::string_view address);
    static int64_t wait_for(const Failures& f, int free, int64_t now);
    void forget_old(int64_t now);  // keeps the maps small

    mutable std::mutex mutex_;
    std::unordered_map<std::string, Failures> pairs_;      // account and address
    std::unordered_map<std::string, Failures> addresses_;  // address
};

}  // namespace grip::auth
