#include "auth/oidc_accounts.h"

#include <sodium.h>

#include "auth/credential_cache.h"
#include "auth/secrets.h"

namespace grip::auth {

std::string oidc_link(std::string_view issuer, std::string_view subject) {
    ensure_sodium();
    // Length-prefixed, so that no other pair of texts gives the same input.
    const std::string input = std::to_string(issuer.size()) + ":" + std::string(issuer) + std::string(subject);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string("oidc$") + hex;
}

Result<std::optional<storage::UserRow>> oidc_account(storage::Store& store, const Clock& clock, std::string_view issuer,
                                                     std::string_view subject, const OidcMapped& mapped) {
    const std::string link = oidc_link(issuer, subject);
    auto user = TRY(store.user_by_name(mapped.username));
    if (!user) {
        storage::UserRow row;
        row.name = mapped.username;
        row.role = mapped.role;
        row.organisation = mapped.organisation;
        row.locations = mapped.locations;
        row.password_hash = link;
        row.kind = storage::UserKind::Person;
        row.created_at = clock.now();
        row.municipality = store.municipality();
        row.id = TRY(store.add_user(row));
        return std::optional<storage::UserRow>(row);
    }
    if (user->password_hash != link || user->disabled || user->kind != storage::UserKind::Person ||
        user->municipality != store.municipality())
        return std::optional<storage::UserRow>();
    if (user->role != mapped.role || user->organisation != mapped.organisation || user->locations != mapped.locations) {
        user->role = mapped.role;
        user->organisation = mapped.organisation;
        user->locations = mapped.locations;
        note_credentials_changed();
        TRY(store.update_user(*user));
        note_credentials_changed();
    }
    return user;
}

}  // namespace grip::auth
