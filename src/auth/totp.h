#pragma once
// Time-based one-time passwords (RFC 6238) as authenticator apps make them:
// HMAC-SHA1, 30-second steps from the Unix epoch, 6 digits. The arithmetic is
// oath-toolkit's (liboath); this file holds the choices around it: the
// secret's size, the window of steps a code may come from, and the otpauth://
// URI and QR code that hand the secret to an app.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace grip::auth::totp {

inline constexpr unsigned kStepSeconds = 30;
inline constexpr unsigned kDigits = 6;
// A code of the step before or after the current one is accepted too: the
// phone's clock and the typing take time (RFC 6238 section 5.2 allows one).
inline constexpr unsigned kWindow = 1;
inline constexpr size_t kSecretBytes = 20;  // 160 bits, the size of an HMAC-SHA1 key (RFC 4226 section 4)

// A new random secret (raw bytes).
std::string new_secret();
// The secret as the apps take it: RFC 4648 base32 without padding.
std::string base32(std::string_view secret);
// The raw secret of a base32 text (spaces and lower case allowed), or Invalid.
Result<std::string> from_base32(std::string_view text);

// The step a time falls in.
inline int64_t step_of(int64_t unix_seconds) { return unix_seconds / kStepSeconds; }

// The code of the step that `unix_seconds` falls in.
std::string code_at(std::string_view secret, int64_t unix_seconds);

// The step of the code when `code` is the code of a step within kWindow of
// `now`'s, else nullopt. Anything but six digits is never a code.
std::optional<int64_t> matching_step(std::string_view secret, std::string_view code, int64_t now);

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// (the key URI format of Google Authenticator, which the apps share).
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret);

// The QR code of a text (error correction M) as rows of '1' (dark) and '0'
// (light) modules, without the quiet zone: the web interface draws it.
Result<std::vector<std::string>> qr_modules(std::string_view text);

}  // namespace grip::auth::totp
