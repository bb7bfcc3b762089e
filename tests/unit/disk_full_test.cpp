// A full disk (issue 14, hole 16): the store says that the disk is full and
// what to do, instead of "disk I/O error", and a key file made on a full disk
// is written whole or not at all (a 0-byte key file was once left behind,
// which Grip then refused as "not a Grip key"). On a small tmpfs the test
// mounts (tests run as root in CI); skipped where mounting is not allowed.
// The store is a SQLite file on both runs: a PostgreSQL store's disk is the
// server's.

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "privacy/keyring.h"
#include "storage/store.h"
#include "test_support.h"

namespace grip::testing {
namespace {

// A tmpfs of `bytes` mounted on a temporary folder, unmounted at the end.
class SmallDisk {
public:
    explicit SmallDisk(size_t bytes) {
        const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
        if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) mounted_ = true;
        else why_ = std::strerror(errno);
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    const std::string& why() const { return why_; }
    std::filesystem::path operator/(const std::string& name) const { return dir_ / name; }

    // Writes a file until the disk has no room left.
    void fill() const {
        std::ofstream out(dir_ / "filler", std::ios::binary);
        const std::string block(4096, 'x');
        while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
        }
    }

private:
    TempDir dir_;
    bool mounted_ = false;
    std::string why_;
};

#define GRIP_SMALL_DISK(disk, bytes) \
    SmallDisk disk(bytes);           \
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs for a small disk (needs root): " << disk.why()

TEST(DiskFull, AKeyFileMadeOnAFullDiskIsNotLeftBehindEmpty) {
    GRIP_SMALL_DISK(disk, 64 * 1024);
    disk.fill();
    auto keys = privacy::Keyring::open(disk / "grip.key", privacy::CreateIfMissing::Yes);
    ASSERT_FALSE(keys);
    EXPECT_NE(keys.error().message.find("the disk is full"), std::string::npos) << keys.error().message;
    EXPECT_FALSE(std::filesystem::exists(disk / "grip.key"));

    // With room again, the key file is made as if nothing had happened.
    std::filesystem::remove(disk / "filler");
    auto made = privacy::Keyring::open(disk / "grip.key", privacy::CreateIfMissing::Yes);
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_TRUE(privacy::Keyring::open(disk / "grip.key", privacy::CreateIfMissing::No));
}

TEST(DiskFull, AnEmptyKeyFileIsCalledEmptyNotAForeignKey) {
    TempDir dir;
    std::ofstream(dir / "grip.key").flush();
    std::filesystem::permissions(dir / "grip.key",
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto keys = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::Yes);
    ASSERT_FALSE(keys);
    EXPECT_NE(keys.error().message.find("is empty"), std::string::npos) << keys.error().message;
}

TEST(DiskFull, AStoreOnAFullDiskSaysSoAndWhatToDo) {
    GRIP_SMALL_DISK(disk, 8 * 1024 * 1024);
    const auto file = disk / "store.db";
    {
        auto store = storage::open_store(file.string(), "GM0599");
        ASSERT_TRUE(store) << store.error().message;
    }
    // Closed: SQLite removed its -wal and -shm files, which it must make again.
    disk.fill();
    // SQLite opens the file, then cannot grow its shared-memory file: once
    // "store: disk I/O error", with nothing to say what is wrong.
    auto store = storage::open_store(file.string(), "GM0599");
    ASSERT_FALSE(store);
    const std::string& message = store.error().message;
    EXPECT_NE(message.find("disk that holds the store is full"), std::string::npos) << message;
    EXPECT_NE(message.find("free space"), std::string::npos) << message;
}

}  // namespace
}  // namespace grip::testing
