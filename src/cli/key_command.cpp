// grip key rotate|status: moving the sealed personal data to a new seal key.
// `rotate` adds a seal key to the key file (the old ones stay), makes it the
// current one and seals every value of the store again under it, in batches
// of one committed transaction each: a rotation that is cut off goes on where
// it stopped when run again (it finds the values by their key id), and every
// value opens with the key file at every moment, under its old key or its
// new one. `rotate --finish` does the same and then retires the old seal keys
// from the key file once nothing is left under them. `status` counts the
// values under each key. The pseudonym, content and log keys never change
// (see docs/security.md). Both are written to the security log.

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/sealed_values.h"

namespace grip::cli {
namespace {

struct RotateArgs {
    bool finish = false;
    int batch_size = 1000;
    int64_t batches = 0;
};

// A value under a key id the key file does not name stays where it is: it
// cannot be opened, so neither sealed again; `grip check` reports it.
void print_counts(const SealedCounts& counts, const privacy::Keyring& keys) {
    for (const auto& key : keys.seal_keys()) {
        const auto it = counts.by_key.find(key.id);
        fmt::print("seal key {}{}{}: {} values\n", key.id, key.current ? " (current)" : "",
                   key.from_master ? " (derived from the master key)" : "", it == counts.by_key.end() ? 0 : it->second);
    }
    for (const auto& [id, n] : counts.unknown_by_key)
        fmt::print("unknown seal key {}: {} values that no key of the key file opens\n", id, n);
}

Status open_whole_store(Context& ctx) { return ctx.store->set_municipality(storage::kEveryMunicipality); }

Status run_status(const GlobalOptions& options) {
    auto ctx = TRY(open_context(options));
    TRY(open_whole_store(ctx));
    const auto counts = TRY(count_sealed(*ctx.store, ctx.keys));
    print_counts(counts, ctx.keys);
    return log_key_operation(ctx, "key status read");
}

Result<int> run_rotate(const GlobalOptions& options, const RotateArgs& args) {
    auto ctx = TRY(open_context(options));
    TRY(open_whole_store(ctx));
    auto counts = TRY(count_sealed(*ctx.store, ctx.keys));
    // A rotation that was cut off goes on under its key; else one begins.
    if (counts.not_current(ctx.keys.current_seal_key()) > 0) {
        if (!options.quiet)
            fmt::print(stderr, "key rotate: {} values are still under an older key: sealing them under key {}\n",
                       counts.not_current(ctx.keys.current_seal_key()), ctx.keys.current_seal_key());
    } else if (!args.finish) {
        // The key file has the new key before any value is sealed under it.
        const uint32_t id = TRY(privacy::Keyring::add_seal_key(ctx.key_file));
        ctx.keys = TRY(privacy::Keyring::open(ctx.key_file, privacy::CreateIfMissing::No));
        TRY(log_key_operation(ctx, fmt::format("seal key {} added; rotation started", id)));
        if (!options.quiet) fmt::print(stderr, "key rotate: seal key {} added to {}\n", id, ctx.key_file.string());
    }
    ResealOptions reseal_options;
    reseal_options.batch_size = args.batch_size;
    reseal_options.max_batches = args.batches;
    int64_t total = 0;
    reseal_options.progress = [&](const std::string& table, int64_t n) {
        total += n;
        if (!options.quiet)
            fmt::print(stderr, "key rotate: {} values of {} sealed again ({} so far)\n", n, table, total);
    };
    const uint32_t current = ctx.keys.current_seal_key();
    // A writer (the server) may meanwhile move a value under an older key
    // to the history, behind the pass: a few passes catch it.
    for (int pass = 0; pass < 3; ++pass) {
        const auto result = TRY(reseal(*ctx.store, ctx.keys, reseal_options));
        if (result.stopped) {
            TRY(log_key_operation(ctx,
                                  fmt::format("rotation to seal key {} interrupted after {} values", current, total)));
            fmt::print(stderr, "key rotate: stopped after {} batches: run `grip key rotate` again to go on\n",
                       result.batches);
            return 0;
        }
        counts = TRY(count_sealed(*ctx.store, ctx.keys));
        if (counts.not_current(current) == 0) break;
    }
    if (const int64_t left = counts.not_current(current); left > 0) {
        TRY(log_key_operation(ctx,
                              fmt::format("rotation to seal key {}: {} values left under older keys", current, left)));
        return Error::storage(
            fmt::format("{} values are still under older keys (written meanwhile): run `grip key rotate` again", left));
    }
    TRY(log_key_operation(ctx, fmt::format("rotation to seal key {} done: {} values sealed again", current, total)));
    fmt::print("all {} sealed values are under seal key {}\n", counts.by_key[current], current);
    if (counts.unknown() > 0)
        fmt::print(stderr, "key rotate: {} values open with no key of the key file: see `grip check`\n",
                   counts.unknown());
    std::vector<uint32_t> old;
    for (const auto& key : ctx.keys.seal_keys())
        if (!key.current) old.push_back(key.id);
    if (!args.finish) {
        if (!old.empty())
            fmt::print(
                "the older seal keys stay in the key file until `grip key rotate --finish` (keep them while "
                "backups of the store made before this rotation are kept)\n");
        return 0;
    }
    if (old.empty()) {
        fmt::print("no older seal key to retire\n");
        return 0;
    }
    TRY(privacy::Keyring::retire_seal_keys(ctx.key_file, old));
    std::string ids;
    for (uint32_t id : old) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", id);
    TRY(log_key_operation(ctx, fmt::format("seal keys {} retired", ids)));
    fmt::print("seal keys {} retired from the key file\n", ids);
    return 0;
}

}  // namespace

void register_key_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto* key = app.add_subcommand("key", "The key file's seal keys: rotate them, count what each seals");
    key->require_subcommand(1);

    auto args = std::make_shared<RotateArgs>();
    auto* rotate = key->add_subcommand(
        "rotate",
        "Add a new seal key and seal every personal value of the store again under it (resumes a rotation "
        "that was cut off)");
    rotate->add_flag("--finish", args->finish,
                     "Once every value is under the current key, retire the older seal keys from the key file");
    rotate->add_option("--batch-size", args->batch_size, "Values sealed again per transaction")
        ->check(CLI::Range(1, 1000000));
    // For tests of an interrupted rotation: stop after this many batches.
    rotate->add_option("--batches", args->batches)->group("")->check(CLI::NonNegativeNumber);
    rotate->callback([&options, &exit_code, args] {
        auto done = run_rotate(options, *args);
        exit_code = done ? *done : fail(done.error());
    });

    auto* status = key->add_subcommand("status", "The seal keys and how many values each seals (counts only)");
    status->callback([&options, &exit_code] {
        auto done = run_status(options);
        exit_code = done ? 0 : fail(done.error());
    });
}

}  // namespace grip::cli
