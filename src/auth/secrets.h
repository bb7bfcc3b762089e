#pragma once
// Secrets of sign-in: random tokens for sessions and the API, the hashes by
// which the store knows them (never the tokens themselves), and passwords
// hashed with Argon2id. All through libsodium.

#include <string>
#include <string_view>

#include "common/result.h"

namespace grip::auth {

// Initialises libsodium once; throws at start-up if it cannot.
void ensure_sodium();

// 32 random bytes (256 bits) as URL-safe base64 without padding: 43 characters.
std::string random_token();

// The hex BLAKE2b-256 digest of a token, as stored. Tokens are random and
// long, so an unkeyed fast hash is enough: the digest cannot be reversed.
std::string token_hash(std::string_view token);

// What a password hash costs. Interactive is Argon2id with libsodium's
// OPSLIMIT/MEMLIMIT_INTERACTIVE (64 MiB, about 0.2 s); Minimum exists only so
// that tests can sign in a hundred times quickly.
enum class PasswordCost { Interactive, Minimum };

// An Argon2id hash string (crypto_pwhash_str) with its own salt and cost.
Result<std::string> hash_password(std::string_view password, PasswordCost cost = PasswordCost::Interactive);
// Whether the password matches the hash (constant time in the password).
bool verify_password(std::string_view hash, std::string_view password);
// Whether the hash was made with another cost than `cost` (then hash again).
bool needs_rehash(std::string_view hash, PasswordCost cost);

// Compares two secrets in time that depends on their length only.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace grip::auth
