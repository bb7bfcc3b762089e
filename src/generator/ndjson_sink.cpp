#include "generator/ndjson_sink.h"

namespace grip::generator {

namespace {
// Progress is reported every this many records, often enough for a smooth bar
// and rarely enough to cost nothing.
constexpr int64_t kProgressStep = 1 << 16;
}  // namespace

NdjsonSink::NdjsonSink(std::ostream& out, ProgressCallback progress, int64_t planned_records)
    : out_(out), progress_(std::move(progress)), planned_(planned_records) {
    buffer_.reserve(kFlushBytes + 4096);
}

void NdjsonSink::put_json_string(std::string_view text) {
    buffer_.push_back('"');
    for (const char c : text) {
        switch (c) {
            case '"': put("\\\""); break;
            case '\\': put("\\\\"); break;
            case '\n': put("\\n"); break;
            case '\r': put("\\r"); break;
            case '\t': put("\\t"); break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    fmt::format_to(inserter(), "\\u{:04x}", static_cast<unsigned>(c));
                } else {
                    buffer_.push_back(c);
                }
        }
    }
    buffer_.push_back('"');
}

void NdjsonSink::flush() {
    if (!failed_ && buffer_.size() > 0) {
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        if (!out_) failed_ = true;
    }
    bytes_ += static_cast<int64_t>(buffer_.size());
    buffer_.clear();
    if (progress_ && records_ >= next_progress_) {
        progress_(records_, planned_);
        next_progress_ = records_ + kProgressStep;
    }
}

Status NdjsonSink::finish() {
    flush();
    if (!failed_) {
        out_.flush();
        if (!out_) failed_ = true;
    }
    if (progress_) progress_(records_, planned_);
    if (failed_) return Error::io("the output stream refused the generated city (disk full or closed pipe?)");
    return ok_status();
}

}  // namespace grip::generator
