#include "privacy/keyring.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

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
// replaced (the store it belongs to would be lost).
Status write_key_file(const std::filesystem::path& file, std::string_view hex) {
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
    if (::link(tmp.c_str(), file.c_str()) != 0) return fail("create");
    ::unlink(tmp.c_str());
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return Error::io(fmt::format("cannot open the folder of key file {}: {}", file.string(), why(errno)));
    const int synced = ::fsync(dir);
    const int error = errno;
    ::close(dir);
    if (synced != 0) return Error::io(fmt::format("cannot write key file {}: {}", file.string(), why(error)));
    return ok_status();
}

}  // namespace

Keyring Keyring::from_master(const Key& master) {
    Keyring k;
    randombytes_buf(k.nonce_prefix_.data(), k.nonce_prefix_.size());
    k.nonce_counter_ = std::make_shared<std::atomic<uint64_t>>(0);
    derive(k.pseudonym_key_, master, 1);
    derive(k.content_key_, master, 2);
    derive(k.seal_key_, master, 3);
    crypto_kdf_derive_from_key(k.log_key_.data(), k.log_key_.size(), 1, "griplog_", master.data());
    return k;
}

Result<Keyring> Keyring::open(const std::filesystem::path& file, CreateIfMissing create) {
    if (sodium_init() < 0) return Error::io("libsodium could not be initialised");
    Key master{};
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        if (create == CreateIfMissing::No) return Error::not_found(fmt::format("key file {} does not exist", file.string()));
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
        randombytes_buf(master.data(), master.size());
        std::string hex(kKeySize * 2 + 1, '\0');
        sodium_bin2hex(hex.data(), hex.size(), master.data(), master.size());
        hex.back() = '\n';
        TRY(write_key_file(file, hex));
        return from_master(master);
    }
    struct stat st{};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
        return Error::invalid(fmt::format("key file {} is readable by others: chmod 600 it", file.string()));
    std::ifstream in(file);
    std::string hex;
    std::getline(in, hex);
    if (hex.empty() && st.st_size == 0)
        return Error::invalid(fmt::format(
            "key file {} is empty (its making was cut off, by a full disk or a crash): if no store was written "
            "with it, remove it and Grip makes a new one",
            file.string()));
    size_t len = 0;
    if (hex.size() != kKeySize * 2 ||
        sodium_hex2bin(master.data(), master.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
        len != kKeySize)
        return Error::invalid(fmt::format("key file {} is not a Grip key (64 hexadecimal digits)", file.string()));
    return from_master(master);
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
    std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    // A random prefix per key ring and a counter: unique nonces without a
    // system call per record.
    std::memcpy(nonce, nonce_prefix_.data(), nonce_prefix_.size());
    const uint64_t n = nonce_counter_->fetch_add(1);
    std::memcpy(nonce + nonce_prefix_.size(), &n, sizeof n);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                          plain.size(), nonce, seal_key_.data());
    return out;
}

Result<std::string> Keyring::unseal(std::string_view sealed) const {
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return Error::invalid("sealed data is too short");
    const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
    std::string out(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), nonce + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, nonce, seal_key_.data()) != 0)
        return Error::invalid("sealed data does not open with this key file");
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
