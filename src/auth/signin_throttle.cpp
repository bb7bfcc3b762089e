#include "auth/signin_throttle.h"

#include <algorithm>

#include <fmt/format.h>

namespace grip::auth {
namespace {

// Beyond this many entries, those of an hour ago are dropped.
constexpr size_t kForgetAbove = 16 * 1024;

}  // namespace

int64_t SignInThrottle::delay(int failures, int free) {
    if (failures < free) return 0;
    const int doublings = failures - free;
    if (doublings >= 20) return kMaxDelay;
    return std::min(kMaxDelay, kFirstDelay << doublings);
}

std::string SignInThrottle::pair_key(int64_t account, std::string_view address) {
    return fmt::format("{} {}", account, address);
}

int64_t SignInThrottle::wait_for(const Failures& f, int free, int64_t now) {
    if (now - f.last >= kForgetAfter) return 0;
    return std::max<int64_t>(0, f.last + delay(f.count, free) - now);
}

int64_t SignInThrottle::wait(int64_t account, std::string_view address, int64_t now) const {
    std::lock_guard lock(mutex_);
    int64_t longest = 0;
    if (auto it = pairs_.find(pair_key(account, address)); it != pairs_.end())
        longest = wait_for(it->second, kFreePerAccountAndAddress, now);
    if (auto it = addresses_.find(std::string(address)); it != addresses_.end())
        longest = std::max(longest, wait_for(it->second, kFreePerAddress, now));
    return longest;
}

bool SignInThrottle::has_failed(int64_t account, std::string_view address, int64_t now) const {
    std::lock_guard lock(mutex_);
    const auto it = pairs_.find(pair_key(account, address));
    return it != pairs_.end() && now - it->second.last < kForgetAfter;
}

void SignInThrottle::failed(int64_t account, std::string_view address, int64_t now) {
    std::lock_guard lock(mutex_);
    if (pairs_.size() + addresses_.size() > kForgetAbove) forget_old(now);
    for (Failures* f : {&pairs_[pair_key(account, address)], &addresses_[std::string(address)]}) {
        if (now - f->last >= kForgetAfter) f->count = 0;
        ++f->count;
        f->last = now;
    }
}

void SignInThrottle::succeeded(int64_t account, std::string_view address) {
    std::lock_guard lock(mutex_);
    pairs_.erase(pair_key(account, address));
}

void SignInThrottle::forget_old(int64_t now) {
    for (auto* map : {&pairs_, &addresses_})
        std::erase_if(*map, [now](const auto& entry) { return now - entry.second.last >= kForgetAfter; });
}

}  // namespace grip::auth
