#include "common/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace grip {

Status create_private_file(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return ok_status();
        return Error::io(fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
    }
    // The umask may have taken more away than 0600, never added to it; the
    // explicit mode makes the owner's read and write certain.
    const int rc = ::fchmod(fd, 0600);
    ::close(fd);
    if (rc != 0) return Error::io(fmt::format("cannot set the mode of {}: {}", file.string(), std::strerror(errno)));
    return ok_status();
}

Status keep_private(int fd, const std::filesystem::path& file) {
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return Error::io(fmt::format("cannot read the mode of {}: {}", file.string(), std::strerror(errno)));
    if ((st.st_mode & 077) == 0) return ok_status();
    const mode_t tightened = st.st_mode & 0700;
    if (::fchmod(fd, tightened) != 0)
        return Error::io(fmt::format("{} is readable by others and its mode cannot be changed: {} (chmod 600 it)",
                                     file.string(), std::strerror(errno)));
    spdlog::warn("{} was readable by others (mode {:o}); its mode is now {:o}", file.string(), st.st_mode & 0777,
                 tightened);
    return ok_status();
}

Status keep_private(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return ok_status();
        return Error::io(fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
    }
    Status status = keep_private(fd, file);
    ::close(fd);
    return status;
}

}  // namespace grip
