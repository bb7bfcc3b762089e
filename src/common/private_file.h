#pragma once
// Files that hold personal data or keys (the SQLite store with its -wal and
// -shm files, the key file, the processing log) are readable by their owner
// only: mode 0600, whatever the umask. A file made by an earlier version, or
// copied in with a wider mode, is tightened when Grip opens it, with a
// warning in the log.

#include <filesystem>

#include "common/result.h"

namespace grip {

// Makes `file` (when it does not exist yet) empty with mode 0600, so that
// whoever opens it next (SQLite) keeps that mode.
Status create_private_file(const std::filesystem::path& file);

// Takes the group's and others' permissions off `file`, if it exists and has
// any, and says so in the log. The descriptor form does it on an open file.
Status keep_private(const std::filesystem::path& file);
Status keep_private(int fd, const std::filesystem::path& file);

}  // namespace grip
