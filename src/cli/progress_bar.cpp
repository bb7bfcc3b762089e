#include "cli/progress_bar.h"

#include <unistd.h>

#include <fmt/format.h>

namespace grip::cli {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && ::isatty(STDERR_FILENO) != 0),
      started_(std::chrono::steady_clock::now()), last_() {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(uint64_t done, std::optional<uint64_t> total, int64_t items, std::string_view stage) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    const double seconds = std::chrono::duration<double>(now - started_).count();
    const double rate = seconds > 0 ? static_cast<double>(items) / seconds : 0;
    std::string bar;
    if (total && *total > 0) {
        const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(*total));
        const int width = 30;
        const int full = static_cast<int>(frac * width);
        bar = fmt::format("[{}{}] {:3.0f}%", std::string(static_cast<size_t>(full), '#'),
                          std::string(static_cast<size_t>(width - full), '.'), frac * 100);
    }
    fmt::print(stderr, "\r{} {} {} lines, {:.0f}/s {}\x1b[K", label_, bar, items, rate, stage);
}

void ProgressBar::finish() {
    if (enabled_ && drawn_) fmt::print(stderr, "\r\x1b[K");
    drawn_ = false;
}

}  // namespace grip::cli
