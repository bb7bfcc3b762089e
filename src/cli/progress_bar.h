#pragma once
// A progress bar on stderr, drawn only when stderr is a terminal, redrawn at
// most ten times a second.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace grip::cli {

class ProgressBar {
public:
    explicit ProgressBar(std::string label, bool enabled = true);
    ~ProgressBar();
    // `done` of `total` units (bytes), and a count of items to show beside it.
    void update(uint64_t done, std::optional<uint64_t> total, int64_t items, std::string_view stage = {});
    void finish();

private:
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace grip::cli
