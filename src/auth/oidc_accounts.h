#pragma once
// The Grip account of a user of the identity provider: a person, linked to
// the provider's issuer and subject (`sub`), made at the first sign-in, and
// with the role, organisation and locations the claims give refreshed at
// each sign-in. So sessions, the security log and the processing log work as
// for local users. The link is kept in the account's password hash, as
// "oidc$" and a hash of issuer and subject: it never verifies as a password,
// so such an account cannot sign in with one, and a local account of the
// same name is never taken over.

#include <optional>
#include <string_view>

#include "auth/oidc_config.h"
#include "common/clock.h"
#include "common/result.h"
#include "storage/store.h"

namespace grip::auth {

// The hash kept as the account's link to (issuer, subject).
std::string oidc_link(std::string_view issuer, std::string_view subject);

// The account for `mapped` (role not empty), made or brought up to date.
// nullopt when the name belongs to another account (a local one, or one
// linked to another subject) or to a disabled one.
Result<std::optional<storage::UserRow>> oidc_account(storage::Store& store, const Clock& clock, std::string_view issuer,
                                                     std::string_view subject, const OidcMapped& mapped);

}  // namespace grip::auth
