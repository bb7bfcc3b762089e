#include "privacy/keyring.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) return Error::io(fmt::format("cannot create key file {}: {}", file.string(), std::strerror(errno)));
        const std::string hex = [&] {
            std::string h(kKeySize * 2 + 1, '\0');
            sodium_bin2hex(h.data(), h.size(), master.data(), master.size());
            h.pop_back();
            return h + "\n";
        }();
        const bool written = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
        ::close(fd);
        if (!written) return Error::io(fmt::format("cannot write key file {}", file.string()));
        return from_master(master);
    }
    struct stat st{};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
        return Error::invalid(fmt::format("key file {} is readable by others: chmod 600 it", file.string()));
    std::ifstream in(file);
    std::string hex;
    std::getline(in, hex);
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
