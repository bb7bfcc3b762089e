#pragma once
// What the API's handlers share: the catalogue, keys, role table, processing
// log, clock, the store connections and the writer, and the delivery jobs.

#include <filesystem>
#include <string>

#include "api/database.h"
#include "api/jobs.h"
#include "auth/accounts.h"
#include "auth/clock.h"
#include "auth/roles.h"
#include "casework/workflow.h"
#include "catalogue/catalogue_loader.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"

namespace grip::api {

struct Settings {
    // Cookies carry `Secure`; a browser keeps them over plain HTTP only on
    // localhost, so production runs behind a TLS-terminating proxy.
    std::string session_cookie = "__Host-grip_session";
    int page_default = 50;
    int page_max = 500;
};

struct Services {
    const catalogue::LoadedCatalogue& catalogue;
    const privacy::Keyring& keys;
    const auth::RoleTable& roles;
    privacy::ProcessingLog& log;
    const auth::Clock& clock;
    ConnectionPool& pool;
    Writer& writer;
    Jobs& jobs;
    Settings settings;
    const class Router& router;
    const casework::Workflows& workflows;
};

}  // namespace grip::api
