#pragma once
// What the API's handlers share: the catalogue, keys, role table, processing
// log, clock, the store connections and the writer, and the delivery jobs.

#include <filesystem>
#include <mutex>
#include <string>

#include "api/api_contact.h"
#include "api/database.h"
#include "api/jobs.h"
#include "auth/accounts.h"
#include "auth/roles.h"
#include "casework/workflow.h"
#include "catalogue/catalogue_loader.h"
#include "common/clock.h"
#include "privacy/keyring.h"
#include "privacy/processing_log.h"

namespace grip::auth {
class OidcClient;  // auth/oidc_client.h
}  // namespace grip::auth

namespace grip::api {

struct Settings {
    // Cookies carry `Secure`; a browser keeps them over plain HTTP only on
    // localhost, so production runs behind a TLS-terminating proxy.
    std::string session_cookie = "__Host-grip_session";
    int page_default = 50;
    int page_max = 500;
    // The municipality's notification system for signals (signals/webhook):
    // a URL that receives each signal that appeared or ended; empty: none.
    std::string signals_webhook;
    // Who answers for the API here: the OpenAPI document's info.contact.
    ApiContact contact;
};

// The catalogue files the server runs on: `beheer` changes them through the
// API (catalogue_routes); a change takes effect when the server starts again.
struct CatalogueFiles {
    std::filesystem::path programme;  // programme.json
    std::filesystem::path workflows;  // workflows.json
    std::string running_programme;    // programme.json as the server read it at start (GET /api/v1/catalogue)
    std::string running_version;      // of both files as the server read them at start
    std::string running_since;        // when that was (UTC)
    std::mutex saving;                // one change at a time
};

struct Services {
    const catalogue::LoadedCatalogue& catalogue;
    const privacy::Keyring& keys;
    const auth::RoleTable& roles;
    privacy::ProcessingLog& log;
    const Clock& clock;
    ConnectionPool& pool;
    Writer& writer;
    Jobs& jobs;
    Settings settings;
    const class Router& router;
    const casework::Workflows& workflows;
    CatalogueFiles& catalogue_files;
    auth::SignInThrottle& signin_throttle;  // failed sign-ins per client address (signin_throttle.h)
    auth::OidcClient* oidc = nullptr;       // sign-in through the identity provider, when configured
};

}  // namespace grip::api
