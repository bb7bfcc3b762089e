#include <fmt/format.h>

#include "cli/cli_log.h"
#include "cli/commands.h"
#include "cli/sealed_values.h"

namespace grip::cli {
namespace {

Status log_read(const Context& ctx, records::Kind kind, const std::string& id) {
    auto log = TRY(CommandLog::open(ctx, "registratie"));
    return log.record(ctx, privacy::LogAction::Read, kind, id);
}

}  // namespace

void register_store_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto* deliveries = app.add_subcommand("deliveries", "List the deliveries taken into the store");
    deliveries->callback([&options, &exit_code] {
        auto ctx = open_context(options);
        if (!ctx) {
            exit_code = fail(ctx.error());
            return;
        }
        auto list = ctx->store->deliveries();
        if (!list) {
            exit_code = fail(list.error());
            return;
        }
        fmt::print("{:>4}  {:<20}  {:<9}  {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}  {}\n", "nr", "finished", "status",
                   "read", "stored", "replaced", "withdrwn", "same", "rejected", "source");
        for (const auto& d : *list) {
            const auto& c = d.counts;
            fmt::print("{:>4}  {:<20}  {:<9}  {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}  {}\n", d.id, d.finished_at, d.status,
                       c.read, c.stored, c.replaced, c.withdrawn, c.unchanged, c.rejected, d.info.source);
        }
        exit_code = 0;
    });

    auto kind = std::make_shared<std::string>();
    auto id = std::make_shared<std::string>();
    auto* history = app.add_subcommand("history", "The versions of one record (personal fields are not shown)");
    history->add_option("kind", *kind, "The record kind: activity, person, address, ...")->required();
    history->add_option("id", *id, "The record's id (an area's code)")->required();
    history->callback([&options, &exit_code, kind, id] {
        const auto k = records::parse_kind(*kind);
        if (!k) {
            exit_code = fail(Error::invalid(fmt::format("unknown record kind '{}'", *kind)));
            return;
        }
        auto ctx = open_context(options);
        if (!ctx) {
            exit_code = fail(ctx.error());
            return;
        }
        auto versions = ctx->store->history(*k, *id);
        if (!versions) {
            exit_code = fail(versions.error());
            return;
        }
        if (versions->empty()) {
            exit_code = fail(Error::not_found(fmt::format("no {} with this id", *kind)));
            return;
        }
        // The versions of a person's record are a read of their data, even without the sealed fields.
        if (auto logged = log_read(*ctx, *k, *id); !logged) {
            exit_code = fail(logged.error());
            return;
        }
        for (const auto& v : *versions)
            fmt::print("version {} (delivery {}, {}){}: {}\n", v.seq, v.delivery, v.recorded_at,
                       v.withdrawn ? " withdrawn" : "", boost::json::serialize(v.fields));
        exit_code = 0;
    });

    auto* check = app.add_subcommand("check", "Check the store's integrity and that the key file belongs to it");
    check->callback([&options, &exit_code] {
        auto ctx = open_context(options);
        if (!ctx) {
            exit_code = fail(ctx.error());
            return;
        }
        auto result = ctx->store->integrity_check();
        if (!result) {
            exit_code = fail(result.error());
            return;
        }
        fmt::print("integrity: {}\nkey file: belongs to this store\n", *result);
        exit_code = *result == "ok" ? 0 : 1;
        // Every sealed value must open with a key of the key file: one under
        // a key that was retired, or that another key file added, is lost
        // personal data.
        auto sealed = [&]() -> Result<SealedCounts> {
            TRY(ctx->store->set_municipality(storage::kEveryMunicipality));
            return count_sealed(*ctx->store, ctx->keys);
        }();
        if (!sealed) {
            exit_code = fail(sealed.error());
            return;
        }
        if (sealed->unknown() == 0) {
            fmt::print("sealed values: {}, all open with the key file\n", sealed->total);
            return;
        }
        std::string where;
        for (const auto& [table, n] : sealed->unknown_by_table)
            where += fmt::format("{}{} in {}", where.empty() ? "" : ", ", n, table);
        std::string keys;
        for (const auto& [id, n] : sealed->unknown_by_key) keys += fmt::format("{}{}", keys.empty() ? "" : ", ", id);
        fmt::print("sealed values: {} of {} open with no key of the key file ({}; key ids {})\n", sealed->unknown(),
                   sealed->total, where, keys);
        exit_code = 1;
    });
}

}  // namespace grip::cli
