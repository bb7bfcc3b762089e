#pragma once
// The generator's output: records are formatted straight into one large
// buffer and handed to the stream in big blocks, because ten million
// activities written field by field through iostream would take minutes.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/result.h"
#include "generator/progress.h"

namespace grip::generator {

class NdjsonSink {
public:
    NdjsonSink(std::ostream& out, ProgressCallback progress, int64_t planned_records);

    fmt::memory_buffer& buffer() { return buffer_; }
    // Formatting through fmt::appender writes straight into the buffer.
    fmt::appender inserter() { return fmt::appender(buffer_); }

    void put(std::string_view text) { buffer_.append(text.data(), text.data() + text.size()); }
    // Writes `text` as a JSON string, quotes included, escaping what JSON needs.
    void put_json_string(std::string_view text);

    // Closes the current line. The caller has written the whole object.
    void end_record() {
        buffer_.push_back('\n');
        ++records_;
        if (buffer_.size() >= kFlushBytes) flush();
    }

    // Removes what was written since `offset` (a size of buffer() taken
    // within the current, unfinished line) and returns it.
    std::string take_since(size_t offset) {
        std::string out(buffer_.data() + offset, buffer_.size() - offset);
        buffer_.resize(offset);
        return out;
    }

    // Writes what is left and says whether the stream took every byte.
    Status finish();

    int64_t records() const { return records_; }
    int64_t bytes() const { return bytes_ + static_cast<int64_t>(buffer_.size()); }
    bool failed() const { return failed_; }

private:
    static constexpr size_t kFlushBytes = size_t{1} << 20;
    void flush();

    std::ostream& out_;
    ProgressCallback progress_;
    int64_t planned_ = 0;
    int64_t records_ = 0;
    int64_t bytes_ = 0;
    int64_t next_progress_ = 0;
    bool failed_ = false;
    fmt::memory_buffer buffer_;
};

}  // namespace grip::generator
