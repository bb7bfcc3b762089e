#include "ingest/line_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace grip::ingest {
namespace {

constexpr std::string_view kStringName = "<string>";

// 16 GiB, 300 MiB, or bytes when not a whole number of either.
std::string byte_size(uint64_t bytes) {
    if (bytes >= (uint64_t{1} << 30) && bytes % (uint64_t{1} << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
    if (bytes >= (uint64_t{1} << 20) && bytes % (uint64_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
    return fmt::format("{} bytes", bytes);
}

}  // namespace

LineReader::LineReader(std::string name, Compression compression, std::optional<uint64_t> size,
                       LineReaderOptions options)
    : name_(std::move(name)), compression_(compression), input_size_(size), options_(options) {
    options_.block_size = std::max<size_t>(options_.block_size, 1);
}

LineReader::~LineReader() = default;

Result<std::unique_ptr<LineReader>> LineReader::open(const std::filesystem::path& path, LineReaderOptions options) {
    ByteInput input = TRY(ByteInput::open(path));
    const Compression compression = detect_compression(TRY(input.peek_magic()));
    // A file called .gz that is not gzip is most likely the wrong file (a zip,
    // a spreadsheet): better to say so than to read it as text.
    const Compression promised = compression_from_name(path.filename().string());
    if (promised != Compression::None && promised != compression) {
        return Error::invalid(fmt::format("{}: the file name says {} but the file is not {} data", input.name(),
                                          compression_name(promised), compression_name(promised)));
    }
    std::unique_ptr<LineReader> reader(new LineReader(input.name(), compression, input.size(), options));
    reader->decoder_ = TRY(make_decoder(compression, std::move(input), reader->options_.block_size));
    reader->buffer_.resize(reader->options_.block_size);
    return reader;
}

std::unique_ptr<LineReader> LineReader::from_string(std::string data, LineReaderOptions options) {
    const Compression compression = detect_compression(std::string_view(data).substr(0, 4));
    std::unique_ptr<LineReader> reader(new LineReader(std::string(kStringName), compression, data.size(), options));
    if (compression == Compression::None) {
        if (options.max_text_bytes != 0 && data.size() > options.max_text_bytes) {
            reader->fail_too_large();
            return reader;
        }
        // The whole text is already here: hand out views into it.
        reader->buffer_ = std::move(data);
        reader->end_ = reader->buffer_.size();
        reader->input_done_ = true;
        return reader;
    }
    auto decoder = make_decoder(compression, ByteInput::from_string(std::move(data), std::string(kStringName)),
                                reader->options_.block_size);
    if (!decoder.ok()) {
        // from_string cannot fail by its signature; the failure shows in error().
        reader->fail(decoder.take_error());
        return reader;
    }
    reader->decoder_ = std::move(decoder).value();
    reader->buffer_.resize(reader->options_.block_size);
    return reader;
}

uint64_t LineReader::input_bytes_read() const {
    // Without a decoder the input is the buffer itself, so what was handed out is what was read.
    return decoder_ ? decoder_->input().bytes_read() : begin_;
}

bool LineReader::next(Line& out) {
    if (finished_) return false;
    for (;;) {
        if (scan_ < end_) {
            const void* newline = std::memchr(buffer_.data() + scan_, '\n', end_ - scan_);
            if (newline != nullptr) {
                const size_t at = static_cast<size_t>(static_cast<const char*>(newline) - buffer_.data());
                return emit(at, at + 1, out);
            }
            scan_ = end_;
        }
        if (input_done_) {
            if (begin_ == end_) {
                finished_ = true;
                return false;
            }
            return emit(end_, end_, out);  // the last line has no line end
        }
        if (!fill()) return false;
    }
}

bool LineReader::emit(size_t line_end, size_t next_begin, Line& out) {
    size_t length = line_end - begin_;
    // "\r\n" ends a line as "\n" does; a lone "\r" at the very end is dropped too.
    if (length > 0 && buffer_[begin_ + length - 1] == '\r') --length;
    ++line_number_;
    if (length > options_.max_line_bytes) return fail_line_too_long();
    out.number = line_number_;
    out.text = std::string_view(buffer_.data() + begin_, length);
    begin_ = next_begin;
    scan_ = next_begin;
    return true;
}

bool LineReader::fill() {
    // Only an unfinished line is left: move it to the front so that the free
    // space is at the end.
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        scan_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) {
        // The line fills the buffer. The limit allows for a "\r\n" after the longest line.
        if (end_ - 1 > options_.max_line_bytes) {
            ++line_number_;
            return fail_line_too_long();
        }
        buffer_.resize(std::min(buffer_.size() * 2, options_.max_line_bytes) + 2);
    }
    auto n = decoder_->read(buffer_.data() + end_, buffer_.size() - end_);
    if (!n.ok()) return fail(n.take_error());
    text_bytes_ += *n;
    if (options_.max_text_bytes != 0 && text_bytes_ > options_.max_text_bytes) return fail_too_large();
    input_done_ = *n == 0;
    end_ += *n;
    return true;
}

bool LineReader::fail(Error error) {
    const std::string where =
        line_number_ == 0 ? std::string("before the first line") : fmt::format("after line {}", line_number_);
    error_ = Error{error.code, fmt::format("{}: {}, {}", name_, error.message, where)};
    finished_ = true;
    return false;
}

bool LineReader::fail_line_too_long() {
    error_ = Error::invalid(fmt::format("{}: line {} is longer than {} bytes; is this a delivery file?", name_,
                                        line_number_, options_.max_line_bytes));
    finished_ = true;
    return false;
}

bool LineReader::fail_too_large() {
    error_ = Error::invalid(fmt::format("{}: the delivery holds more than {} of text{}, the most a delivery may hold",
                                        name_, byte_size(options_.max_text_bytes),
                                        compression_ == Compression::None ? "" : " once decompressed"));
    finished_ = true;
    return false;
}

}  // namespace grip::ingest
