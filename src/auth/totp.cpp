#include "auth/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

namespace grip::auth::totp {
namespace {

// liboath wants oath_init once before use; it is cheap and idempotent after.
void ensure_oath() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (oath_init() != OATH_OK) throw std::runtime_error("liboath does not initialise");
    });
}

// Letters, digits and the few marks a URI's path and query take as they
// are; everything else percent-encoded (Boost.URL).
std::string uri_escape(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

}  // namespace

std::string new_secret() {
    std::string secret(kSecretBytes, '\0');
    randombytes_buf(secret.data(), secret.size());
    return secret;
}

std::string base32(std::string_view secret) {
    ensure_oath();
    char* out = nullptr;
    size_t length = 0;
    if (oath_base32_encode(secret.data(), secret.size(), &out, &length) != OATH_OK)
        throw std::runtime_error("liboath cannot encode base32");
    std::string text(out, length);
    std::free(out);
    // The apps take the secret without the padding.
    while (!text.empty() && text.back() == '=') text.pop_back();
    return text;
}

Result<std::string> from_base32(std::string_view text) {
    ensure_oath();
    std::string clean;
    for (char c : text) {
        if (c == ' ' || c == '=') continue;
        clean += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    while (clean.size() % 8 != 0) clean += '=';
    char* out = nullptr;
    size_t length = 0;
    if (oath_base32_decode(clean.data(), clean.size(), &out, &length) != OATH_OK)
        return Error::invalid("not a base32 secret");
    std::string secret(out, length);
    sodium_memzero(out, length);
    std::free(out);
    return secret;
}

std::string code_at(std::string_view secret, int64_t unix_seconds) {
    ensure_oath();
    char code[kDigits + 1] = {};
    if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kStepSeconds, 0, kDigits,
                           code) != OATH_OK)
        throw std::runtime_error("liboath cannot make a TOTP code");
    return std::string(code, kDigits);
}

std::optional<int64_t> matching_step(std::string_view secret, std::string_view code, int64_t now) {
    if (code.size() != kDigits) return std::nullopt;
    for (char c : code)
        if (c < '0' || c > '9') return std::nullopt;
    ensure_oath();
    const std::string otp(code);
    int position = 0;
    uint64_t counter = 0;
    const int found = oath_totp_validate3(secret.data(), secret.size(), static_cast<time_t>(now), kStepSeconds, 0,
                                          kWindow, &position, &counter, otp.c_str());
    if (found < 0) return std::nullopt;
    return static_cast<int64_t>(counter);
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret) {
    return fmt::format("otpauth://totp/{0}:{1}?secret={2}&issuer={0}&algorithm=SHA1&digits={3}&period={4}",
                       uri_escape(issuer), uri_escape(account), base32(secret), kDigits, kStepSeconds);
}

Result<std::vector<std::string>> qr_modules(std::string_view text) {
    const std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8,
                                                                             1),
                                                         &QRcode_free);
    if (!code) return Error::invalid("the text does not fit in a QR code");
    std::vector<std::string> rows;
    const int width = code->width;
    for (int y = 0; y < width; ++y) {
        std::string row(static_cast<size_t>(width), '0');
        for (int x = 0; x < width; ++x)
            if (code->data[y * width + x] & 1) row[static_cast<size_t>(x)] = '1';
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace grip::auth::totp
