// Accounts' second factor (declared in accounts.h): TOTP enrolment and the
// code step of a sign-in. The secret is sealed with the keyring's sealing key
// before it reaches the store and unsealed only to check a code; it is never
// logged and leaves the server once, in the answer that starts an enrolment.

#include <sodium.h>

#include <fmt/format.h>

#include "auth/accounts.h"
#include "auth/credential_cache.h"
#include "auth/totp.h"
#include "privacy/keyring.h"

namespace grip::auth {
namespace {

constexpr std::string_view kIssuer = "Grip";

std::string to_base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating zero
    return out;
}

Result<std::string> from_base64(std::string_view text) {
    std::string out(text.size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return Error::invalid("a sealed TOTP secret is not base64");
    out.resize(length);
    return out;
}

}  // namespace

Result<Enrolment> Accounts::begin_enrolment(const Actor& actor, const privacy::Keyring& keys) {
    if (actor.via != Actor::Via::Session || actor.pending != Actor::Pending::EnrolSecondFactor)
        return Error::conflict("this session is not enrolling a second factor");
    const std::string secret = totp::new_secret();
    auto security = TRY(store_.account_security(actor.user));
    security.totp_secret = to_base64(keys.seal(secret));
    security.totp_confirmed = false;
    TRY(store_.set_account_security(security));
    Enrolment out;
    out.secret = totp::base32(secret);
    out.uri = totp::otpauth_uri(kIssuer, actor.name, secret);
    out.qr = TRY(totp::qr_modules(out.uri));
    return out;
}

Result<StepResult> Accounts::verify_second_factor(const Actor& actor, std::string_view code,
                                                  const privacy::Keyring& keys, SignInThrottle& throttle,
                                                  std::string_view address) {
    if (actor.via != Actor::Via::Session ||
        (actor.pending != Actor::Pending::SecondFactor && actor.pending != Actor::Pending::EnrolSecondFactor))
        return Error::conflict("this session is not waiting for a second factor's code");
    const int64_t now = clock_.now();
    StepResult out;
    // The code step is throttled as the password is, under the same count
    // (the user's id), so that six digits cannot be guessed by trying.
    if (const int64_t wait = TRY(throttled(actor.user, throttle, address, now)); wait > 0) {
        out.result = SignInResult::Throttled;
        out.retry_after = wait;
        return out;
    }
    auto security = TRY(store_.account_security(actor.user));
    if (security.totp_secret.empty())
        return Error::conflict("no second factor is being enrolled: start the enrolment first");
    std::string secret = TRY(keys.unseal(TRY(from_base64(security.totp_secret))));
    const auto step = totp::matching_step(secret, code, now);
    sodium_memzero(secret.data(), secret.size());
    // A code of a step already used is refused like a wrong one (ASVS 2.8.4).
    if (!step || !TRY(store_.use_totp_step(actor.user, *step))) {
        TRY(failed(actor.user, throttle, address, now));
        return out;
    }
    throttle.succeeded(actor.user, address);
    if (!security.totp_confirmed) {
        security = TRY(store_.account_security(actor.user));  // with the step just used
        security.totp_confirmed = true;
        TRY(store_.set_account_security(security));
    }
    // Signing in is finished: a new session (ASVS 3.2.1), and the half one goes.
    note_credentials_changed();
    TRY(store_.delete_session(actor.session));
    note_credentials_changed();
    const auto pending =
        security.must_change_password ? storage::SessionPending::PasswordChange : storage::SessionPending::None;
    out.session_token = random_token();
    out.csrf_token = random_token();
    out.actor = actor;
    out.actor->pending = security.must_change_password ? Actor::Pending::PasswordChange : Actor::Pending::None;
    out.actor->csrf_token = out.csrf_token;
    out.actor->session =
        TRY(store_.add_session({0, actor.user, token_hash(out.session_token), out.csrf_token, now, now, pending}));
    out.result = SignInResult::Ok;
    return out;
}

}  // namespace grip::auth
