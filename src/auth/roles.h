#pragma once
// The roles and what each may do, read from catalogue/roles.json (format
// grip-roles/1): which record kinds a role reads and writes, whether it sees
// sealed personal data, whether it sees all records or only its own, and the
// other permissions it holds. The table is data; the server asks it.

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "records/kind.h"

namespace grip::auth {

// Every permission besides reading and writing records.
inline constexpr std::array<std::string_view, 15> kPermissions{
    "indicators.read",   "reports.read",      "reports.edit",          "deliveries.read", "deliveries.write",
    "log.read",          "users.manage",      "tokens.manage",         "catalogue.read",  "catalogue.edit",
    "indicators.region", "security_log.read", "access_request.export", "persons.link",    "reports.approve"};

struct Role {
    // Own: only activities whose organisation is the user's organisation or
    // whose location is one of the user's locations, and the persons and
    // addresses those activities refer to.
    enum class Scope { All, Own };

    std::string name;
    std::string label;        // Dutch, for people
    std::string description;  // English, what the role is for
    // The processing activity (verwerkingsactiviteit) the role's work falls
    // under, for the processing log: registratie, handhaving, ...
    std::string processing_activity;
    Scope scope = Scope::Own;
    bool personal_data = false;                            // sees sealed personal fields: names, BSN, street, suffix
    std::array<bool, records::kAllKinds.size()> reads{};   // by records::Kind
    std::array<bool, records::kAllKinds.size()> writes{};  // by records::Kind
    std::vector<std::string> permissions;                  // from kPermissions
    // The roles whose users may give this role to a user through the API
    // (each has users.manage). A role not listed here is given only on the
    // server's command line (`grip user add`), by the operator: so a role
    // that sees personal data or the processing log cannot be handed out by
    // one administrator alone.
    std::vector<std::string> granted_by;
    // Sees the figures only as they are published: counts of people below
    // the threshold suppressed by the disclosure rule (docs/disclosure.md).
    bool public_figures = false;

    // Whether the role sees only its own organisation's or locations' records (Scope::Own).
    bool own_scope() const { return scope == Scope::Own; }
    bool can_read(records::Kind kind) const { return reads[static_cast<size_t>(kind)]; }
    bool can_write(records::Kind kind) const { return writes[static_cast<size_t>(kind)]; }
    bool may(std::string_view permission) const;
    bool grantable_by(std::string_view granter_role) const;
};

class RoleTable {
public:
    // Reads and checks a roles file. On failure the error's message names
    // every problem with its JSON path, one per line.
    static Result<RoleTable> load(const std::filesystem::path& file);
    static Result<RoleTable> parse(std::string_view json_text);

    // The role of that name, or null.
    const Role* find(std::string_view name) const;
    const std::vector<Role>& roles() const { return roles_; }

private:
    // The roles never move once loaded: actors point at them.
    std::vector<Role> roles_;
};

// The roles file shipped with Grip: roles.json beside the default catalogue
// (see catalogue::default_catalogue_file).
std::filesystem::path default_roles_file();

}  // namespace grip::auth
