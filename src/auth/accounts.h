#pragma once
// Accounts: users and their roles, sign-in with a password, sessions for the
// web interface and API tokens for chain partners' systems. The server calls
// this; the store keeps only hashes of passwords and tokens, so a plain
// session or API token is seen once, when it is made.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/roles.h"
#include "auth/secrets.h"
#include "auth/signin_throttle.h"
#include "common/clock.h"
#include "common/result.h"
#include "storage/store.h"

namespace grip::privacy {
class Keyring;
}

namespace grip::auth {

// Who is asking: the signed-in user with the role and the organisation and
// locations that bound its scope.
struct Actor {
    int64_t user = 0;
    std::string name;
    const Role* role = nullptr;  // points into the RoleTable, which outlives it
    std::string organisation;
    std::vector<std::string> locations;
    std::string municipality;  // the CBS code of the user's municipality: every request works for it alone
    enum class Via { Session, Token } via = Via::Session;
    int64_t session = 0;     // the session's id (Via::Session)
    std::string csrf_token;  // the session's CSRF token (Via::Session); compare with csrf_matches
    // What the session must do before anything else (Via::Session): enrol a
    // second factor, give its code, or change a password that `beheer` reset.
    enum class Pending { None, EnrolSecondFactor, SecondFactor, PasswordChange } pending = Pending::None;
};

// The name of a pending step as the API gives it (empty for None).
std::string_view pending_name(Actor::Pending pending);

// Whether a request's CSRF token is the session's (constant time).
bool csrf_matches(const Actor& actor, std::string_view token);

// Unknown user, wrong password and disabled user are all WrongCredentials, so
// that the answer does not tell which names exist.
enum class SignInResult { Ok, WrongCredentials, Throttled };

struct SignIn {
    SignInResult result = SignInResult::WrongCredentials;
    std::string session_token;  // Ok: for the cookie; never stored
    std::string csrf_token;     // Ok: for the forms
    std::optional<Actor> actor;
    int64_t retry_after = 0;  // Throttled: the seconds to wait
};

// The outcome of a second factor's code or of a password change: a wrong
// code or current password is WrongCredentials.
struct StepResult {
    SignInResult result = SignInResult::WrongCredentials;
    std::string session_token;  // Ok after a code: the new session's, for the cookie
    std::string csrf_token;
    std::optional<Actor> actor;
    int64_t retry_after = 0;
};

// A second factor being enrolled: the secret as the apps take it.
struct Enrolment {
    std::string secret;           // base32
    std::string uri;              // otpauth://totp/...
    std::vector<std::string> qr;  // the QR code of the URI, rows of '1' and '0'
};

struct IssuedToken {
    int64_t id = 0;
    std::string token;  // shown once; never stored
    int64_t expires_at = 0;
};

class Accounts {
public:
    // `roles` and `clock` must outlive the Accounts and every Actor it returns.
    // `cost` is Interactive except in tests. Cheap to make: one per request
    // is fine (what must last, the key for unknown names' failures and the
    // hash to verify them against, lives for the process).
    Accounts(storage::Store& store, const RoleTable& roles, const Clock& clock,
             PasswordCost cost = PasswordCost::Interactive);

    static constexpr int64_t kIdleSeconds = 30 * 60;
    static constexpr int64_t kAbsoluteSeconds = 12 * 3600;
    static constexpr int64_t kMaxFailedPerHour = 100;
    static constexpr int64_t kTouchSeconds = 60;        // last_seen is written at most this often
    static constexpr size_t kMinPasswordLength = 12;    // characters
    static constexpr size_t kMaxPasswordLength = 1024;  // bytes
    static constexpr int64_t kMaxTokenLifetime = 366 * 24 * 3600;

    // Invalid for an unknown role, a person's password shorter than 12
    // characters, a system's password (a system has none: it never signs
    // in, it works with API tokens), a bad name (letters, digits, '.', '_',
    // '-'; 1 to 64); Conflict when the name is taken (names compare without case).
    Result<int64_t> add_user(std::string_view name, std::string_view role, std::string_view organisation,
                             std::vector<std::string> locations, std::string_view password,
                             storage::UserKind kind = storage::UserKind::Person);

    // A sign-in from the client `address` (its key, http::client_key).
    // Throttled, without checking the password, while `throttle` holds the
    // address back for this name or for all names (growing delays, see
    // signin_throttle.h), and when the name had kMaxFailedPerHour failures
    // in the last hour and this address is one of those that failed: an
    // address that has not failed for the name may still try, so that no
    // one can lock a user out. Records each failure, for unknown names too,
    // so that throttling does not tell which names exist. A success starts
    // a new session.
    Result<SignIn> sign_in(std::string_view name, std::string_view password, SignInThrottle& throttle,
                           std::string_view address);

    // Local accounts as ASVS 4.0.3 level 2 asks (V2.1, V2.5, V2.7, V2.8, V3.3).
    //
    // A session whose sign-in is not finished (Actor::pending) may do only
    // that: a user whose role has personal data, or who enrolled a second
    // factor, gives a TOTP code after the password (enrolling one at the first
    // sign-in), and a user whose password `beheer` reset changes it next.
    //
    // A new TOTP secret for the actor, sealed in the store until a first code
    // confirms it (a new call replaces an unconfirmed one). Conflict unless
    // the actor's session is waiting for an enrolment.
    Result<Enrolment> begin_enrolment(const Actor& actor, const privacy::Keyring& keys);
    // The code of the actor's second factor (confirming an enrolment). A code
    // counts once: one of a time step at or before the last one used is
    // wrong. Wrong codes are throttled and counted as failed sign-ins of the
    // user (a success with the password does not clear them). Ok ends the
    // pending session and starts a new one (new token and CSRF token).
    // Conflict unless the session is waiting for a code or an enrolment.
    Result<StepResult> verify_second_factor(const Actor& actor, std::string_view code, const privacy::Keyring& keys,
                                            SignInThrottle& throttle, std::string_view address);
    // The actor's own password, given the current one; the rules of
    // add_user. Invalid for a bad new password (or the same as the current
    // one), WrongCredentials for a wrong current one (throttled like a
    // sign-in). Ok ends the user's other sessions and a forced change.
    Result<StepResult> change_password(const Actor& actor, std::string_view current, std::string_view next,
                                       SignInThrottle& throttle, std::string_view address);
    // `beheer`: a new one-time password for a person of the scope, to be
    // changed at the next sign-in; the user's sessions end. NotFound for an
    // unknown user, Invalid for a system account.
    Result<std::string> reset_password(std::string_view name);
    // `beheer`: forgets the user's second factor, which the next sign-in
    // enrols again; the user's sessions end.
    Status reset_second_factor(std::string_view name);

    // The actor of a session token; nullopt when the token is unknown, the
    // session expired (idle kIdleSeconds or older than kAbsoluteSeconds; it is
    // then deleted) or its user is disabled. Writes last_seen at most once per
    // kTouchSeconds, so the idle time is measured from a moment up to a
    // minute before the last request.
    Result<std::optional<Actor>> session(std::string_view token);
    // A new session for a user whom the identity provider signed in (see
    // oidc_client.h): Ok with the actor, or WrongCredentials for a disabled
    // user or one whose role the table does not know.
    Result<SignIn> start_session(int64_t user);
    Status sign_out(int64_t session);

    // A token for the API, valid for `lifetime_seconds` (1 s to 366 days).
    // NotFound for an unknown user, Conflict for a disabled one, Invalid for
    // a person's account (tokens are for system accounts only).
    Result<IssuedToken> create_token(std::string_view user, std::string_view name, int64_t lifetime_seconds);
    // The actor of an API token; nullopt when unknown, expired, revoked or
    // its user is disabled.
    Result<std::optional<Actor>> bearer(std::string_view token);
    // NotFound when there is no token with this id.
    Status revoke_token(int64_t id);

    Result<std::vector<storage::UserRow>> users();
    Result<std::vector<storage::ApiTokenRow>> tokens();
    // NotFound for an unknown name. The user's sessions and tokens stop working.
    Status disable_user(std::string_view name);
    // A user's role, organisation and locations, changed; the user's
    // sessions end, so the next request works under the new ones. NotFound
    // for an unknown name, Invalid for an unknown role or an empty location,
    // Conflict for an identity provider's account (its claims decide).
    Result<storage::UserRow> change_user(std::string_view name, std::string_view role, std::string_view organisation,
                                         std::vector<std::string> locations);

private:
    // The actor of a user, or nullopt when the user is disabled, gone or
    // has a role the table no longer knows.
    std::optional<Actor> actor_of(const std::optional<storage::UserRow>& user) const;
    // The seconds to wait before an attempt for the user from `address` is
    // checked (0: go ahead), as sign_in decides it.
    Result<int64_t> throttled(int64_t failures_id, SignInThrottle& throttle, std::string_view address, int64_t now);
    Status failed(int64_t failures_id, SignInThrottle& throttle, std::string_view address, int64_t now);
    // A person of the scope by name, else NotFound.
    Result<storage::UserRow> person_here(std::string_view name);

    storage::Store& store_;
    const RoleTable& roles_;
    const Clock& clock_;
    PasswordCost cost_;
};

}  // namespace grip::auth
