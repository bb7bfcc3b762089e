#include "auth/roles.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "catalogue/catalogue_loader.h"

namespace grip::auth {
namespace json = boost::json;
namespace {

constexpr std::string_view kFormat = "grip-roles/1";

struct Problem {
    std::string path;
    std::string message;
};

bool valid_role_name(std::string_view name) {
    if (name.empty() || name.size() > 32 || name[0] < 'a' || name[0] > 'z') return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Reads one role, recording every problem instead of stopping at the first.
class RoleReader {
public:
    explicit RoleReader(std::vector<Problem>& problems) : problems_(problems) {}

    Role read(std::string_view name, const json::value& value, const std::string& path) {
        Role role;
        role.name = std::string(name);
        if (!valid_role_name(name)) problem(path, "a role's name is lower case letters, digits and _");
        if (!value.is_object()) {
            problem(path, "must be an object");
            return role;
        }
        const auto& o = value.get_object();
        for (const auto& kv : o) {
            static constexpr std::string_view kKeys[] = {"label",         "description",   "processing_activity",
                                                         "scope",         "personal_data", "read",
                                                         "write",         "may",           "granted_by",
                                                         "public_figures"};
            if (std::find(std::begin(kKeys), std::end(kKeys), kv.key()) == std::end(kKeys))
                problem(join(path, kv.key()), "unknown field");
        }
        role.label = text(o, "label", path, true);
        role.description = text(o, "description", path, false);
        // The processing log names the activity; without one, the role's name.
        role.processing_activity = text(o, "processing_activity", path, false);
        if (role.processing_activity.empty()) role.processing_activity = role.name;
        const std::string scope = text(o, "scope", path, true);
        if (scope == "all") role.scope = Role::Scope::All;
        else if (scope == "own") role.scope = Role::Scope::Own;
        else if (!scope.empty()) problem(join(path, "scope"), fmt::format("unknown scope '{}' (all or own)", scope));
        if (const auto* v = o.if_contains("personal_data"); !v) problem(join(path, "personal_data"), "required");
        else if (!v->is_bool()) problem(join(path, "personal_data"), "must be true or false");
        else role.personal_data = v->get_bool();
        kinds(o, "read", path, role.reads);
        kinds(o, "write", path, role.writes);
        for (records::Kind k : records::kAllKinds)
            if (role.can_write(k) && !role.can_read(k))
                problem(join(path, "write"), fmt::format("writes {} but does not read it", records::kind_name(k)));
        for (auto& p : strings(o, "may", path, false)) {
            if (std::find(kPermissions.begin(), kPermissions.end(), p.second) == kPermissions.end())
                problem(p.first, fmt::format("unknown permission '{}'", p.second));
            else if (role.may(p.second)) problem(p.first, fmt::format("{} is listed twice", p.second));
            else if (p.second == "persons.link" && (!role.personal_data || !role.can_write(records::Kind::Person)))
                // Linking reads names and birth dates and writes a person's record.
                problem(p.first, "persons.link needs personal_data and writing person records");
            else role.permissions.push_back(p.second);
        }
        if (const auto* v = o.if_contains("public_figures")) {
            if (!v->is_bool()) problem(join(path, "public_figures"), "must be true or false");
            else role.public_figures = v->get_bool();
            // A public role is for people outside the organisation: figures,
            // and the areas they are of, only.
            bool other_reads = false;
            for (records::Kind k : records::kAllKinds)
                other_reads = other_reads || (k != records::Kind::Area && role.can_read(k));
            if (role.public_figures && (role.personal_data || other_reads))
                problem(join(path, "public_figures"),
                        "a role with public figures reads no records but areas and no personal data");
        }
        // Checked against the table's roles once all are read (RoleTable::parse).
        for (auto& p : strings(o, "granted_by", path, false)) role.granted_by.push_back(p.second);
        return role;
    }

    void problem(std::string path, std::string message) { problems_.push_back({std::move(path), std::move(message)}); }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
    }

private:
    std::string text(const json::object& o, std::string_view key, const std::string& path, bool required) {
        const auto* v = o.if_contains(key);
        if (!v || v->is_null()) {
            if (required) problem(join(path, key), "required");
            return {};
        }
        if (!v->is_string() || (required && v->get_string().empty())) {
            problem(join(path, key), required ? "must be a text that is not empty" : "must be a text");
            return {};
        }
        return std::string(v->get_string());
    }

    // The texts of a list, each with its path.
    std::vector<std::pair<std::string, std::string>> strings(const json::object& o, std::string_view key,
                                                             const std::string& path, bool required) {
        std::vector<std::pair<std::string, std::string>> out;
        const auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(join(path, key), "required (an empty list [] when none)");
            return out;
        }
        if (!v->is_array()) {
            problem(join(path, key), "must be a list");
            return out;
        }
        const auto& a = v->get_array();
        for (size_t i = 0; i < a.size(); ++i) {
            const std::string p = fmt::format("{}[{}]", join(path, key), i);
            if (!a[i].is_string()) problem(p, "must be a text");
            else out.emplace_back(p, std::string(a[i].get_string()));
        }
        return out;
    }

    void kinds(const json::object& o, std::string_view key, const std::string& path,
               std::array<bool, records::kAllKinds.size()>& into) {
        for (auto& [p, name] : strings(o, key, path, true)) {
            const auto kind = records::parse_kind(name);
            if (!kind) {
                problem(p, fmt::format("unknown record kind '{}'", name));
                continue;
            }
            bool& flag = into[static_cast<size_t>(*kind)];
            if (flag) problem(p, fmt::format("{} is listed twice", name));
            flag = true;
        }
    }

    std::vector<Problem>& problems_;
};

Result<RoleTable> failure(const std::vector<Problem>& problems) {
    std::string msg = fmt::format("{} problem(s) in the roles table", problems.size());
    for (const auto& p : problems) msg += fmt::format("\n{}: {}", p.path, p.message);
    return Error::invalid(msg);
}

}  // namespace

bool Role::may(std::string_view permission) const {
    return std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
}

Result<RoleTable> RoleTable::parse(std::string_view json_text) {
    std::error_code ec;
    const json::value root = json::parse(json_text, ec);
    if (ec) return Error::invalid(fmt::format("the roles table is not valid JSON: {}", ec.message()));
    std::vector<Problem> problems;
    RoleReader reader(problems);
    RoleTable table;
    if (!root.is_object()) {
        reader.problem("", "must be an object with format and roles");
        return failure(problems);
    }
    const auto& o = root.get_object();
    for (const auto& kv : o)
        if (kv.key() != "format" && kv.key() != "description" && kv.key() != "roles")
            reader.problem(std::string(kv.key()), "unknown field");
    const auto* format = o.if_contains("format");
    if (!format) reader.problem("format", "required");
    else if (!format->is_string() || format->get_string() != kFormat)
        reader.problem("format", fmt::format("must be {}", kFormat));
    const auto* roles = o.if_contains("roles");
    if (!roles) {
        reader.problem("roles", "required");
    } else if (!roles->is_object()) {
        reader.problem("roles", "must be an object with one entry per role");
    } else {
        if (roles->get_object().empty()) reader.problem("roles", "at least one role is required");
        for (const auto& kv : roles->get_object())
            table.roles_.push_back(reader.read(kv.key(), kv.value(), RoleReader::join("roles", kv.key())));
        for (const auto& role : table.roles_)
            for (size_t i = 0; i < role.granted_by.size(); ++i) {
                const Role* granter = table.find(role.granted_by[i]);
                const std::string path = fmt::format("roles.{}.granted_by[{}]", role.name, i);
                if (!granter) reader.problem(path, fmt::format("unknown role '{}'", role.granted_by[i]));
                else if (!granter->may("users.manage"))
                    reader.problem(path, fmt::format("role '{}' does not have users.manage", role.granted_by[i]));
                else if (role.personal_data || role.may("log.read"))
                    reader.problem(path,
                                   "a role that sees personal data or the processing log is given by the "
                                   "operator on the command line only");
            }
    }
    if (!problems.empty()) return failure(problems);
    return table;
}

Result<RoleTable> RoleTable::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::not_found(fmt::format("cannot read the roles table {}", file.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    auto table = parse(ss.str());
    if (!table) {
        // Every line names the file, as the catalogue's problems do.
        std::string msg;
        std::istringstream lines(table.error().message);
        for (std::string line; std::getline(lines, line);)
            msg += fmt::format("{}{}: {}", msg.empty() ? "" : "\n", file.string(), line);
        return Error{table.error().code, msg};
    }
    return table;
}

bool Role::grantable_by(std::string_view granter) const {
    return std::find(granted_by.begin(), granted_by.end(), granter) != granted_by.end();
}

const Role* RoleTable::find(std::string_view name) const {
    for (const auto& r : roles_)
        if (r.name == name) return &r;
    return nullptr;
}

std::filesystem::path default_roles_file() { return catalogue::default_catalogue_file().parent_path() / "roles.json"; }

}  // namespace grip::auth
