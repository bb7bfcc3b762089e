// grip migrate: moves a city's store to another backend (SQLite to
// PostgreSQL, or back) without losing a record, a version of its history, a
// figure, an account or a case event; checks the copy table by table.
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "privacy/processing_log.h"
#include "privacy/security_log.h"
#include "storage/location.h"
#include "storage/transfer.h"

namespace grip::cli {
namespace {

// The processing log goes with the store: the server on the new store looks
// for it at the new store's default place.
std::string move_processing_log(const GlobalOptions& options, const std::string& target) {
    const auto key_file = key_file_of(options);
    const auto from = privacy::processing_log_file_for(store_location(options), key_file);
    const auto to = privacy::processing_log_file_for(target, key_file);
    std::error_code ec;
    if (!std::filesystem::exists(from, ec)) return "there is no processing log to move";
    if (from == to) return fmt::format("the processing log stays at {}", from.string());
    if (std::filesystem::exists(to, ec))
        return fmt::format("the processing log stays at {}: {} exists already, start the server with --log {}",
                           from.string(), to.string(), from.string());
    // With its anchor and checkpoint, and the security log beside it with its own.
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> files;
    for (const auto& [log_from, log_to] :
         {std::pair{from, to}, std::pair{privacy::security_log_file_for(from), privacy::security_log_file_for(to)}})
        for (const auto& [a, b] :
             {std::pair{log_from, log_to},
              std::pair{privacy::anchor_file_for(log_from), privacy::anchor_file_for(log_to)},
              std::pair{privacy::checkpoint_file_for(log_from), privacy::checkpoint_file_for(log_to)}})
            files.emplace_back(a, b);
    for (const auto& [a, b] : files) {
        if (!std::filesystem::exists(a, ec)) continue;
        if (!std::filesystem::copy_file(a, b, ec))
            return fmt::format("the processing log could not be copied to {} ({}): start the server with --log {}",
                               b.string(), ec.message(), from.string());
    }
    return fmt::format("the processing log is copied to {}, where the server on the new store finds it", to.string());
}

int run_migrate(const GlobalOptions& options, const std::string& target, bool quiet) {
    if (target == store_location(options)) return fail(Error::invalid("--to names the store itself"));
    auto ctx = open_context(options);
    if (!ctx) return fail(ctx.error());
    // The whole store moves: every municipality's rows.
    if (auto every = ctx->store->set_municipality(storage::kEveryMunicipality); !every) return fail(every.error());
    auto to = storage::open_store(target, storage::kEveryMunicipality);
    if (!to) return fail(to.error());
    const auto shown = storage::display_location(target);
    if (!quiet) fmt::print(stderr, "moving {} to {}\n", storage::display_location(ctx->db_location), shown);
    std::string last_table;
    auto copied = storage::copy_store(*ctx->store, **to, [&](const std::string& table, int64_t rows) {
        if (quiet) return;
        if (table != last_table) {
            if (!last_table.empty()) fmt::print(stderr, "\n");
            last_table = table;
        }
        fmt::print(stderr, "\r  {:<20} {:>12} rows", table, rows);
    });
    if (!quiet && !last_table.empty()) fmt::print(stderr, "\n");
    if (!copied) return fail(copied.error());
    if (auto checked = storage::verify_copy(*ctx->store, **to); !checked)
        return fail(
            Error::storage(fmt::format("the copy in {} differs from the source: {}", shown, checked.error().message)));
    int64_t rows = 0;
    for (const auto& t : *copied) rows += t.rows;
    fmt::print("migrated {} rows in {} tables to {}; every table checked equal\n", rows, copied->size(), shown);
    fmt::print("{}\n", move_processing_log(options, target));
    return 0;
}

}  // namespace

void register_migrate_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto target = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "migrate", "Move the store (--db) to another, empty store, e.g. from SQLite to PostgreSQL, and check the copy");
    cmd->add_option("--to", *target,
                    "The new store: a PostgreSQL URL (postgresql://user@host/database) or a SQLite file")
        ->required();
    cmd->callback([&options, &exit_code, target] { exit_code = run_migrate(options, *target, options.quiet); });
}

}  // namespace grip::cli
