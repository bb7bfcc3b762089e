#include "auth/secrets.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace grip::auth {
namespace {

constexpr size_t kTokenBytes = 32;

struct Limits {
    unsigned long long ops;
    size_t mem;
};

Limits limits(PasswordCost cost) {
    if (cost == PasswordCost::Minimum) return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

// crypto_pwhash_str_verify reads a C string of at most STRBYTES.
bool as_c_string(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>& out) {
    if (hash.size() >= out.size() || hash.find('\0') != std::string_view::npos) return false;
    out.fill('\0');
    hash.copy(out.data(), hash.size());
    return true;
}

}  // namespace

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string random_token() {
    ensure_sodium();
    std::array<unsigned char, kTokenBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)> text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
    sodium_memzero(bytes.data(), bytes.size());
    return std::string(text.data());
}

std::string token_hash(std::string_view token) {
    ensure_sodium();
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data());
}

Result<std::string> hash_password(std::string_view password, PasswordCost cost) {
    ensure_sodium();
    const Limits l = limits(cost);
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), l.ops, l.mem) != 0)
        return Error::io("hashing the password failed: not enough memory for Argon2id");
    return std::string(out.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
    ensure_sodium();
    std::array<char, crypto_pwhash_STRBYTES> str{};
    if (!as_c_string(hash, str)) return false;
    return crypto_pwhash_str_verify(str.data(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view hash, PasswordCost cost) {
    ensure_sodium();
    std::array<char, crypto_pwhash_STRBYTES> str{};
    if (!as_c_string(hash, str)) return true;
    const Limits l = limits(cost);
    return crypto_pwhash_str_needs_rehash(str.data(), l.ops, l.mem) != 0;
}

bool equal_secrets(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace grip::auth
