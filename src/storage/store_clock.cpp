#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "storage/store.h"

namespace grip::storage {

std::string Store::clock_stamp() const {
    const std::chrono::sys_seconds at{std::chrono::seconds(clock_->now())};
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", at);
}

void Store::transaction_started() {
    in_transaction_ = true;
    now_ = clock_stamp();
}

const std::string& Store::version_stamp() {
    if (!in_transaction_) now_ = clock_stamp();
    return now_;
}

}  // namespace grip::storage
