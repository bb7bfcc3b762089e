#include "auth/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "auth/credential_cache.h"
#include "privacy/security_log.h"

namespace grip::auth {
namespace {

constexpr int64_t kHour = 3600;
constexpr size_t kMaxTokenLength = 256;  // longer is not ours: do not even hash it
constexpr size_t kMaxTokenNameLength = 200;

bool valid_user_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

// Characters, not bytes: UTF-8 continuation bytes do not count.
size_t characters(std::string_view text) {
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The rules of a person's password (ASVS 2.1.1, 2.1.2): 12 characters or
// more, 1024 bytes at most; any characters, no rules of composition (2.1.9).
Status check_password_rules(std::string_view password) {
    if (characters(password) < Accounts::kMinPasswordLength)
        return Error::invalid(
            fmt::format("the password must have at least {} characters", Accounts::kMinPasswordLength));
    if (password.size() > Accounts::kMaxPasswordLength)
        return Error::invalid(fmt::format("the password must have at most {} bytes", Accounts::kMaxPasswordLength));
    return ok_status();
}

// The id under which failed sign-ins of a name are counted: the user's id,
// or for an unknown name a negative id from a keyed hash of the name. The key
// is new in every process, so the store never holds a trace of what was typed
// as a name (sometimes a password) that could be reversed by trying.
int64_t failure_id(std::string_view name, const std::optional<storage::UserRow>& user) {
    if (user) return user->id;
    static const std::array<unsigned char, crypto_generichash_KEYBYTES> key = [] {
        std::array<unsigned char, crypto_generichash_KEYBYTES> k{};
        randombytes_buf(k.data(), k.size());
        return k;
    }();
    // Names compare without case in the store, so their failures do too.
    const std::string folded = lower(name);
    std::array<unsigned char, crypto_generichash_BYTES_MIN> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(folded.data()),
                       folded.size(), key.data(), key.size());
    uint64_t h = 0;
    std::memcpy(&h, digest.data(), sizeof h);
    return -1 - static_cast<int64_t>(h >> 2);
}

// A hash of a random password at the given cost, made once per process: an
// unknown name is verified against it, so that it costs what a known one does.
Result<std::string> dummy_hash(PasswordCost cost) {
    static std::mutex mutex;
    static std::array<std::string, 2> hashes;
    const std::lock_guard lock(mutex);
    std::string& hash = hashes[cost == PasswordCost::Interactive ? 0 : 1];
    if (hash.empty()) hash = TRY(hash_password(random_token(), cost));
    return hash;
}

}  // namespace

std::string_view pending_name(Actor::Pending pending) {
    switch (pending) {
        case Actor::Pending::None: return "";
        case Actor::Pending::EnrolSecondFactor: return "second_factor_enrolment";
        case Actor::Pending::SecondFactor: return "second_factor";
        case Actor::Pending::PasswordChange: return "password_change";
    }
    return "";
}

bool csrf_matches(const Actor& actor, std::string_view token) {
    return actor.via == Actor::Via::Session && !actor.csrf_token.empty() && equal_secrets(actor.csrf_token, token);
}

Accounts::Accounts(storage::Store& store, const RoleTable& roles, const Clock& clock, PasswordCost cost)
    : store_(store), roles_(roles), clock_(clock), cost_(cost) {
    ensure_sodium();
}

Result<int64_t> Accounts::add_user(std::string_view name, std::string_view role, std::string_view organisation,
                                   std::vector<std::string> locations, std::string_view password,
                                   storage::UserKind kind) {
    if (!valid_user_name(name)) return Error::invalid("a user name is 1 to 64 letters, digits, '.', '_' or '-'");
    if (!roles_.find(role)) {
        std::string known;
        for (const auto& r : roles_.roles()) known += fmt::format("{}{}", known.empty() ? "" : ", ", r.name);
        return Error::invalid(fmt::format("unknown role '{}' (roles: {})", role, known));
    }
    const bool system = kind == storage::UserKind::System;
    if (system && !password.empty())
        return Error::invalid("a system account has no password: it works with API tokens only");
    if (!system) TRY(check_password_rules(password));
    if (password.size() > kMaxPasswordLength)
        return Error::invalid(fmt::format("the password must have at most {} bytes", kMaxPasswordLength));
    for (const auto& l : locations)
        if (l.empty()) return Error::invalid("a location id is not empty");
    storage::UserRow row;
    row.name = std::string(name);
    row.role = std::string(role);
    row.organisation = std::string(organisation);
    row.locations = std::move(locations);
    // A system's hash is of a random password nobody knows; sign_in refuses systems anyway.
    const std::string unknown = system ? random_token() : std::string();
    row.password_hash = TRY(hash_password(system ? std::string_view(unknown) : password, cost_));
    row.kind = kind;
    row.created_at = clock_.now();
    row.municipality = store_.municipality();  // a user belongs to the municipality that adds it
    return store_.add_user(row);
}

Result<SignIn> Accounts::sign_in(std::string_view name, std::string_view password, SignInThrottle& throttle,
                                 std::string_view address) {
    const int64_t now = clock_.now();
    SignIn out;
    std::optional<storage::UserRow> user;
    if (valid_user_name(name)) user = TRY(store_.user_by_name(name));
    const int64_t failures_id = failure_id(name, user);
    if (const int64_t wait = TRY(throttled(failures_id, throttle, address, now)); wait > 0) {
        out.result = SignInResult::Throttled;
        out.retry_after = wait;
        return out;
    }
    // An unknown name costs a verification too, against a hash of nothing,
    // so that the time of the answer does not tell which names exist.
    bool ok = false;
    if (password.size() <= kMaxPasswordLength) {
        const std::string hash = user ? user->password_hash : TRY(dummy_hash(cost_));
        ok = verify_password(hash, password) && user && !user->disabled && user->kind == storage::UserKind::Person;
    }
    std::optional<Actor> actor = ok ? actor_of(user) : std::nullopt;
    if (!actor) {
        TRY(failed(failures_id, throttle, address, now));
        out.result = SignInResult::WrongCredentials;
        return out;
    }
    // A role with personal data needs a second factor (ASVS 2.2.3 at level
    // 2 for such data), and so does whoever enrolled one. Until its code is
    // given the session may do nothing else, and the failures of the name
    // stay: they count the codes' failures too, which a right password must
    // not wipe out.
    const auto security = TRY(store_.account_security(user->id));
    const bool second_factor = actor->role->personal_data || security.totp_confirmed;
    auto pending = storage::SessionPending::None;
    if (second_factor) {
        pending = storage::SessionPending::SecondFactor;
        actor->pending = security.totp_confirmed ? Actor::Pending::SecondFactor : Actor::Pending::EnrolSecondFactor;
    } else {
        throttle.succeeded(failures_id, address);
        if (security.must_change_password) {
            pending = storage::SessionPending::PasswordChange;
            actor->pending = Actor::Pending::PasswordChange;
        }
    }
    if (needs_rehash(user->password_hash, cost_)) {
        // The cost was raised since the password was set: keep the stronger hash.
        user->password_hash = TRY(hash_password(password, cost_));
        TRY(store_.update_user(*user));
    }
    TRY(store_.delete_expired_sessions(now - kIdleSeconds + 1, now - kAbsoluteSeconds + 1));
    // A new session at every sign-in: an old token (fixation) never becomes valid.
    out.session_token = random_token();
    out.csrf_token = random_token();
    storage::SessionRow row{0, user->id, token_hash(out.session_token), out.csrf_token, now, now, pending};
    actor->session = TRY(store_.add_session(row));
    actor->csrf_token = out.csrf_token;
    out.result = SignInResult::Ok;
    out.actor = std::move(actor);
    return out;
}

Result<std::optional<Actor>> Accounts::session(std::string_view token) {
    std::optional<Actor> none;
    if (token.empty() || token.size() > kMaxTokenLength) return none;
    const std::string hash = token_hash(token);
    const auto row = TRY(store_.session_by_hash(hash));
    if (!row || !equal_secrets(row->token_hash, hash)) return none;
    const int64_t now = clock_.now();
    if (now - row->last_seen >= kIdleSeconds || now - row->created_at >= kAbsoluteSeconds) {
        TRY(store_.delete_expired_sessions(now - kIdleSeconds + 1, now - kAbsoluteSeconds + 1));
        const auto user = TRY(store_.user_by_id(row->user));
        privacy::SecurityEntry expired;
        expired.actor = user ? user->name : "-";
        expired.event = privacy::SecurityEvent::SessionExpired;
        expired.target = expired.actor;
        expired.detail = now - row->created_at >= kAbsoluteSeconds ? "absolute" : "idle";
        if (user) expired.municipality = user->municipality;
        TRY(privacy::record_server_security_event(std::move(expired)));
        return none;
    }
    auto actor = actor_of(TRY(store_.user_by_id(row->user)));
    if (!actor) {
        TRY(store_.delete_session(row->id));
        return none;
    }
    if (now - row->last_seen >= kTouchSeconds) TRY(store_.touch_session(row->id, now));
    if (row->pending == storage::SessionPending::PasswordChange) actor->pending = Actor::Pending::PasswordChange;
    if (row->pending == storage::SessionPending::SecondFactor)
        actor->pending = TRY(store_.account_security(row->user)).totp_confirmed ? Actor::Pending::SecondFactor
                                                                                : Actor::Pending::EnrolSecondFactor;
    actor->via = Actor::Via::Session;
    actor->session = row->id;
    actor->csrf_token = row->csrf_token;
    return actor;
}

Result<SignIn> Accounts::start_session(int64_t user) {
    SignIn out;
    auto actor = actor_of(TRY(store_.user_by_id(user)));
    if (!actor) return out;
    const int64_t now = clock_.now();
    TRY(store_.delete_expired_sessions(now - kIdleSeconds + 1, now - kAbsoluteSeconds + 1));
    out.session_token = random_token();
    out.csrf_token = random_token();
    storage::SessionRow row{0, user, token_hash(out.session_token), out.csrf_token, now, now};
    actor->session = TRY(store_.add_session(row));
    actor->csrf_token = out.csrf_token;
    out.result = SignInResult::Ok;
    out.actor = std::move(actor);
    return out;
}

Status Accounts::sign_out(int64_t session) {
    note_credentials_changed();
    TRY(store_.delete_session(session));
    note_credentials_changed();
    return ok_status();
}

Result<IssuedToken> Accounts::create_token(std::string_view user, std::string_view name, int64_t lifetime_seconds) {
    if (lifetime_seconds <= 0 || lifetime_seconds > kMaxTokenLifetime)
        return Error::invalid(fmt::format("a token's lifetime is at most {} days", kMaxTokenLifetime / 86400));
    if (name.size() > kMaxTokenNameLength)
        return Error::invalid(fmt::format("a token's name has at most {} characters", kMaxTokenNameLength));
    const auto owner = TRY(store_.user_by_name(user));
    // A user of another municipality is no user here.
    if (!owner || owner->municipality != store_.municipality())
        return Error::not_found(fmt::format("no user named {}", user));
    if (owner->disabled) return Error::conflict(fmt::format("user {} is disabled", owner->name));
    // A token lets whoever holds it act as its user without a trace of who
    // that was: so tokens are for partner systems, never for a person.
    if (owner->kind != storage::UserKind::System)
        return Error::invalid(fmt::format("user {} is a person: API tokens are for system accounts only", owner->name));
    const int64_t now = clock_.now();
    IssuedToken out;
    out.token = random_token();
    out.expires_at = now + lifetime_seconds;
    out.id =
        TRY(store_.add_api_token({0, owner->id, std::string(name), token_hash(out.token), now, out.expires_at, false}));
    return out;
}

Result<std::optional<Actor>> Accounts::bearer(std::string_view token) {
    std::optional<Actor> none;
    if (token.empty() || token.size() > kMaxTokenLength) return none;
    const std::string hash = token_hash(token);
    const auto row = TRY(store_.api_token_by_hash(hash));
    if (!row || !equal_secrets(row->token_hash, hash) || row->revoked || clock_.now() >= row->expires_at) return none;
    auto actor = actor_of(TRY(store_.user_by_id(row->user)));
    if (actor) actor->via = Actor::Via::Token;
    return actor;
}

Status Accounts::revoke_token(int64_t id) {
    note_credentials_changed();
    TRY(store_.revoke_api_token(id));
    note_credentials_changed();
    return ok_status();
}

Result<std::vector<storage::UserRow>> Accounts::users() { return store_.users(); }

Result<std::vector<storage::ApiTokenRow>> Accounts::tokens() { return store_.api_tokens(); }

Status Accounts::disable_user(std::string_view name) {
    auto user = TRY(store_.user_by_name(name));
    if (!user || user->municipality != store_.municipality())
        return Error::not_found(fmt::format("no user named {} in {}", name, store_.municipality()));
    user->disabled = true;
    note_credentials_changed();
    TRY(store_.update_user(*user));
    note_credentials_changed();
    return ok_status();
}

Result<storage::UserRow> Accounts::change_user(std::string_view name, std::string_view role,
                                               std::string_view organisation, std::vector<std::string> locations) {
    auto user = TRY(store_.user_by_name(name));
    if (!user || user->municipality != store_.municipality())
        return Error::not_found(fmt::format("no user named {} in {}", name, store_.municipality()));
    if (!roles_.find(role)) return Error::invalid(fmt::format("unknown role '{}'", role));
    for (const auto& l : locations)
        if (l.empty()) return Error::invalid("a location id is not empty");
    // The provider's claims set an account of the identity provider at
    // every sign-in: a change here would silently go at the next one.
    if (user->password_hash.starts_with("oidc$"))
        return Error::conflict("this account's role and places follow the identity provider's claims");
    user->role = std::string(role);
    user->organisation = std::string(organisation);
    user->locations = std::move(locations);
    note_credentials_changed();
    TRY(store_.update_user(*user));
    TRY(store_.delete_user_sessions(user->id, 0));
    note_credentials_changed();
    return *user;
}

Result<int64_t> Accounts::throttled(int64_t failures_id, SignInThrottle& throttle, std::string_view address,
                                    int64_t now) {
    if (const int64_t wait = throttle.wait(failures_id, address, now); wait > 0) return wait;
    // No more than kMaxFailedPerHour failures per account and hour (ASVS
    // 2.2.1) from the addresses that have failed for it already.
    if (throttle.has_failed(failures_id, address, now) &&
        TRY(store_.failed_signins_since(failures_id, now - kHour + 1)) >= kMaxFailedPerHour)
        return kHour;
    return int64_t{0};
}

Status Accounts::failed(int64_t failures_id, SignInThrottle& throttle, std::string_view address, int64_t now) {
    TRY(store_.add_failed_signin(failures_id, now));
    throttle.failed(failures_id, address, now);
    return ok_status();
}

Result<storage::UserRow> Accounts::person_here(std::string_view name) {
    auto user = TRY(store_.user_by_name(name));
    // A user of another municipality is no user here.
    if (!user || user->municipality != store_.municipality())
        return Error::not_found(fmt::format("no user named {} in {}", name, store_.municipality()));
    if (user->kind != storage::UserKind::Person)
        return Error::invalid(
            fmt::format("user {} is a system account: it has no password and no second factor", user->name));
    return std::move(*user);
}

Result<StepResult> Accounts::change_password(const Actor& actor, std::string_view current, std::string_view next,
                                             SignInThrottle& throttle, std::string_view address) {
    const int64_t now = clock_.now();
    StepResult out;
    if (actor.via != Actor::Via::Session) return Error::conflict("a password is changed in a session");
    if (actor.pending != Actor::Pending::None && actor.pending != Actor::Pending::PasswordChange)
        return Error::conflict("give the second factor's code first");
    if (const int64_t wait = TRY(throttled(actor.user, throttle, address, now)); wait > 0) {
        out.result = SignInResult::Throttled;
        out.retry_after = wait;
        return out;
    }
    auto user = TRY(store_.user_by_id(actor.user));
    if (!user) return Error::not_found("the user is gone");
    // Re-authentication before a change of the password (ASVS 2.1.5, 3.7.1).
    if (current.size() > kMaxPasswordLength || !verify_password(user->password_hash, current)) {
        TRY(failed(actor.user, throttle, address, now));
        return out;
    }
    TRY(check_password_rules(next));
    if (next == current) return Error::invalid("the new password is the current one");
    user->password_hash = TRY(hash_password(next, cost_));
    TRY(store_.update_user(*user));
    auto security = TRY(store_.account_security(user->id));
    if (security.must_change_password) {
        security.must_change_password = false;
        TRY(store_.set_account_security(security));
    }
    // Whoever else holds a session of the user (perhaps who knew the old
    // password) is signed out (ASVS 3.3.3); this session goes on.
    note_credentials_changed();
    TRY(store_.delete_user_sessions(user->id, actor.session));
    TRY(store_.set_session_pending(actor.session, storage::SessionPending::None));
    note_credentials_changed();
    out.result = SignInResult::Ok;
    out.actor = actor;
    out.actor->pending = Actor::Pending::None;
    return out;
}

Result<std::string> Accounts::reset_password(std::string_view name) {
    auto user = TRY(person_here(name));
    // An account of the municipality's identity provider has no password
    // here: its field holds the link to the provider's subject, which a
    // reset would cut.
    if (user.password_hash.starts_with("oidc$"))
        return Error::conflict("this account signs in through the identity provider: it has no password in Grip");
    // A one-time password of 256 random bits: it is handed over once and
    // must be changed at the next sign-in (ASVS 2.1.6, 2.5.1, 2.5.2).
    std::string password = random_token();
    user.password_hash = TRY(hash_password(password, cost_));
    TRY(store_.update_user(user));
    auto security = TRY(store_.account_security(user.id));
    security.must_change_password = true;
    TRY(store_.set_account_security(security));
    note_credentials_changed();
    TRY(store_.delete_user_sessions(user.id, 0));
    note_credentials_changed();
    return password;
}

Status Accounts::reset_second_factor(std::string_view name) {
    auto user = TRY(person_here(name));
    auto security = TRY(store_.account_security(user.id));
    security.totp_secret.clear();
    security.totp_confirmed = false;
    TRY(store_.set_account_security(security));
    note_credentials_changed();
    TRY(store_.delete_user_sessions(user.id, 0));
    note_credentials_changed();
    return ok_status();
}

std::optional<Actor> Accounts::actor_of(const std::optional<storage::UserRow>& user) const {
    if (!user || user->disabled) return std::nullopt;
    const Role* role = roles_.find(user->role);
    if (!role) return std::nullopt;
    Actor a;
    a.user = user->id;
    a.name = user->name;
    a.role = role;
    a.organisation = user->organisation;
    a.locations = user->locations;
    a.municipality = user->municipality;
    return a;
}

}  // namespace grip::auth
