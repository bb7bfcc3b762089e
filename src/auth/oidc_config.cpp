#include "auth/oidc_config.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "common/strict_json.h"
#include "http/http_client.h"

namespace grip::auth {
namespace json = boost::json;
namespace {

Result<std::string> read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read {}", file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The secret is a key to the provider: a file others may read is refused
// rather than tightened, since the secret may have been read already.
Result<std::string> read_secret(const std::filesystem::path& file, const std::filesystem::path& config) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        return Error::invalid(fmt::format("{}: client_secret_file {} does not exist", config.string(), file.string()));
    if ((st.st_mode & 077) != 0)
        return Error::invalid(fmt::format("{}: client_secret_file {} may be read by others (mode {:o}): make it 0600",
                                          config.string(), file.string(), st.st_mode & 0777));
    std::string secret = TRY(read_file(file));
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' '))
        secret.pop_back();
    if (secret.empty())
        return Error::invalid(fmt::format("{}: client_secret_file {} is empty", config.string(), file.string()));
    return secret;
}

// A claim by name, or by a dotted path into nested objects.
const json::value* claim(const json::object& claims, std::string_view path) {
    if (const auto* direct = claims.if_contains(path)) return direct;
    const json::object* at = &claims;
    while (true) {
        const size_t dot = path.find('.');
        const auto* v = at->if_contains(path.substr(0, dot));
        if (!v) return nullptr;
        if (dot == std::string_view::npos) return v;
        if (!v->is_object()) return nullptr;
        at = &v->get_object();
        path.remove_prefix(dot + 1);
    }
}

// A claim's values as text: a string, or an array of strings (others are left out).
std::vector<std::string> texts(const json::value* v) {
    std::vector<std::string> out;
    if (!v) return out;
    if (v->is_string()) out.emplace_back(v->get_string());
    if (v->is_array())
        for (const auto& e : v->get_array())
            if (e.is_string()) out.emplace_back(e.get_string());
    return out;
}

bool valid_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

}  // namespace

bool acceptable_provider_url(std::string_view url) { return http::https_or_loopback(url); }

Result<OidcConfig> load_oidc_config(const std::filesystem::path& file, const RoleTable& roles) {
    const std::string text = TRY(read_file(file));
    StrictJsonParser parser;
    auto parsed = parser.parse(text);
    if (!parsed) return Error::invalid(fmt::format("{}: {}", file.string(), parsed.error().message));
    if (!parsed->is_object()) return Error::invalid(fmt::format("{}: not a JSON object", file.string()));
    const json::object& o = parsed->get_object();
    static const std::set<std::string, std::less<>> known{
        "issuer",          "client_id",     "client_secret_file", "redirect_uri", "post_logout_redirect_uri",
        "scopes",          "label",         "username_claim",     "roles",        "organisation_claim",
        "locations_claim", "second_factor", "leeway_seconds"};
    for (const auto& [key, value] : o)
        if (!known.contains(key)) return Error::invalid(fmt::format("{}: unknown key '{}'", file.string(), key));

    OidcConfig c;
    auto text_of = [&](std::string_view key, bool required, std::string& out) -> Status {
        const auto* v = o.if_contains(key);
        if (!v) {
            if (required) return Error::invalid(fmt::format("{}: '{}' is required", file.string(), key));
            return ok_status();
        }
        if (!v->is_string() || v->get_string().empty())
            return Error::invalid(fmt::format("{}: '{}' must be a non-empty text", file.string(), key));
        out = std::string(v->get_string());
        return ok_status();
    };
    std::string secret_file;
    TRY(text_of("issuer", true, c.issuer));
    TRY(text_of("client_id", true, c.client_id));
    TRY(text_of("client_secret_file", true, secret_file));
    TRY(text_of("redirect_uri", true, c.redirect_uri));
    TRY(text_of("post_logout_redirect_uri", false, c.post_logout_redirect_uri));
    TRY(text_of("label", true, c.label));
    TRY(text_of("username_claim", false, c.username_claim));
    TRY(text_of("organisation_claim", false, c.organisation_claim));
    TRY(text_of("locations_claim", false, c.locations_claim));
    if (!acceptable_provider_url(c.issuer))
        return Error::invalid(
            fmt::format("{}: 'issuer' must be an https:// URL (http:// only on the loopback interface)",
                        file.string()));
    auto url_ok = [](const std::string& url) { return boost::urls::parse_absolute_uri(url).has_value(); };
    if (!url_ok(c.redirect_uri)) return Error::invalid(fmt::format("{}: 'redirect_uri' is not a URL", file.string()));
    if (!c.post_logout_redirect_uri.empty() && !url_ok(c.post_logout_redirect_uri))
        return Error::invalid(fmt::format("{}: 'post_logout_redirect_uri' is not a URL", file.string()));
    if (c.label.size() > 60) return Error::invalid(fmt::format("{}: 'label' has at most 60 characters", file.string()));

    c.scopes = {"openid"};
    if (const auto* s = o.if_contains("scopes")) {
        if (!s->is_array()) return Error::invalid(fmt::format("{}: 'scopes' must be a list of texts", file.string()));
        for (const auto& e : s->get_array()) {
            if (!e.is_string() || e.get_string().empty() || e.get_string().find(' ') != json::string::npos)
                return Error::invalid(fmt::format("{}: 'scopes' must be a list of single words", file.string()));
            if (std::find(c.scopes.begin(), c.scopes.end(), e.get_string()) == c.scopes.end())
                c.scopes.emplace_back(e.get_string());
        }
    }
    if (const auto* l = o.if_contains("leeway_seconds")) {
        if (!l->is_int64() || l->get_int64() < 0 || l->get_int64() > 300)
            return Error::invalid(fmt::format("{}: 'leeway_seconds' is 0 to 300", file.string()));
        c.leeway_seconds = l->get_int64();
    }

    if (const auto* f = o.if_contains("second_factor")) {
        const auto* claim_name = f->is_object() ? f->get_object().if_contains("claim") : nullptr;
        const auto* values = f->is_object() ? f->get_object().if_contains("values") : nullptr;
        const auto bad = Error::invalid(
            fmt::format("{}: 'second_factor' must be {{\"claim\": text, \"values\": [text, ...]}} (e.g. amr and mfa)",
                        file.string()));
        if (!claim_name || !claim_name->is_string() || claim_name->get_string().empty() || !values ||
            !values->is_array() || values->get_array().empty() || f->get_object().size() != 2)
            return bad;
        c.second_factor_claim = std::string(claim_name->get_string());
        for (const auto& v : values->get_array()) {
            if (!v.is_string() || v.get_string().empty()) return bad;
            c.second_factor_values.emplace_back(v.get_string());
        }
    }
    const auto* r = o.if_contains("roles");
    if (!r || !r->is_object())
        return Error::invalid(
            fmt::format("{}: 'roles' is required: {{\"claim\": ..., \"map\": [{{\"value\": ..., \"role\": ...}}]}}",
                        file.string()));
    const auto& ro = r->get_object();
    for (const auto& [key, value] : ro)
        if (key != "claim" && key != "map")
            return Error::invalid(fmt::format("{}: unknown key 'roles.{}'", file.string(), key));
    const auto* rc = ro.if_contains("claim");
    if (!rc || !rc->is_string() || rc->get_string().empty())
        return Error::invalid(
            fmt::format("{}: 'roles.claim' must name the claim that holds the roles or groups", file.string()));
    c.role_claim = std::string(rc->get_string());
    const auto* rm = ro.if_contains("map");
    if (!rm || !rm->is_array() || rm->get_array().empty())
        return Error::invalid(fmt::format("{}: 'roles.map' must be a non-empty list", file.string()));
    size_t i = 0;
    for (const auto& e : rm->get_array()) {
        const auto* value = e.is_object() ? e.get_object().if_contains("value") : nullptr;
        const auto* role = e.is_object() ? e.get_object().if_contains("role") : nullptr;
        if (!value || !role || !value->is_string() || !role->is_string() || e.get_object().size() != 2)
            return Error::invalid(
                fmt::format("{}: 'roles.map[{}]' must be {{\"value\": text, \"role\": text}}", file.string(), i));
        if (!roles.find(role->get_string()))
            return Error::invalid(fmt::format("{}: 'roles.map[{}].role': unknown role '{}'", file.string(), i,
                                              std::string_view(role->get_string())));
        c.role_map.push_back({std::string(value->get_string()), std::string(role->get_string())});
        ++i;
    }
    c.client_secret = TRY(read_secret(secret_file.starts_with("/") ? std::filesystem::path(secret_file)
                                                                   : file.parent_path() / secret_file,
                                      file));
    return c;
}

Result<OidcMapped> map_claims(const OidcConfig& config, const json::object& claims) {
    OidcMapped out;
    const auto names = texts(claim(claims, config.username_claim));
    if (names.size() != 1 || names[0].empty())
        return Error::invalid(fmt::format("the ID token has no '{}' claim for the user name", config.username_claim));
    // A Grip name is letters, digits, '.', '_' and '-': others (the '@' of an
    // e-mail address) become '.'.
    for (char ch : names[0]) out.username += valid_name_char(ch) ? ch : '.';
    if (out.username.size() > 64) out.username.resize(64);
    const auto held = texts(claim(claims, config.role_claim));
    for (const auto& rule : config.role_map)
        if (std::find(held.begin(), held.end(), rule.value) != held.end()) {
            out.role = rule.role;
            break;
        }
    if (!config.organisation_claim.empty()) {
        const auto org = texts(claim(claims, config.organisation_claim));
        if (!org.empty()) out.organisation = org[0];
    }
    if (!config.second_factor_claim.empty())
        for (const auto& v : texts(claim(claims, config.second_factor_claim)))
            if (std::find(config.second_factor_values.begin(), config.second_factor_values.end(), v) !=
                config.second_factor_values.end())
                out.second_factor = true;
    if (!config.locations_claim.empty())
        for (auto& l : texts(claim(claims, config.locations_claim)))
            if (!l.empty()) out.locations.push_back(std::move(l));
    return out;
}

}  // namespace grip::auth
