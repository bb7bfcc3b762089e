#pragma once
// The configuration of sign-in through the municipality's identity provider
// (OpenID Connect, NL GOV Assurance profile): a JSON file per installation
// (`grip serve --oidc FILE`), so that a municipality changes its provider or
// its claim mapping without a build. See docs/operations.md.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "auth/roles.h"
#include "common/result.h"

namespace grip::auth {

// One value of the role claim and the Grip role it gives. The first entry
// whose value the user's claim holds wins, so the order is the priority.
struct OidcRoleRule {
    std::string value;
    std::string role;
};

struct OidcConfig {
    std::string issuer;  // exactly as the provider's `iss`
    std::string client_id;
    std::string client_secret;             // read from client_secret_file (mode 0600)
    std::string redirect_uri;              // Grip's callback as registered at the provider
    std::string post_logout_redirect_uri;  // where the provider sends the browser after signing out; may be empty
    std::vector<std::string> scopes;       // always with "openid"
    std::string label;                     // the button: "Inloggen met <label>"
    std::string username_claim = "preferred_username";
    std::string role_claim;  // a claim name, or a dotted path (Keycloak: realm_access.roles)
    std::vector<OidcRoleRule> role_map;
    std::string organisation_claim;  // optional
    std::string locations_claim;     // optional
    // Roles with personal data need a second factor at the provider (ASVS
    // 2.2): the claim that says so (`amr`, `acr`, ...) and the values that
    // count. Empty claim: not required by Grip (the provider's policy decides).
    std::string second_factor_claim;
    std::vector<std::string> second_factor_values;
    int64_t leeway_seconds = 60;      // for exp, iat and nbf
    bool allow_loopback_http = true;  // http:// only for an issuer on the loopback interface (tests)
};

// Reads and checks the file: every problem with the key it is about. The
// roles of role_map must be in `roles`; the secret file must exist, be
// readable by its owner only and not be empty.
Result<OidcConfig> load_oidc_config(const std::filesystem::path& file, const RoleTable& roles);

// Whether `url` is https://, or http:// to a loopback host (127.0.0.1, ::1,
// localhost), which only a test's provider is.
bool acceptable_provider_url(std::string_view url);

// What the claims of a validated ID token give a user in Grip.
struct OidcMapped {
    std::string username;  // from username_claim, made a valid Grip name
    std::string role;      // empty: no rule matched (the user is refused)
    std::string organisation;
    std::vector<std::string> locations;
    bool second_factor = false;  // the claims show a second factor (second_factor_claim)
};

// Maps the claims by the configuration. Invalid when the user name claim is
// missing or gives no valid name.
Result<OidcMapped> map_claims(const OidcConfig& config, const boost::json::object& claims);

}  // namespace grip::auth
