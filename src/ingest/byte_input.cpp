#include "ingest/byte_input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace grip::ingest {

Result<ByteInput> ByteInput::open(const std::filesystem::path& path) {
    ByteInput input;
    input.name_ = path.string();
    input.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (input.fd_ < 0) {
        const int err = errno;
        std::string message = fmt::format("{}: cannot open: {}", input.name_, std::strerror(err));
        return err == ENOENT ? Error::not_found(std::move(message)) : Error::io(std::move(message));
    }
    struct stat st {};
    if (::fstat(input.fd_, &st) != 0) {
        return Error::io(fmt::format("{}: cannot stat: {}", input.name_, std::strerror(errno)));
    }
    if (S_ISDIR(st.st_mode)) return Error::invalid(fmt::format("{}: is a directory, not a file", input.name_));
    // Pipes and devices have no size known in advance; the progress bar then
    // shows bytes only.
    if (S_ISREG(st.st_mode)) input.size_ = static_cast<uint64_t>(st.st_size);
    return input;
}

ByteInput ByteInput::from_string(std::string data, std::string name) {
    ByteInput input;
    input.size_ = data.size();
    input.data_ = std::move(data);
    input.name_ = std::move(name);
    return input;
}

ByteInput::ByteInput(ByteInput&& other) noexcept { *this = std::move(other); }

ByteInput& ByteInput::operator=(ByteInput&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        data_ = std::move(other.data_);
        data_pos_ = other.data_pos_;
        name_ = std::move(other.name_);
        size_ = other.size_;
        bytes_read_ = other.bytes_read_;
        magic_ = other.magic_;
        magic_len_ = other.magic_len_;
        magic_pos_ = other.magic_pos_;
        magic_peeked_ = other.magic_peeked_;
    }
    return *this;
}

ByteInput::~ByteInput() {
    if (fd_ >= 0) ::close(fd_);
}

Result<size_t> ByteInput::read_fd(char* dst, size_t capacity) {
    for (;;) {
        const ssize_t n = ::read(fd_, dst, capacity);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) return Error::io(fmt::format("read failed: {}", std::strerror(errno)));
    }
}

Result<std::string_view> ByteInput::peek_magic() {
    if (fd_ < 0) return std::string_view(data_).substr(data_pos_, magic_.size());
    if (!magic_peeked_) {
        magic_peeked_ = true;
        // A pipe may deliver fewer bytes per read than asked for.
        while (magic_len_ < magic_.size()) {
            const size_t n = TRY(read_fd(magic_.data() + magic_len_, magic_.size() - magic_len_));
            if (n == 0) break;
            magic_len_ += n;
        }
    }
    return std::string_view(magic_.data() + magic_pos_, magic_len_ - magic_pos_);
}

Result<size_t> ByteInput::read(char* dst, size_t capacity) {
    size_t n = 0;
    if (fd_ < 0) {
        n = std::min(capacity, data_.size() - data_pos_);
        std::memcpy(dst, data_.data() + data_pos_, n);
        data_pos_ += n;
    } else if (magic_pos_ < magic_len_) {
        n = std::min(capacity, magic_len_ - magic_pos_);
        std::memcpy(dst, magic_.data() + magic_pos_, n);
        magic_pos_ += n;
    } else {
        n = TRY(read_fd(dst, capacity));
    }
    bytes_read_ += n;
    return n;
}

}  // namespace grip::ingest
