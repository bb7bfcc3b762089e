#pragma once
// The secret keys of an installation. They live in a key file outside the
// database (created on first use, mode 0600), so that a copy of the database
// alone cannot link pseudonyms back to BSNs or read sealed personal data.
//
// The key file holds a master key, from which the pseudonym, content and log
// keys are derived (they never change: a BSN's pseudonym cannot be made again
// without the BSN, and the logs' chains are keyed), and one or more seal keys
// by id. The current seal key seals; every known one unseals. A sealed value
// names its key in a small header; values sealed before there were key ids
// have no header and are key 1, the one derived from the master key. `grip key
// rotate` adds a seal key and seals every value again under it (see
// docs/security.md).

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace grip::privacy {

enum class CreateIfMissing { No, Yes };

// A seal key as the key file lists it (never the key itself).
struct SealKeyInfo {
    uint32_t id = 0;
    bool current = false;      // the key that seals
    bool from_master = false;  // key 1 of a key file from before key ids: derived from the master key
};

// Which key sealed a value: the id of the known key that opens it (`known`),
// else the id its header names (1 for a value without one).
struct SealedBy {
    uint32_t id = 0;
    bool known = false;
};

class Keyring {
public:
    static constexpr size_t kKeySize = 32;
    using Key = std::array<unsigned char, kKeySize>;

    static Result<Keyring> open(const std::filesystem::path& file, CreateIfMissing create);
    // A key ring with the master key's own seal key (id 1) only.
    static Keyring from_master(const Key& master);

    // Key rotation (`grip key rotate`), on the key file itself: each takes the
    // file's lock, reads it, and replaces it whole (written to a temporary
    // file first, mode 0600). add_seal_key adds a random seal key with the
    // next id and makes it current; it returns the new id. retire_seal_keys
    // forgets the given keys (never the current one): what they sealed can no
    // longer be opened with this file.
    static Result<uint32_t> add_seal_key(const std::filesystem::path& file);
    static Status retire_seal_keys(const std::filesystem::path& file, const std::vector<uint32_t>& ids);

    // A keyed hash (BLAKE2b, 128 bits) of a value, in a domain so that the
    // pseudonym of a BSN never equals that of an address with the same text.
    std::array<unsigned char, 16> pseudonym(std::string_view domain, std::string_view value) const;
    // A keyed hash of a record's content, to see that a delivery repeats it.
    std::array<unsigned char, 16> content_hash(std::string_view canonical) const;
    // Authenticated encryption (XSalsa20-Poly1305) with a random nonce,
    // under the current seal key, whose id the result's header names.
    std::string seal(std::string_view plain) const;
    // Opens a value sealed under any known seal key. A value under a key id
    // this key ring does not know makes it read its key file again once (a
    // running server meets values that `grip key rotate` sealed anew).
    Result<std::string> unseal(std::string_view sealed) const;
    // The same, and which key sealed it (see SealedBy), without reading the
    // key file again.
    Result<std::string> unseal(std::string_view sealed, SealedBy& by) const;
    SealedBy sealed_by(std::string_view sealed) const;
    // Reads the key file again if it was replaced since it was read (one
    // stat): the server's writer calls it before each batch, so that it seals
    // under the current key after a rotation, before the old one is retired.
    void refresh() const;
    uint32_t current_seal_key() const;
    std::vector<SealKeyInfo> seal_keys() const;
    // A value derived from the keys that the store keeps, to tell a wrong key file.
    std::string check_value() const;
    // The key of the processing log's keyed hash chain (its own KDF context,
    // so that it never equals a key used for pseudonyms or sealing).
    Key log_key() const { return log_key_; }

private:
    struct SealKey {
        uint32_t id = 0;
        Key key{};
        bool from_master = false;
    };
    // The seal keys, shared by the copies of a key ring and replaced whole
    // when the key file is read again.
    struct SealKeys {
        std::vector<SealKey> keys;
        uint32_t current = 0;
    };
    struct SealState {
        std::mutex mutex;
        std::shared_ptr<const SealKeys> keys;
        std::filesystem::path file;         // empty: not from a file
        std::array<int64_t, 4> identity{};  // the file's inode, size and time as read
    };
    std::shared_ptr<const SealKeys> sealing() const;
    Result<std::string> open_with(const SealKeys& keys, std::string_view sealed, SealedBy* by) const;
    bool reload() const;

    Key pseudonym_key_{};
    Key content_key_{};
    Key log_key_{};
    std::shared_ptr<SealState> seal_;
    std::array<unsigned char, 16> nonce_prefix_{};
    std::shared_ptr<std::atomic<uint64_t>> nonce_counter_;
};

// $GRIP_KEY_FILE, else grip.key in the user's data directory.
std::filesystem::path default_key_file();
// $GRIP_DB, else grip.db in the user's data directory ($XDG_DATA_HOME/grip).
std::filesystem::path default_db_file();

}  // namespace grip::privacy
