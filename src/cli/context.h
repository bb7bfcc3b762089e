#pragma once
// What every command needs: the store, the catalogue and the keys, opened
// from the global options (--db, --key-file, --catalogue) or their defaults.

#include <filesystem>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "catalogue/catalogue_loader.h"
#include "common/result.h"
#include "privacy/keyring.h"
#include "storage/store.h"

namespace grip::cli {

struct GlobalOptions {
    std::string db;
    std::string key_file;
    std::string catalogue;
    std::string municipality;
    bool quiet = false;
};

void add_global_options(CLI::App& app, GlobalOptions& options);

// Who runs the command, as the security log names them: `cli:<login name>`.
std::string operator_name();

struct Context {
    std::unique_ptr<storage::Store> store;
    catalogue::LoadedCatalogue catalogue;
    privacy::Keyring keys;
    std::string db_location;  // a SQLite file or a PostgreSQL URL
    std::filesystem::path key_file;
    std::string municipality;  // the CBS code the command works for (the store's scope)
};

// Opens everything; checks that the key file belongs to the store.
Result<Context> open_context(const GlobalOptions& options);
// The same, with the maintained figures recounted first if the catalogue's
// counting rules changed since they were made: for commands that read figures.
Result<Context> open_counted_context(const GlobalOptions& options);
Result<catalogue::LoadedCatalogue> open_catalogue(const GlobalOptions& options);
// The store and key file the options name (or their defaults).
std::string store_location(const GlobalOptions& options);
std::filesystem::path key_file_of(const GlobalOptions& options);
// The municipality the options name (--municipality, $GRIP_MUNICIPALITY),
// else the catalogue's home municipality; one of the installation's.
Result<std::string> municipality_of(const GlobalOptions& options, const catalogue::Catalogue& catalogue);

// Writes a key operation (`what`: what was done, never a key) to the
// security log beside the store's processing log.
Status log_key_operation(const Context& ctx, std::string_view what);

// Prints an error for people and returns the exit code for it.
int fail(const Error& error);

}  // namespace grip::cli
