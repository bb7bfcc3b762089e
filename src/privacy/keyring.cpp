#include "privacy/keyring.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <sodium.h>

namespace grip::privacy {
namespace {

void derive(Keyring::Key& out, const Keyring::Key& master, uint64_t id) {
    crypto_kdf_derive_from_key(out.data(), out.size(), id, "grip-key", master.data());
}

std::filesystem::path data_dir() {
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::filesystem::path(x) / "grip";
    if (const char* h = std::getenv("HOME"); h && *h) return std::filesystem::path(h) / ".local/share/grip";
    return std::filesystem::current_path();
}

std::string why(int error) {
    if (error == ENOSPC || error == EDQUOT)
        return "the disk is full: free some space on it (or choose a key file on another disk) and try again";
    return std::strerror(error);
}

// Writes a new key file whole or not at all: into a temporary file in the
// same folder (mode 0600), flushed to disk, then linked under its name and
// the folder flushed. A store created on a full disk once left a 0-byte key
// file behind, which Grip then refused as "not a Grip key". link() rather
// than rename(): a key file made meanwhile by another process is never
// replaced (the store it belongs to would be lost). A key rotation replaces
// the file it read under its lock: rename() then, which is as atomic.
enum class Replace { No, Yes };

Status write_key_file(const std::filesystem::path& file, std::string_view hex, Replace replace) {
    const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
    std::string tmp = (folder / ("." + file.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) return Error::io(fmt::format("cannot create key file {}: {}", file.string(), why(errno)));
    const auto fail = [&](std::string_view doing) {
        const int error = errno;
        ::unlink(tmp.c_str());
        return Error::io(fmt::format("cannot {} key file {}: {}", doing, file.string(), why(error)));
    };
    size_t done = 0;
    while (done < hex.size()) {
        const ssize_t n = ::write(fd, hex.data() + done, hex.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = ENOSPC;
            ::close(fd);
            return fail("write");
        }
        done += static_cast<size_t>(n);
    }
    if (::fchmod(fd, 0600) != 0 || ::fsync(fd) != 0) {
        ::close(fd);
        return fail("write");
    }
    if (::close(fd) != 0) return fail("write");
    if (replace == Replace::Yes) {
        if (::rename(tmp.c_str(), file.c_str()) != 0) return fail("replace");
    } else {
        if (::link(tmp.c_str(), file.c_str()) != 0) return fail("create");
        ::unlink(tmp.c_str());
    }
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return Error::io(fmt::format("cannot open the folder of key file {}: {}", file.string(), why(errno)));
    const int synced = ::fsync(dir);
    const int error = errno;
    ::close(dir);
    if (synced != 0) return Error::io(fmt::format("cannot write key file {}: {}", file.string(), why(error)));
    return ok_status();
}

// A sealed value: a header of a format byte and the key's id (4 bytes, most
// significant first), then the nonce, the MAC and the cipher text. Values
// sealed before key ids have no header; as their first byte is random, one in
// 256 of them starts like a header, so a value is tried as headed first and
// then as one without (the MAC tells which is right).
constexpr unsigned char kSealFormat = 0x01;
constexpr size_t kHeaderSize = 5;
constexpr uint32_t kMasterSealKey = 1;
constexpr std::string_view kFileHeader = "grip-key-file 2";

std::string hex_of(const Keyring::Key& key) {
    std::string hex(Keyring::kKeySize * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
    hex.pop_back();
    return hex;
}

bool key_of_hex(std::string_view hex, Keyring::Key& key) {
    size_t len = 0;
    return hex.size() == Keyring::kKeySize * 2 &&
           sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) == 0 &&
           len == Keyring::kKeySize;
}

// The key file's contents. A file from before key ids is one line, the
// master key; it reads as the master key with its own seal key, id 1.
struct KeyFile {
    Keyring::Key master{};
    struct Seal {
        uint32_t id = 0;
        Keyring::Key key{};
        bool from_master = false;
    };
    std::vector<Seal> seals;
    uint32_t current = kMasterSealKey;
};

// A seal key's id, 1 or more; 0 when `text` is not one.
uint32_t id_of(std::string_view text) {
    uint32_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    return ec == std::errc() && end == text.data() + text.size() ? id : 0;
}

Result<KeyFile> read_key_file(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
        return Error::invalid(fmt::format("key file {} is readable by others: chmod 600 it", file.string()));
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    if (lines.empty() && st.st_size == 0)
        return Error::invalid(fmt::format(
            "key file {} is empty (its making was cut off, by a full disk or a crash): if no store was written "
            "with it, remove it and Grip makes a new one",
            file.string()));
    const auto not_grip = [&] {
        return Error::invalid(fmt::format("key file {} is not a Grip key (64 hexadecimal digits)", file.string()));
    };
    KeyFile out;
    if (lines.empty()) return not_grip();
    if (lines[0] != kFileHeader) {
        if (lines.size() != 1 || !key_of_hex(lines[0], out.master)) return not_grip();
        out.seals.push_back({kMasterSealKey, {}, true});
        return out;
    }
    const auto bad = [&](std::string_view why) {
        return Error::invalid(fmt::format("key file {} is damaged: {}", file.string(), why));
    };
    bool has_master = false, has_current = false;
    for (size_t i = 1; i < lines.size(); ++i) {
        std::istringstream words(lines[i]);
        std::string what, a, b;
        words >> what >> a >> b;
        if (what == "master" && key_of_hex(a, out.master) && b.empty()) {
            has_master = true;
        } else if (what == "seal") {
            KeyFile::Seal seal;
            seal.id = id_of(a);
            if (seal.id == 0) return bad("a seal key without an id from 1 to 4294967295");
            if (b == "master" && seal.id == kMasterSealKey) seal.from_master = true;
            else if (!key_of_hex(b, seal.key)) return bad("a seal key is not 64 hexadecimal digits");
            for (const auto& other : out.seals)
                if (other.id == seal.id) return bad("two seal keys have the same id");
            out.seals.push_back(seal);
        } else if (what == "current" && b.empty()) {
            out.current = id_of(a);
            has_current = out.current != 0;
        } else {
            return bad(fmt::format("line {} is not understood", i + 1));
        }
    }
    if (!has_master) return bad("no master key");
    if (!has_current ||
        std::none_of(out.seals.begin(), out.seals.end(), [&](const KeyFile::Seal& k) { return k.id == out.current; }))
        return bad("its current seal key is not in it");
    return out;
}

std::string format_key_file(const KeyFile& keys) {
    std::string out = fmt::format("{}\nmaster {}\n", kFileHeader, hex_of(keys.master));
    for (const auto& seal : keys.seals)
        out += fmt::format("seal {} {}\n", seal.id, seal.from_master ? "master" : hex_of(seal.key));
    out += fmt::format("current {}\n", keys.current);
    return out;
}

// Changes to a key file are one at a time: each holds an exclusive lock on a
// file beside it (the key file itself is replaced, so its own lock would not
// hold) while it reads and replaces the key file.
class KeyFileLock {
public:
    static Result<KeyFileLock> take(const std::filesystem::path& file) {
        const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
        const std::filesystem::path lock = folder / ("." + file.filename().string() + ".lock");
        const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return Error::io(fmt::format("cannot lock key file {}: {}", file.string(), why(errno)));
        while (::flock(fd, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            return Error::io(fmt::format("cannot lock key file {}: {}", file.string(), why(error)));
        }
        return KeyFileLock(fd);
    }
    KeyFileLock(KeyFileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    KeyFileLock& operator=(KeyFileLock&&) = delete;
    ~KeyFileLock() {
        if (fd_ >= 0) ::close(fd_);
    }

private:
    explicit KeyFileLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace

Keyring Keyring::from_master(const Key& master) {
    Keyring k;
    randombytes_buf(k.nonce_prefix_.data(), k.nonce_prefix_.size());
    k.nonce_counter_ = std::make_shared<std::atomic<uint64_t>>(0);
    derive(k.pseudonym_key_, master, 1);
    derive(k.content_key_, master, 2);
    crypto_kdf_derive_from_key(k.log_key_.data(), k.log_key_.size(), 1, "griplog_", master.data());
    auto keys = std::make_shared<SealKeys>();
    SealKey seal{kMasterSealKey, {}, true};
    derive(seal.key, master, 3);
    keys->keys.push_back(seal);
    keys->current = kMasterSealKey;
    k.seal_ = std::make_shared<SealState>();
    k.seal_->keys = std::move(keys);
    return k;
}

namespace {

// What tells that a key file was replaced: a rotation renames a new file
// over it (a new inode), and the time and size change too.
std::array<int64_t, 4> identity_of(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return {};
    return {static_cast<int64_t>(st.st_ino), static_cast<int64_t>(st.st_size), static_cast<int64_t>(st.st_mtim.tv_sec),
            static_cast<int64_t>(st.st_mtim.tv_nsec)};
}

// The seal keys of a key file's contents.
std::vector<std::pair<uint32_t, Keyring::Key>> seal_keys_of(const KeyFile& file) {
    std::vector<std::pair<uint32_t, Keyring::Key>> out;
    for (const auto& seal : file.seals) {
        Keyring::Key key = seal.key;
        if (seal.from_master) derive(key, file.master, 3);
        out.emplace_back(seal.id, key);
    }
    return out;
}

}  // namespace

Result<Keyring> Keyring::open(const std::filesystem::path& file, CreateIfMissing create) {
    if (sodium_init() < 0) return Error::io("libsodium could not be initialised");
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        if (create == CreateIfMissing::No)
            return Error::not_found(fmt::format("key file {} does not exist", file.string()));
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
        Key master{};
        randombytes_buf(master.data(), master.size());
        // A new key file keeps the format of one line: its one seal key is
        // the master key's own (id 1) until the first rotation.
        TRY(write_key_file(file, hex_of(master) + "\n", Replace::No));
        Keyring k = from_master(master);
        k.seal_->file = file;
        k.seal_->identity = identity_of(file);
        return k;
    }
    const auto identity = identity_of(file);
    const KeyFile contents = TRY(read_key_file(file));
    Keyring k = from_master(contents.master);
    k.seal_->identity = identity;
    auto keys = std::make_shared<SealKeys>();
    const auto material = seal_keys_of(contents);
    for (size_t i = 0; i < material.size(); ++i)
        keys->keys.push_back({material[i].first, material[i].second, contents.seals[i].from_master});
    keys->current = contents.current;
    k.seal_->keys = std::move(keys);
    k.seal_->file = file;
    return k;
}

Result<uint32_t> Keyring::add_seal_key(const std::filesystem::path& file) {
    if (sodium_init() < 0) return Error::io("libsodium could not be initialised");
    auto lock = TRY(KeyFileLock::take(file));
    KeyFile contents = TRY(read_key_file(file));
    KeyFile::Seal seal;
    for (const auto& other : contents.seals) seal.id = std::max(seal.id, other.id);
    if (seal.id == UINT32_MAX) return Error::invalid("the key file has no seal key ids left");
    ++seal.id;
    randombytes_buf(seal.key.data(), seal.key.size());
    contents.seals.push_back(seal);
    contents.current = seal.id;
    TRY(write_key_file(file, format_key_file(contents), Replace::Yes));
    return seal.id;
}

Status Keyring::retire_seal_keys(const std::filesystem::path& file, const std::vector<uint32_t>& ids) {
    auto lock = TRY(KeyFileLock::take(file));
    KeyFile contents = TRY(read_key_file(file));
    for (uint32_t id : ids)
        if (id == contents.current) return Error::invalid("the current seal key cannot be retired");
    std::erase_if(contents.seals,
                  [&](const KeyFile::Seal& seal) { return std::find(ids.begin(), ids.end(), seal.id) != ids.end(); });
    return write_key_file(file, format_key_file(contents), Replace::Yes);
}

std::shared_ptr<const Keyring::SealKeys> Keyring::sealing() const {
    std::lock_guard lock(seal_->mutex);
    return seal_->keys;
}

void Keyring::refresh() const {
    if (!seal_) return;
    std::array<int64_t, 4> known{};
    std::filesystem::path file;
    {
        std::lock_guard lock(seal_->mutex);
        file = seal_->file;
        known = seal_->identity;
    }
    if (!file.empty() && identity_of(file) != known) (void)reload();
}

bool Keyring::reload() const {
    std::filesystem::path file;
    {
        std::lock_guard lock(seal_->mutex);
        file = seal_->file;
    }
    if (file.empty()) return false;
    const auto identity = identity_of(file);
    auto contents = read_key_file(file);
    // The pseudonyms must stay what they are: a key file with another master
    // key is not this key ring's.
    if (!contents ||
        sodium_memcmp(pseudonym_key_.data(), from_master(contents->master).pseudonym_key_.data(), kKeySize) != 0)
        return false;
    auto keys = std::make_shared<SealKeys>();
    const auto material = seal_keys_of(*contents);
    for (size_t i = 0; i < material.size(); ++i)
        keys->keys.push_back({material[i].first, material[i].second, contents->seals[i].from_master});
    keys->current = contents->current;
    std::lock_guard lock(seal_->mutex);
    seal_->keys = std::move(keys);
    seal_->identity = identity;
    return true;
}

std::array<unsigned char, 16> Keyring::pseudonym(std::string_view domain, std::string_view value) const {
    std::array<unsigned char, 16> out{};
    crypto_generichash_state st;
    crypto_generichash_init(&st, pseudonym_key_.data(), pseudonym_key_.size(), out.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(domain.data()), domain.size());
    const unsigned char sep = 0;
    crypto_generichash_update(&st, &sep, 1);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(value.data()), value.size());
    crypto_generichash_final(&st, out.data(), out.size());
    return out;
}

std::array<unsigned char, 16> Keyring::content_hash(std::string_view canonical) const {
    std::array<unsigned char, 16> out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(canonical.data()),
                       canonical.size(), content_key_.data(), content_key_.size());
    return out;
}

std::string Keyring::seal(std::string_view plain) const {
    static_assert(16 + sizeof(uint64_t) == crypto_secretbox_NONCEBYTES, "nonce = prefix + counter");
    const auto keys = sealing();
    const SealKey* key = nullptr;
    for (const auto& k : keys->keys)
        if (k.id == keys->current) key = &k;
    std::string out(kHeaderSize + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
    auto* header = reinterpret_cast<unsigned char*>(out.data());
    header[0] = kSealFormat;
    for (int i = 0; i < 4; ++i) header[1 + i] = static_cast<unsigned char>(key->id >> (24 - 8 * i));
    auto* nonce = header + kHeaderSize;
    // A random prefix per key ring and a counter: unique nonces without a
    // system call per record.
    std::memcpy(nonce, nonce_prefix_.data(), nonce_prefix_.size());
    const uint64_t n = nonce_counter_->fetch_add(1);
    std::memcpy(nonce + nonce_prefix_.size(), &n, sizeof n);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                          plain.size(), nonce, key->key.data());
    return out;
}

namespace {

// Opens a nonce, MAC and cipher text with one key.
std::optional<std::string> open_box(std::string_view box, const Keyring::Key& key) {
    if (box.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
    const auto* nonce = reinterpret_cast<const unsigned char*>(box.data());
    std::string out(box.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), nonce + crypto_secretbox_NONCEBYTES,
                                   box.size() - crypto_secretbox_NONCEBYTES, nonce, key.data()) != 0)
        return std::nullopt;
    return out;
}

// The key id a value's header names, if it has one.
std::optional<uint32_t> header_key(std::string_view sealed) {
    if (sealed.size() < kHeaderSize + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES ||
        static_cast<unsigned char>(sealed[0]) != kSealFormat)
        return std::nullopt;
    uint32_t id = 0;
    for (size_t i = 1; i < kHeaderSize; ++i) id = (id << 8) | static_cast<unsigned char>(sealed[i]);
    return id;
}

}  // namespace

Result<std::string> Keyring::open_with(const SealKeys& keys, std::string_view sealed, SealedBy* by) const {
    const auto find = [&](uint32_t id) -> const SealKey* {
        for (const auto& k : keys.keys)
            if (k.id == id) return &k;
        return nullptr;
    };
    const auto named = header_key(sealed);
    if (named) {
        if (const SealKey* key = find(*named)) {
            if (auto plain = open_box(sealed.substr(kHeaderSize), key->key)) {
                if (by) *by = {*named, true};
                return std::move(*plain);
            }
        }
    }
    if (const SealKey* key = find(kMasterSealKey)) {
        if (auto plain = open_box(sealed, key->key)) {
            if (by) *by = {kMasterSealKey, true};
            return std::move(*plain);
        }
    }
    if (by) *by = {named.value_or(kMasterSealKey), false};
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return Error::invalid("sealed data is too short");
    return Error::invalid("sealed data does not open with this key file");
}

Result<std::string> Keyring::unseal(std::string_view sealed) const {
    SealedBy by;
    auto plain = open_with(*sealing(), sealed, &by);
    // A key id this key ring does not know may have been added to the key
    // file since it was read (a rotation while the server runs).
    if (!plain && header_key(sealed) && reload()) return open_with(*sealing(), sealed, nullptr);
    return plain;
}

Result<std::string> Keyring::unseal(std::string_view sealed, SealedBy& by) const {
    return open_with(*sealing(), sealed, &by);
}

SealedBy Keyring::sealed_by(std::string_view sealed) const {
    SealedBy by;
    (void)open_with(*sealing(), sealed, &by);
    return by;
}

uint32_t Keyring::current_seal_key() const { return sealing()->current; }

std::vector<SealKeyInfo> Keyring::seal_keys() const {
    const auto keys = sealing();
    std::vector<SealKeyInfo> out;
    for (const auto& k : keys->keys) out.push_back({k.id, k.id == keys->current, k.from_master});
    return out;
}

std::string Keyring::check_value() const {
    const auto h = pseudonym("key-check", "grip");
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h.data(), 8);
    return hex;
}

std::filesystem::path default_key_file() {
    if (const char* env = std::getenv("GRIP_KEY_FILE"); env && *env) return env;
    return data_dir() / "grip.key";
}

std::filesystem::path default_db_file() {
    if (const char* env = std::getenv("GRIP_DB"); env && *env) return env;
    return data_dir() / "grip.db";
}

}  // namespace grip::privacy
