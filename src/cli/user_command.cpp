// grip user add|list|disable and grip token create|list|revoke: accounts and
// API tokens from the command line. A password is read from standard input,
// never from the command line (where `ps` and the shell's history see it); a
// new API token is printed once, alone on standard output. The operator on
// the server may give any role; every act is written in the security log
// (beside the processing log), with the operator's login name.

#include <pwd.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "auth/accounts.h"
#include "cli/commands.h"
#include "privacy/processing_log.h"
#include "privacy/security_log.h"
#include "storage/row_values.h"

namespace grip::cli {
namespace {

// The roles table beside the catalogue in use (--catalogue), else the shipped one.
Result<auth::RoleTable> open_roles(const GlobalOptions& options) {
    if (!options.catalogue.empty()) {
        const auto beside = std::filesystem::path(options.catalogue).parent_path() / "roles.json";
        if (std::filesystem::exists(beside)) return auth::RoleTable::load(beside);
    }
    return auth::RoleTable::load(auth::default_roles_file());
}

// Writes the command line's acts in the security log, as the operator.
class Audit {
public:
    explicit Audit(privacy::SecurityLog& log) : log_(log) {}

    Status operator()(privacy::SecurityEvent event, std::string target, std::string detail,
                      const std::string& municipality, privacy::SecurityResult result = privacy::SecurityResult::Ok) {
        privacy::SecurityEntry entry;
        entry.actor = operator_name();
        entry.event = event;
        entry.result = result;
        entry.target = std::move(target);
        entry.detail = std::move(detail);
        entry.client = "cli";
        entry.municipality = municipality;
        return log_.append(std::move(entry));
    }

private:
    privacy::SecurityLog& log_;
};

// Opens the store, the roles and the security log and runs `body` with the
// accounts service and the audit.
void with_accounts(const GlobalOptions& options, int& exit_code,
                   const std::function<Status(auth::Accounts&, Audit&, const std::string&)>& body) {
    auto roles = open_roles(options);
    if (!roles) {
        exit_code = fail(roles.error());
        return;
    }
    auto ctx = open_context(options);
    if (!ctx) {
        exit_code = fail(ctx.error());
        return;
    }
    auto log = privacy::SecurityLog::open(privacy::security_log_file_for(
                                              privacy::processing_log_file_for(ctx->db_location, ctx->key_file)),
                                          ctx->keys);
    if (!log) {
        exit_code = fail(log.error());
        return;
    }
    Audit audit(**log);
    const SystemClock clock;
    auth::Accounts accounts(*ctx->store, *roles, clock);
    auto done = body(accounts, audit, ctx->store->municipality());
    exit_code = done ? 0 : fail(done.error());
}

// One line from standard input, without echo when it is a terminal.
Result<std::string> read_password() {
    const bool terminal = isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (terminal) {
        fmt::print(stderr, "Password: ");
        std::fflush(stderr);
        if (tcgetattr(STDIN_FILENO, &saved) == 0) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fmt::print(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!got && line.empty()) return Error::invalid("no password on standard input");
    return line;
}

// "90d" or "12h" in seconds.
Result<int64_t> parse_lifetime(std::string_view text) {
    const auto bad = Error::invalid(fmt::format("--expires {}: give a number of days or hours, as 90d or 12h", text));
    if (text.size() < 2 || text.size() > 7) return bad;
    int64_t n = 0;
    for (char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9') return bad;
        n = n * 10 + (c - '0');
    }
    if (n == 0) return bad;
    if (text.back() == 'd') return n * 86400;
    if (text.back() == 'h') return n * 3600;
    return bad;
}

std::string utc(int64_t seconds) {
    return fmt::format("{:%Y-%m-%d %H:%M} UTC", std::chrono::sys_seconds{std::chrono::seconds{seconds}});
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += fmt::format("{}{}", out.empty() ? "" : ",", i);
    return out;
}

struct UserArgs {
    std::string name, role, organisation;
    std::vector<std::string> locations;
    bool password_stdin = false;
    bool system = false;
    bool no_locations = false;
};

struct TokenArgs {
    std::string user, name, expires;
    int64_t id = 0;
};

void register_user(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto* cmd = app.add_subcommand("user", "Add, list, change, disable and reset the users of Grip");
    cmd->require_subcommand(1);
    auto args = std::make_shared<UserArgs>();

    auto* add = cmd->add_subcommand("add", "Add a user; the password is read from standard input");
    add->add_option("name", args->name, "The user name: letters, digits, '.', '_', '-'")->required();
    add->add_option("--role", args->role, "The role (see catalogue/roles.json)")->required();
    add->add_option("--organisation", args->organisation, "The organisation id the user works for");
    add->add_option("--location", args->locations, "A location id the user works at (repeat for more)");
    add->add_flag("--password-stdin", args->password_stdin,
                  "Read the password (at least 12 characters) from standard input, one line");
    add->add_flag("--system", args->system,
                  "A system account for a partner system: no password, it works with API tokens only (a person's "
                  "account signs in with a password and never gets a token)");
    add->callback([&options, &exit_code, args] {
        if (args->system) {
            if (args->password_stdin) {
                exit_code = fail(Error::invalid("a system account has no password: leave out --password-stdin"));
                return;
            }
            with_accounts(
                options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
                    const int64_t id = TRY(accounts.add_user(args->name, args->role, args->organisation,
                                                             args->locations, "", storage::UserKind::System));
                    TRY(audit(privacy::SecurityEvent::UserCreated, args->name, fmt::format("id={} kind=system", id),
                              m));
                    TRY(audit(privacy::SecurityEvent::RoleGranted, args->name, "role=" + args->role, m));
                    fmt::print("system account {} added (id {}, role {}); give it a token with grip token create\n",
                               args->name, id, args->role);
                    return ok_status();
                });
            return;
        }
        if (!args->password_stdin) {
            exit_code = fail(Error::invalid(
                "give --password-stdin and the password on standard input: a password on the command line is seen "
                "by other users of the machine"));
            return;
        }
        auto password = read_password();
        if (!password) {
            exit_code = fail(password.error());
            return;
        }
        with_accounts(options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
            const int64_t id =
                TRY(accounts.add_user(args->name, args->role, args->organisation, args->locations, *password));
            TRY(audit(privacy::SecurityEvent::UserCreated, args->name, fmt::format("id={} kind=person", id), m));
            TRY(audit(privacy::SecurityEvent::RoleGranted, args->name, "role=" + args->role, m));
            fmt::print("user {} added (id {}, role {})\n", args->name, id, args->role);
            return ok_status();
        });
        sodium_memzero(password->data(), password->size());
    });

    auto* list = cmd->add_subcommand("list", "List the users (never their password hashes)");
    list->callback([&options, &exit_code] {
        with_accounts(options, exit_code, [](auth::Accounts& accounts, Audit&, const std::string&) -> Status {
            const auto users = TRY(accounts.users());
            fmt::print("{:<24}  {:<13}  {:<6}  {:<16}  {:<8}  {}\n", "name", "role", "kind", "organisation", "status",
                       "locations");
            for (const auto& u : users)
                fmt::print("{:<24}  {:<13}  {:<6}  {:<16}  {:<8}  {}\n", u.name, u.role,
                           storage::user_kind_text(u.kind), u.organisation, u.disabled ? "disabled" : "active",
                           joined(u.locations));
            return ok_status();
        });
    });

    auto* disable = cmd->add_subcommand("disable", "Disable a user: sign-in, sessions and API tokens stop working");
    disable->add_option("name", args->name, "The user name")->required();
    disable->callback([&options, &exit_code, args] {
        with_accounts(options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
            TRY(accounts.disable_user(args->name));
            TRY(audit(privacy::SecurityEvent::UserDisabled, args->name, "", m));
            fmt::print("user {} disabled\n", args->name);
            return ok_status();
        });
    });

    // The operator changes any user's role and places (beheer, through the
    // API, only between the roles it may give); the user's sessions end.
    auto* change = cmd->add_subcommand("change",
                                       "Change a user's role, organisation or locations; the user's "
                                       "sessions end (what is not given stays)");
    change->add_option("name", args->name, "The user name")->required();
    auto* change_role = change->add_option("--role", args->role, "The new role (see catalogue/roles.json)");
    auto* change_org = change->add_option("--organisation", args->organisation,
                                          "The organisation id the user works for ('' for none)");
    auto* change_locations =
        change->add_option("--location", args->locations, "A location id the user works at (repeat for more)");
    change->add_flag("--no-locations", args->no_locations, "The user works at no location");
    change->callback([&options, &exit_code, args, change_role, change_org, change_locations] {
        const bool no_locations = args->no_locations;
        if (!*change_role && !*change_org && !*change_locations && !no_locations) {
            exit_code = fail(Error::invalid("say what changes: --role, --organisation, --location or --no-locations"));
            return;
        }
        if (*change_locations && no_locations) {
            exit_code = fail(Error::invalid("give --location or --no-locations, not both"));
            return;
        }
        with_accounts(options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
            storage::UserRow current;
            for (auto& u : TRY(accounts.users()))
                if (u.name == args->name) current = std::move(u);
            if (current.name.empty()) return Error::not_found(fmt::format("no user named {}", args->name));
            const std::string role = *change_role ? args->role : current.role;
            const std::string organisation = *change_org ? args->organisation : current.organisation;
            std::vector<std::string> locations = *change_locations ? args->locations
                                                 : no_locations    ? std::vector<std::string>{}
                                                                   : current.locations;
            const auto changed = TRY(accounts.change_user(args->name, role, organisation, locations));
            TRY(audit(privacy::SecurityEvent::UserChanged, args->name,
                      fmt::format("role={} organisation={} locations={}", changed.role, changed.organisation,
                                  joined(changed.locations)),
                      m));
            if (role != current.role) TRY(audit(privacy::SecurityEvent::RoleGranted, args->name, "role=" + role, m));
            fmt::print("user {} changed (role {}, organisation {}, locations {}); its sessions ended\n", args->name,
                       changed.role, changed.organisation.empty() ? "-" : changed.organisation,
                       changed.locations.empty() ? "-" : joined(changed.locations));
            return ok_status();
        });
    });

    // The operator's resets (beheer's through the API, for any role): the
    // one-time password is printed once, to hand over to the user, who must
    // change it at the next sign-in.
    auto* reset = cmd->add_subcommand(
        "reset-password", "Give a person a one-time password (printed once) that must be changed at the next sign-in");
    reset->add_option("name", args->name, "The user name")->required();
    reset->callback([&options, &exit_code, args] {
        with_accounts(options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
            const std::string password = TRY(accounts.reset_password(args->name));
            TRY(audit(privacy::SecurityEvent::UserChanged, args->name, "password reset", m));
            fmt::print("one-time password of {} (to be changed at the next sign-in): {}\n", args->name, password);
            return ok_status();
        });
    });
    auto* reset_second =
        cmd->add_subcommand("reset-second-factor",
                            "Forget a person's second factor (TOTP): the next sign-in enrols a new one");
    reset_second->add_option("name", args->name, "The user name")->required();
    reset_second->callback([&options, &exit_code, args] {
        with_accounts(options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
            TRY(accounts.reset_second_factor(args->name));
            TRY(audit(privacy::SecurityEvent::UserChanged, args->name, "second factor reset", m));
            fmt::print("second factor of {} reset: the next sign-in enrols a new one\n", args->name);
            return ok_status();
        });
    });
}

void register_token(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto* cmd = app.add_subcommand("token", "Create, list and revoke API tokens");
    cmd->require_subcommand(1);
    auto args = std::make_shared<TokenArgs>();

    auto* create = cmd->add_subcommand("create", "Create an API token for a user; it is printed once");
    create->add_option("--user", args->user, "The system account the token acts as (see grip user add --system)")
        ->required();
    create->add_option("--name", args->name, "What the token is for");
    create->add_option("--expires", args->expires, "How long it is valid: days (90d) or hours (12h)")->required();
    create->callback([&options, &exit_code, args] {
        auto lifetime = parse_lifetime(args->expires);
        if (!lifetime) {
            exit_code = fail(lifetime.error());
            return;
        }
        with_accounts(options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
            auto created = accounts.create_token(args->user, args->name, *lifetime);
            if (!created && created.error().code == ErrorCode::Invalid)
                TRY(audit(privacy::SecurityEvent::TokenCreated, args->user, "refused", m,
                          privacy::SecurityResult::Denied));
            const auto issued = TRY(std::move(created));
            TRY(audit(privacy::SecurityEvent::TokenCreated, args->user,
                      fmt::format("id={} name={}", issued.id, args->name), m));
            // The token alone on standard output, so that a script can take it;
            // the rest for people on standard error.
            fmt::print("{}\n", issued.token);
            std::fflush(stdout);
            fmt::print(stderr, "token {} for {} expires {}; it is not shown again\n", issued.id, args->user,
                       utc(issued.expires_at));
            return ok_status();
        });
    });

    auto* list = cmd->add_subcommand("list", "List the API tokens (never the tokens themselves)");
    list->callback([&options, &exit_code] {
        with_accounts(options, exit_code, [](auth::Accounts& accounts, Audit&, const std::string&) -> Status {
            std::map<int64_t, std::string> names;
            for (const auto& u : TRY(accounts.users())) names[u.id] = u.name;
            const auto tokens = TRY(accounts.tokens());
            const int64_t now = SystemClock().now();
            fmt::print("{:>4}  {:<24}  {:<20}  {:<20}  {:<8}  {}\n", "id", "user", "created", "expires", "status",
                       "name");
            for (const auto& t : tokens) {
                const char* status = t.revoked ? "revoked" : now >= t.expires_at ? "expired" : "active";
                fmt::print("{:>4}  {:<24}  {:<20}  {:<20}  {:<8}  {}\n", t.id, names[t.user], utc(t.created_at),
                           utc(t.expires_at), status, t.name);
            }
            return ok_status();
        });
    });

    auto* revoke = cmd->add_subcommand("revoke", "Revoke an API token: it stops working at once");
    revoke->add_option("id", args->id, "The token's id (see grip token list)")->required();
    revoke->callback([&options, &exit_code, args] {
        with_accounts(options, exit_code, [&](auth::Accounts& accounts, Audit& audit, const std::string& m) -> Status {
            TRY(accounts.revoke_token(args->id));
            TRY(audit(privacy::SecurityEvent::TokenRevoked, "", fmt::format("id={}", args->id), m));
            fmt::print("token {} revoked\n", args->id);
            return ok_status();
        });
    });
}

}  // namespace

void register_user_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
    register_user(app, options, exit_code);
    register_token(app, options, exit_code);
}

}  // namespace grip::cli
