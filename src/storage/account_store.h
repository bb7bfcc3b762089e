#pragma once
// The store's accounts (a role of Store, storage/store.h): users, sessions,
// API tokens, failed sign-ins and the sign-in safeguards. Accounts belong to
// the installation, not to one municipality.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace grip::storage {

// Accounts (see src/auth/). Times are seconds since the Unix epoch, UTC.
// A person signs in with a password and works in sessions; a system (a
// chain partner's) signs in with API tokens only. Fixed when the user is made.
enum class UserKind { Person, System };

struct UserRow {
    int64_t id = 0;
    std::string name;
    std::string municipality;            // the CBS code of the user's municipality
    std::string role;                    // a role of catalogue/roles.json
    std::string organisation;            // an organisation id, or empty
    std::vector<std::string> locations;  // location ids the user works at
    std::string password_hash;           // Argon2id string (crypto_pwhash_str)
    bool disabled = false;
    int64_t created_at = 0;
    UserKind kind = UserKind::Person;
};

// What a session still has to do before it may do anything else: give the
// second factor's code (or enrol one), or change a password that `beheer`
// reset. Stored as its number.
enum class SessionPending { None = 0, SecondFactor = 1, PasswordChange = 2 };

struct SessionRow {
    int64_t id = 0;
    int64_t user = 0;
    std::string token_hash;  // hex of a hash of the cookie's token; the token itself is never stored
    std::string csrf_token;  // the session's CSRF token (not a secret of the user's)
    int64_t created_at = 0;
    int64_t last_seen = 0;
    SessionPending pending = SessionPending::None;
};

// A local account's sign-in safeguards beside its password (ASVS 2.x): a
// password that must be changed (set by `beheer`'s reset), and the TOTP
// second factor: its secret sealed with the keyring (never in plain text),
// whether the user confirmed it with a first code, and the last time step
// whose code was used (a code is good once). A user without a row has none.
struct AccountSecurityRow {
    int64_t user = 0;
    bool must_change_password = false;
    std::string totp_secret;  // sealed, base64; empty: no second factor enrolled
    bool totp_confirmed = false;
    int64_t totp_last_step = 0;
};

struct ApiTokenRow {
    int64_t id = 0;
    int64_t user = 0;
    std::string name;        // what the token is for
    std::string token_hash;  // hex of a hash of the token
    int64_t created_at = 0;
    int64_t expires_at = 0;
    bool revoked = false;
};

// Users, sessions, API tokens and sign-in safeguards.
class AccountStore {
public:
    virtual ~AccountStore() = default;

    // Accounts: users, sessions, API tokens and failed sign-ins. Names are
    // unique in the installation and a user is found by name, id, session or
    // token whatever the scope (signing in comes before it); users() and
    // api_tokens() list the scope's own. add_user fails with Conflict when
    // the name is taken, and with Invalid when the user's municipality is not
    // the scope.
    virtual Result<int64_t> add_user(const UserRow& user) = 0;
    virtual Result<std::optional<UserRow>> user_by_name(std::string_view name) = 0;
    virtual Result<std::optional<UserRow>> user_by_id(int64_t id) = 0;
    virtual Result<std::vector<UserRow>> users() = 0;
    virtual Status update_user(const UserRow& user) = 0;
    virtual Result<int64_t> add_session(const SessionRow& session) = 0;
    virtual Result<std::optional<SessionRow>> session_by_hash(std::string_view token_hash) = 0;
    virtual Status touch_session(int64_t id, int64_t last_seen) = 0;
    virtual Status delete_session(int64_t id) = 0;
    // Removes sessions last seen before `idle_before` or created before `created_before`.
    virtual Status delete_expired_sessions(int64_t idle_before, int64_t created_before) = 0;
    virtual Result<int64_t> add_api_token(const ApiTokenRow& token) = 0;
    virtual Result<std::optional<ApiTokenRow>> api_token_by_hash(std::string_view token_hash) = 0;
    virtual Result<std::vector<ApiTokenRow>> api_tokens() = 0;
    virtual Status revoke_api_token(int64_t id) = 0;
    virtual Status add_failed_signin(int64_t user, int64_t at) = 0;
    virtual Result<int64_t> failed_signins_since(int64_t user, int64_t since) = 0;
    // The user's sessions end, all but `except` (0: all).
    virtual Status delete_user_sessions(int64_t user, int64_t except) = 0;
    virtual Status set_session_pending(int64_t session, SessionPending pending) = 0;
    // A user's safeguards (a row with the user's id and nothing set when
    // there is none), and writing them whole.
    virtual Result<AccountSecurityRow> account_security(int64_t user) = 0;
    virtual Status set_account_security(const AccountSecurityRow& row) = 0;
    // Uses the TOTP time step `step` of the user: true when it is later than
    // the last step used (which it then becomes), false when it is not (a
    // replayed code). One statement, so that two requests with the same
    // code cannot both pass.
    virtual Result<bool> use_totp_step(int64_t user, int64_t step) = 0;
};

}  // namespace grip::storage
