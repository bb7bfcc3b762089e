#pragma once
// The secret keys of an installation. They live in a key file outside the
// database (created on first use, mode 0600), so that a copy of the database
// alone cannot link pseudonyms back to BSNs or read sealed personal data.

#include <array>
#include <atomic>
#include <memory>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace grip::privacy {

enum class CreateIfMissing { No, Yes };

class Keyring {
public:
    static constexpr size_t kKeySize = 32;
    using Key = std::array<unsigned char, kKeySize>;

    static Result<Keyring> open(const std::filesystem::path& file, CreateIfMissing create);
    static Keyring from_master(const Key& master);

    // A keyed hash (BLAKE2b, 128 bits) of a value, in a domain so that the
    // pseudonym of a BSN never equals that of an address with the same text.
    std::array<unsigned char, 16> pseudonym(std::string_view domain, std::string_view value) const;
    // A keyed hash of a record's content, to see that a delivery repeats it.
    std::array<unsigned char, 16> content_hash(std::string_view canonical) const;
    // Authenticated encryption (XSalsa20-Poly1305) with a random nonce.
    std::string seal(std::string_view plain) const;
    Result<std::string> unseal(std::string_view sealed) const;
    // A value derived from the keys that the store keeps, to tell a wrong key file.
    std::string check_value() const;
    // The key of the processing log's keyed hash chain (its own KDF context,
    // so that it never equals a key used for pseudonyms or sealing).
    Key log_key() const { return log_key_; }

private:
    Key pseudonym_key_{};
    Key content_key_{};
    Key seal_key_{};
    Key log_key_{};
    std::array<unsigned char, 16> nonce_prefix_{};
    std::shared_ptr<std::atomic<uint64_t>> nonce_counter_;
};

// $GRIP_KEY_FILE, else grip.key in the user's data directory.
std::filesystem::path default_key_file();
// $GRIP_DB, else grip.db in the user's data directory ($XDG_DATA_HOME/grip).
std::filesystem::path default_db_file();

}  // namespace grip::privacy
