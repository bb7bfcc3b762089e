// Files with personal data or keys are readable by their owner only (issue
// 14, hole 7): the SQLite store with its -wal and -shm files, the key file
// and the processing log are made with mode 0600 whatever the umask, and
// files an earlier version left readable by others are tightened when Grip
// opens them. The store files are SQLite's (a PostgreSQL store's files are
// the server's), so those tests use a SQLite path on both runs.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "privacy/keyring.h"
#include "privacy/processing_log.h"
#include "storage/store.h"
#include "test_support.h"

namespace grip::testing {
namespace {

mode_t mode_of(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return 0;
    return st.st_mode & 0777;
}

// Sets the umask for the test and puts the old one back.
class Umask {
public:
    explicit Umask(mode_t mask) : old_(::umask(mask)) {}
    ~Umask() { ::umask(old_); }

private:
    mode_t old_;
};

records::Record an_activity() {
    records::Record r;
    r.kind = records::Kind::Activity;
    r.id = "A1";
    r.fields = {{"id", "A1"}, {"type", "huisbezoek"}, {"date", "2024-01-02"}};
    return r;
}

TEST(FileModes, ANewSqliteStoreAndItsWalAndShmFilesAreReadableByTheOwnerOnly) {
    TempDir dir;
    const Umask mask(022);
    const auto file = dir / "store.db";
    auto store = storage::open_store(file.string(), "GM0599");
    ASSERT_TRUE(store) << store.error().message;
    // A write inside a transaction, so that SQLite makes its -wal and -shm files.
    ASSERT_TRUE((*store)->begin());
    ASSERT_TRUE((*store)->write(an_activity(), {}));
    ASSERT_TRUE((*store)->commit());
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const auto path = file.string() + suffix;
        ASSERT_TRUE(std::filesystem::exists(path)) << path;
        EXPECT_EQ(mode_of(path), 0600u) << path;
    }
}

TEST(FileModes, AStoreLeftReadableByOthersIsTightenedWhenOpened) {
    TempDir dir;
    const auto file = dir / "store.db";
    { ASSERT_TRUE(storage::open_store(file.string(), "GM0599")); }
    ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
    std::ofstream(file.string() + "-wal").flush();  // a -wal file of an earlier version, empty
    ASSERT_EQ(::chmod((file.string() + "-wal").c_str(), 0644), 0);

    auto store = storage::open_store(file.string(), "GM0599");
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(mode_of(file), 0600u);
    EXPECT_EQ(mode_of(file.string() + "-wal"), 0600u);
}

TEST(FileModes, TheKeyFileIsMadeReadableByTheOwnerOnlyWhateverTheUmask) {
    TempDir dir;
    const Umask mask(0);
    auto keys = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::Yes);
    ASSERT_TRUE(keys) << keys.error().message;
    EXPECT_EQ(mode_of(dir / "grip.key"), 0600u);
    // Written whole through a temporary file, which is gone.
    size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 1u);
    EXPECT_TRUE(privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::No));
}

TEST(FileModes, TheProcessingLogIsMadeAndKeptReadableByTheOwnerOnly) {
    TempDir dir;
    const Umask mask(0);
    auto keys = privacy::Keyring::open(dir / "grip.key", privacy::CreateIfMissing::Yes);
    ASSERT_TRUE(keys) << keys.error().message;
    const auto file = dir / "processing.log";
    {
        auto log = privacy::ProcessingLog::open(file, *keys);
        ASSERT_TRUE(log) << log.error().message;
    }
    EXPECT_EQ(mode_of(file), 0600u);
    ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
    auto log = privacy::ProcessingLog::open(file, *keys);
    ASSERT_TRUE(log) << log.error().message;
    EXPECT_EQ(mode_of(file), 0600u);
}

}  // namespace
}  // namespace grip::testing
