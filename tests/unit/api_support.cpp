#include "api_support.h"

#include "http/static_files.h"

#include <fstream>

#include <boost/json.hpp>

#include "auth/accounts.h"
#include "auth/roles.h"
#include "contract_support.h"
#include "ingest/delivery.h"
#include "privacy/processing_log.h"

#include <liboath/oath.h>

namespace grip::testing {
namespace json = boost::json;

const std::vector<TestUser>& test_users() {
    static const std::vector<TestUser> users = {
        {"balie", "infopunt", "ORG-INFO", {"LOC-ZUID"}},
        {"balie-west", "infopunt", "ORG-WEST", {"LOC-WEST"}},
        {"inspecteur", "handhaving", "ORG-HH", {}},
        {"opvang", "ketenpartner", "ORG-KP", {}},
        {"adviseur", "beleid", "", {}},
        {"beheerder", "beheer", "", {}},
        {"fg", "privacy", "", {}},
        {"regio", "regio", "", {}},
        {"raad", "publiek", "", {}},
        {"dh-balie", "infopunt", "ORG-INFO", {"LOC-ZUID"}, std::string(kOtherMunicipality)},
        {"dh-inspecteur", "handhaving", "ORG-HH", {}, std::string(kOtherMunicipality)},
        {"dh-opvang", "ketenpartner", "ORG-KP", {}, std::string(kOtherMunicipality)},
        {"dh-adviseur", "beleid", "", {}, std::string(kOtherMunicipality)},
        {"dh-beheerder", "beheer", "", {}, std::string(kOtherMunicipality)},
        {"dh-fg", "privacy", "", {}, std::string(kOtherMunicipality)},
        {"dh-raad", "publiek", "", {}, std::string(kOtherMunicipality)},
    };
    return users;
}

ApiServer::ApiServer(Options options) {
    db_ = store_location(dir_.path(), "grip.db");
    key_file_ = dir_ / "grip.key";
    log_file_ = privacy::processing_log_file_for(db_, key_file_);
    exchanges_file_ = dir_ / "exchanges.ndjson";
    auto keys = privacy::Keyring::open(key_file_, privacy::CreateIfMissing::Yes);
    if (!keys) throw std::runtime_error(keys.error().message);
    auto catalogue = catalogue::load_catalogue(options.catalogue_file.empty() ? catalogue::default_catalogue_file()
                                                                              : options.catalogue_file);
    if (!catalogue) throw std::runtime_error(catalogue.error().message);
    {
        auto store = storage::open_store(db_, "GM0599");
        if (!store) throw std::runtime_error(store.error().message);
        if (auto set = (*store)->set_meta("key_check", keys->check_value()); !set)
            throw std::runtime_error(set.error().message);
        ingest::Importer importer(**store, catalogue->catalogue, *keys);
        auto report = importer.import_file(test_data() / "api" / "base.ndjson", {});
        if (!report || !report->committed) {
            std::string why = report ? "" : report.error().message;
            if (report)
                for (const auto& e : report->errors) why += e.text() + "\n";
            throw std::runtime_error("the API test data does not import: " + why);
        }
        auto roles = auth::RoleTable::load(auth::default_roles_file());
        if (!roles) throw std::runtime_error(roles.error().message);
        auth::Accounts accounts(**store, *roles, clock_, auth::PasswordCost::Minimum);
        for (const auto& u : test_users()) {
            if (auto scoped = (*store)->set_municipality(u.municipality); !scoped)
                throw std::runtime_error(scoped.error().message);
            auto added = accounts.add_user(u.name, u.role, u.organisation, u.locations, kTestPassword);
            if (!added) throw std::runtime_error(added.error().message);
            // The tests act as each person through a token, which Accounts
            // gives system accounts only: the fixture writes the row itself.
            const std::string token = auth::random_token();
            const int64_t now = clock_.now();
            auto stored = (*store)->add_api_token(
                {0, *added, "tests", auth::token_hash(token), now, now + 30 * 24 * 3600, false});
            if (!stored) throw std::runtime_error(stored.error().message);
            tokens_[u.name] = token;
        }
    }
    api::ApiConfig config;
    config.db = db_;
    config.catalogue = std::move(*catalogue);
    config.keys = std::move(*keys);
    config.log_file = log_file_;
    config.threads = 4;
    config.clock = &clock_;
    auto api = api::Api::create(std::move(config));
    if (!api) throw std::runtime_error(api.error().message);
    api_ = std::move(*api);
    http::ServerConfig server_config;
    server_config.port = 0;
    server_config.body_limit = options.body_limit;
    server_config.read_timeout = options.read_timeout;
    server_config.access_log = false;
    // The tests follow jobs by asking as fast as they can, all from one address.
    server_config.requests_per_second_per_client = 0;
    api::Api* app = api_.get();
    std::shared_ptr<const http::StaticFiles> web;
    if (!options.web_root.empty()) {
        auto loaded = http::StaticFiles::load(options.web_root);
        if (!loaded) throw std::runtime_error(loaded.error().message);
        web = std::move(*loaded);
    }
    auto server =
        http::Server::create(server_config,
                             http::with_static_files(web,
                                                     [app](http::Request&& request, const http::RequestInfo& info) {
                                                         return app->handle(std::move(request), info);
                                                     }),
                             [app](const http::Request& header, const http::RequestInfo& info) {
                                 return app->body_limit(header, info);
                             });
    if (!server) throw std::runtime_error(server.error().message);
    server_ = std::move(*server);
    server_->start();
    client_ = std::make_unique<HttpClient>(server_->port());
}

ApiServer::~ApiServer() {
    client_.reset();
    if (server_) server_->stop();
    if (api_) api_->stop();
}

HttpResponse ApiServer::as(const std::string& user, std::string_view method, std::string_view target, std::string body,
                           std::string_view content_type, HttpHeaders headers) {
    if (!user.empty()) headers.emplace_back("Authorization", "Bearer " + tokens_.at(user));
    if (!body.empty()) headers.emplace_back("Content-Type", std::string(content_type));
    return send(method, target, std::move(body), std::move(headers));
}

HttpResponse ApiServer::send(std::string_view method, std::string_view target, std::string body, HttpHeaders headers) {
    auto response = client_->request(method, target, std::move(body), headers);
    // The route the router takes for this path, as the document names it.
    std::string path(target.substr(0, target.find('?')));
    const auto verb = boost::beast::http::string_to_verb(method);
    const auto match = api_->router().match(verb, path);
    const std::string route = match.route ? match.route->pattern : path;
    const std::string type = response.header("Content-Type");
    record_exchange(exchanges_file_.string(), std::string(method), route, std::string(target),
                    static_cast<int>(response.status), type.substr(0, type.find(';')), response.body);
    return response;
}

void ApiServer::adopt_exchanges(const ApiServer& other) {
    std::ifstream in(other.exchanges_file_, std::ios::binary);
    std::ofstream out(exchanges_file_, std::ios::binary | std::ios::app);
    out << in.rdbuf();
}

void ApiServer::check_contract() {
    const auto openapi = dir_ / "openapi.json";
    {
        std::ofstream out(openapi);
        out << json::serialize(api::openapi_document(api_->router()));
    }
    const auto routes = dir_ / "routes.json";
    {
        json::array list;
        for (const auto& r : api_->router().routes()) {
            std::string method(boost::beast::http::to_string(r.method));
            list.push_back(json::object{{"method", method}, {"route", r.pattern}});
        }
        std::ofstream out(routes);
        out << json::serialize(list);
    }
    if (!std::filesystem::exists(exchanges_file_)) return;
    const auto result = testing::check_contract(openapi.string(), exchanges_file_.string(), routes.string());
    EXPECT_EQ(result.exit_code, 0) << result.output;
}

json::value parse_body(const HttpResponse& response) {
    boost::system::error_code ec;
    auto value = json::parse(response.body, ec);
    if (ec) return nullptr;
    return value;
}

json::object ApiServer::finished_job(const std::string& user, const std::string& location) {
    for (int i = 0; i < 100000; ++i) {
        auto job = parse_body(as(user, "GET", location)).as_object();
        const auto state = job.at("state").as_string();
        if (state == "done" || state == "failed") return job;
    }
    ADD_FAILURE() << "the job did not finish";
    return {};
}

std::string totp_code(const std::string& secret, int64_t unix_seconds) {
    oath_init();
    char code[7] = {};
    if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), 30, 0, 6, code) != OATH_OK)
        throw std::runtime_error("liboath cannot make a code");
    return std::string(code, 6);
}

std::string totp_secret_of(const std::string& base32) {
    oath_init();
    std::string padded = base32;
    while (padded.size() % 8 != 0) padded += '=';
    char* out = nullptr;
    size_t length = 0;
    if (oath_base32_decode(padded.data(), padded.size(), &out, &length) != OATH_OK)
        throw std::runtime_error("not base32");
    std::string secret(out, length);
    free(out);
    return secret;
}

std::string cookie_of(const HttpResponse& response) {
    const std::string cookie = response.header("Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
}

HttpHeaders ApiServer::with(const Session& session, bool json_body) {
    HttpHeaders headers{{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}};
    if (json_body) headers.emplace_back("Content-Type", "application/json");
    return headers;
}

HttpResponse ApiServer::sign_in_password(const std::string& user, const std::string& password) {
    return send("POST", "/api/v1/sessions", json::serialize(json::object{{"username", user}, {"password", password}}),
                {{"Content-Type", "application/json"}});
}

std::string ApiServer::fresh_code(const std::string& user) {
    const std::string& secret = totp_secrets_.at(user);
    int64_t now_step = clock_.now() / 30;
    auto last = totp_last_step_.find(user);
    int64_t step = now_step - 1;
    if (last != totp_last_step_.end() && last->second + 1 > step) step = last->second + 1;
    if (step > now_step + 1) {
        // Every code of the window is used: the next step comes (the test's clock, no waiting).
        clock_.set((step - 1) * 30);
        now_step = step - 1;
    }
    totp_last_step_[user] = step;
    return totp_code(secret, step * 30);
}

ApiServer::Session ApiServer::sign_in(const std::string& user, const std::string& password) {
    Session session;
    auto response = sign_in_password(user, password);
    EXPECT_EQ(response.status, 201u) << response.body;
    if (response.status != 201) return session;
    session.cookie = cookie_of(response);
    session.who = parse_body(response).as_object();
    session.csrf = std::string(session.who.at("csrf_token").as_string());
    const auto pending = [&] {
        const auto& p = session.who.at("pending");
        return p.is_string() ? std::string(p.as_string()) : std::string();
    };
    if (pending() == "second_factor_enrolment") {
        auto enrolment = send("POST", "/api/v1/sessions/current/second-factor/enrolment", {}, with(session, false));
        EXPECT_EQ(enrolment.status, 201u) << enrolment.body;
        if (enrolment.status != 201) return session;
        totp_secrets_[user] = totp_secret_of(std::string(parse_body(enrolment).at("secret").as_string()));
        totp_last_step_.erase(user);
    }
    if (pending() == "second_factor_enrolment" || pending() == "second_factor") {
        auto done = send("POST", "/api/v1/sessions/current/second-factor",
                         json::serialize(json::object{{"code", fresh_code(user)}}), with(session));
        EXPECT_EQ(done.status, 200u) << done.body;
        if (done.status != 200) return session;
        session.cookie = cookie_of(done);
        session.who = parse_body(done).as_object();
        session.csrf = std::string(session.who.at("csrf_token").as_string());
    }
    return session;
}

}  // namespace grip::testing
