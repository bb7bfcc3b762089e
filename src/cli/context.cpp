#include "cli/context.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "indicators/fact_resolver.h"
#include "indicators/figure_keeper.h"
#include "privacy/processing_log.h"
#include "privacy/security_log.h"
#include "storage/location.h"

namespace grip::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option(
        "--db", options.db,
        "The store: a SQLite file or a PostgreSQL URL postgresql://user@host/database (default $GRIP_DB, else "
        "~/.local/share/grip/grip.db)");
    app.add_option("--key-file", options.key_file,
                   "The key file for pseudonyms and sealed personal data (default $GRIP_KEY_FILE, else "
                   "~/.local/share/grip/grip.key); created on first use");
    app.add_option("--catalogue", options.catalogue, "The catalogue file (default: the programme shipped with Grip)");
    app.add_option("--municipality", options.municipality,
                   "The municipality to work for, by CBS code (default $GRIP_MUNICIPALITY, else the catalogue's "
                   "municipality)");
    app.add_flag("-q,--quiet", options.quiet, "No progress bar or summary");
}

Result<catalogue::LoadedCatalogue> open_catalogue(const GlobalOptions& options) {
    const std::filesystem::path file =
        options.catalogue.empty() ? catalogue::default_catalogue_file() : std::filesystem::path(options.catalogue);
    return catalogue::load_catalogue(file);
}

std::string store_location(const GlobalOptions& options) {
    return options.db.empty() ? privacy::default_db_file().string() : options.db;
}

std::filesystem::path key_file_of(const GlobalOptions& options) {
    return options.key_file.empty() ? privacy::default_key_file() : std::filesystem::path(options.key_file);
}

Result<std::string> municipality_of(const GlobalOptions& options, const catalogue::Catalogue& catalogue) {
    std::string code = options.municipality;
    if (code.empty()) {
        const char* env = std::getenv("GRIP_MUNICIPALITY");
        code = env && *env ? env : catalogue.municipality_code;
    }
    if (!catalogue.municipality(code)) {
        std::vector<std::string> known;
        for (const auto& m : catalogue.municipalities) known.push_back(fmt::format("{} ({})", m.code, m.name));
        return Error::invalid(fmt::format("{} is not a municipality of this installation; the catalogue lists {}", code,
                                          fmt::join(known, ", ")));
    }
    return code;
}

std::string operator_name() {
    const passwd* pw = ::getpwuid(::getuid());
    return fmt::format("cli:{}", pw && pw->pw_name ? pw->pw_name : std::to_string(::getuid()));
}

Status log_key_operation(const Context& ctx, std::string_view what) {
    auto log = TRY(privacy::SecurityLog::open(
        privacy::security_log_file_for(privacy::processing_log_file_for(ctx.db_location, ctx.key_file)), ctx.keys));
    privacy::SecurityEntry entry;
    entry.actor = operator_name();
    entry.event = privacy::SecurityEvent::KeyOperation;
    entry.target = ctx.key_file.filename().string();
    entry.detail = std::string(what);
    entry.client = "cli";
    entry.municipality = ctx.municipality;
    return log->append(std::move(entry));
}

Result<Context> open_context(const GlobalOptions& options) {
    Context ctx{
        nullptr, TRY(open_catalogue(options)), privacy::Keyring{}, store_location(options), key_file_of(options), {}};
    ctx.municipality = TRY(municipality_of(options, ctx.catalogue.catalogue));
    const bool new_key = !std::filesystem::exists(ctx.key_file);
    ctx.keys = TRY(privacy::Keyring::open(ctx.key_file, privacy::CreateIfMissing::Yes));
    // A store made before municipalities belongs to the home municipality.
    ctx.store = TRY(storage::open_store(ctx.db_location, ctx.catalogue.catalogue.municipality_code));
    TRY(ctx.store->set_municipality(ctx.municipality));
    const auto check = TRY(ctx.store->meta("key_check"));
    if (!check) {
        if (TRY(ctx.store->count_current(records::Kind::Person)) > 0)
            return Error::invalid("the store holds persons but no key check: it was not made by this Grip");
        TRY(ctx.store->set_meta("key_check", ctx.keys.check_value()));
        // A key operation: the security log says when a key was made and
        // bound to a store (never the key).
        TRY(log_key_operation(ctx, new_key ? "created, bound to the store" : "bound to the store"));
    } else if (*check != ctx.keys.check_value()) {
        return Error::invalid(fmt::format(
            "the key file {} does not belong to the store {}: give the right one with --key-file or GRIP_KEY_FILE",
            ctx.key_file.string(), storage::display_location(ctx.db_location)));
    }
    return ctx;
}

Result<Context> open_counted_context(const GlobalOptions& options) {
    auto ctx = TRY(open_context(options));
    indicators::FactResolver resolver(*ctx.store);
    indicators::FigureKeeper keeper(*ctx.store, ctx.catalogue.catalogue);
    TRY(keeper.ensure_current(resolver));
    return ctx;
}

int fail(const Error& error) {
    fmt::print(stderr, "grip: {}\n", error.message);
    switch (error.code) {
        case ErrorCode::Invalid: return 2;
        case ErrorCode::NotFound: return 3;
        default: return 1;
    }
}

}  // namespace grip::cli
