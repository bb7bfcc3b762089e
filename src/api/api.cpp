#include "api/api.h"

#include <sodium.h>

#include <algorithm>

#include <boost/asio/co_spawn.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "api/api_routes.h"
#include "api/map_routes.h"
#include "api/problem.h"
#include "api/refusal_log.h"
#include "api/request_body.h"
#include "api/session_cookie.h"
#include "auth/oidc_client.h"
#include "auth/secrets.h"
#include "casework/case_service.h"
#include "casework/workflow_loader.h"
#include "catalogue/catalogue_files.h"
#include "common/date.h"
#include "http/offload.h"
#include "indicators/fact_resolver.h"
#include "indicators/figure_keeper.h"
#include "privacy/subject_pseudonym.h"
#include "privacy/trace_context.h"
#include "records/kind.h"
#include "retention/retention.h"
#include "storage/data_subject.h"

namespace grip::api {
namespace beast = boost::beast;
using beast::http::status;
using beast::http::verb;

std::string Call::query_value(std::string_view name) const {
    for (const auto& [key, value] : query)
        if (key == name) return value;
    return {};
}

Result<std::unique_ptr<Api>> Api::create(ApiConfig config) {
    std::unique_ptr<Api> api(new Api(std::move(config)));
    auto& c = api->config_;
    if (!c.clock) {
        api->own_clock_ = std::make_unique<SystemClock>();
        c.clock = api->own_clock_.get();
    }
    api->roles_ = TRY(auth::RoleTable::load(c.roles_file.empty() ? auth::default_roles_file() : c.roles_file));
    {
        casework::WorkflowContext context{&c.catalogue.catalogue, {}};
        for (const auto& r : api->roles_.roles()) context.roles.push_back(r.name);
        auto file = c.workflows_file;
        if (file.empty()) file = c.catalogue.directory / "workflows.json";
        if (!std::filesystem::exists(file)) file = casework::default_workflows_file();
        api->workflows_ = TRY(casework::load_workflows(file, context));
        auto& files = api->catalogue_files_;
        files.programme = c.catalogue.file.empty() ? c.catalogue.directory / "programme.json" : c.catalogue.file;
        files.workflows = file;
        const auto programme_text = catalogue::read_text_file(files.programme);
        const auto workflows_text = catalogue::read_text_file(files.workflows);
        if (!programme_text) return programme_text.error();
        if (!workflows_text) return workflows_text.error();
        files.running_programme = *programme_text;
        files.running_version = catalogue::text_version(*programme_text + *workflows_text);
        files.running_since = utc_stamp(c.clock->now());
    }
    api->credentials_ = std::make_unique<auth::CredentialCache>(*c.clock);
    api->log_ = TRY(privacy::ProcessingLog::open(c.log_file, c.keys));
    api->pool_ = std::make_unique<ConnectionPool>(c.db, c.catalogue.catalogue.municipality_code, *c.clock);
    {
        // The store opens (and migrates) now, not at the first request, and
        // each municipality's figures are counted with this catalogue.
        auto first = TRY(api->pool_->acquire());
        for (const auto& m : c.catalogue.catalogue.municipalities) {
            TRY(first->store->set_municipality(m.code));
            indicators::FactResolver resolver(*first->store);
            indicators::FigureKeeper keeper(*first->store, c.catalogue.catalogue);
            TRY(keeper.ensure_current(resolver));
        }
    }
    api->writer_ = TRY(Writer::create(c.db, c.catalogue.catalogue, c.keys, c.clock));
    api->writer_->set_log(api->log_.get());
    // Services is an aggregate: std::make_unique would need parenthesised
    // aggregate initialisation, which clang 14 (clang-tidy's) lacks.
    api->services_.reset(new Services{// NOLINT(modernize-make-unique)
                                      c.catalogue, c.keys, api->roles_, *api->log_, *c.clock, *api->pool_,
                                      *api->writer_, api->jobs_, c.settings, api->router_, api->workflows_,
                                      api->catalogue_files_, api->signin_throttle_});
    if (!c.oidc_file.empty()) {
        api->oidc_ =
            std::make_unique<auth::OidcClient>(TRY(auth::load_oidc_config(c.oidc_file, api->roles_)), *c.clock);
        api->services_->oidc = api->oidc_.get();
    }
    add_system_routes(api->router_);
    add_session_routes(api->router_);
    add_record_routes(api->router_);
    add_delivery_routes(api->router_);
    add_indicator_routes(api->router_);
    add_signal_routes(api->router_);
    add_map_routes(api->router_);
    add_drill_routes(api->router_);
    add_calendar_routes(api->router_);
    add_check_routes(api->router_);
    add_region_routes(api->router_);
    add_report_routes(api->router_);
    add_edition_routes(api->router_);
    add_log_routes(api->router_);
    add_search_routes(api->router_);
    add_person_link_routes(api->router_);
    add_case_routes(api->router_);
    add_user_routes(api->router_);
    add_catalogue_routes(api->router_);
    add_oidc_routes(api->router_);
    return api;
}

Api::Api(ApiConfig config) : config_(std::move(config)), threads_(config_.threads) {}

Api::~Api() { stop(); }

void Api::stop() {
    threads_.join();
    if (writer_) writer_->stop();
    if (log_) (void)log_->flush();
}

Status Api::flush() { return log_->flush(); }

Result<int> Api::signal_deadlines() {
    const int64_t now = config_.clock->now();
    const Date today = Date::from_days(static_cast<int32_t>(now / 86400));
    const std::string stamp = utc_stamp(now);
    int signalled = 0;
    for (const auto& m : config_.catalogue.catalogue.municipalities) {
        {
            // Most of the time there is nothing to signal: look before writing.
            auto lease = TRY(pool_->acquire());
            TRY(lease->store->set_municipality(m.code));
            casework::CaseService reader(*lease->store, config_.catalogue.catalogue, workflows_, today, stamp);
            if (TRY(reader.unsignalled_overdue()).empty()) continue;
        }
        signalled += TRY(writer_->run(m.code, [&](WriteBatch& batch) {
            casework::CaseService service(batch.store, config_.catalogue.catalogue, workflows_, today, stamp);
            return service.signal_overdue();
        }));
    }
    return signalled;
}

Result<int64_t> Api::run_retention() {
    if (!config_.catalogue.catalogue.retention.configured()) return int64_t{0};
    const Date today = Date::from_days(static_cast<int32_t>(config_.clock->now() / 86400));
    int64_t removed = 0;
    for (const auto& m : config_.catalogue.catalogue.municipalities) {
        // The store is read and changed by the writer alone, between other writes.
        auto done = writer_->run_exclusive(m.code, [&](storage::Store& store) -> Status {
            const auto plan = TRY(retention::plan(store, config_.catalogue.catalogue, &workflows_, today));
            privacy::LogEntry base;
            base.trace_id = privacy::new_trace_id();
            base.span_id = privacy::new_span_id();
            base.actor = "system:retention";
            base.processing_activity = "bewaartermijn";
            base.municipality = m.code;
            removed += TRY(retention::apply_and_log(store, plan, 1000, *log_, config_.keys, base));
            return ok_status();
        });
        TRY(done.get());
    }
    return removed;
}

boost::asio::awaitable<http::Response> Api::handle(http::Request request, http::RequestInfo info) {
    // The request lives in this coroutine's frame; the work refers to it.
    co_return co_await http::offload(threads_, [&] { return handle_now(request, info); });
}

namespace {

std::string json_body_detail(size_t limit) { return fmt::format("A JSON body is at most {} KiB.", limit / 1024); }

// Tokens longer than this are no token of ours (Accounts refuses them
// unhashed): they are not cached either.
constexpr size_t kMaxCachedToken = 256;

bool is_safe(verb method) { return method == verb::get || method == verb::head || method == verb::options; }

// Query parameters that would put personal data in a URL: the fields that
// the field table marks personal, the address fields that identify a home
// (as record_access shows them), and a person's name and year of birth
// under other names. Compared without case: `?BSN=` is `?bsn=`.
bool is_personal_parameter(std::string_view name) {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out{"name", "birth_year"};
        for (auto kind : records::kAllKinds)
            for (const auto& field : records::kind_spec(kind).fields)
                if (field.personal == records::Personal::Yes) out.emplace_back(field.name);
        for (const auto* field : {"postcode", "house_number", "suffix", "street"}) out.emplace_back(field);
        return out;
    }();
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return beast::iequals(n, name); });
}

}  // namespace

Result<std::optional<http::Response>> Api::authenticate(Call& call, const Route& route) {
    std::optional<http::Response> refusal;
    auth::Accounts accounts(*call.db.store, roles_, *config_.clock);
    const std::string_view authorization = call.request[beast::http::field::authorization];
    // A check accepted in this second is used again (credential_cache.h:
    // a revocation takes effect within a second, at once when made here).
    const auto checked = [&](char kind, std::string_view token, auto check) -> Result<std::optional<auth::Actor>> {
        if (token.empty() || token.size() > kMaxCachedToken) return check(token);
        const std::string hash = auth::token_hash(token);
        if (auto cached = credentials_->find(kind, hash)) return cached;
        const auto ticket = credentials_->begin();
        auto actor = TRY(check(token));
        if (actor) credentials_->keep(kind, hash, *actor, ticket);
        return actor;
    };
    if (authorization.size() > 7 && authorization.substr(0, 7) == "Bearer ") {
        call.actor = TRY(checked('t', authorization.substr(7), [&](std::string_view t) { return accounts.bearer(t); }));
        if (!call.actor) {
            return std::optional<http::Response>(
                problem(status::unauthorized, "the API token is unknown, expired or revoked"));
        }
    } else if (auto token = cookie_value(call.request, config_.settings.session_cookie); !token.empty()) {
        call.actor = TRY(checked('s', token, [&](std::string_view t) { return accounts.session(t); }));
        // A public route ignores a session that has ended: signing in again
        // must work with the old cookie still in the browser.
        if (!call.actor && route.access != Access::Public) {
            return std::optional<http::Response>(
                problem(status::unauthorized,
                        "the session has ended (signed out, or 30 minutes without use, or "
                        "12 hours after signing in): sign in again"));
        }
    }
    if (route.access == Access::Public) return refusal;
    if (!call.actor) {
        refusal = problem(status::unauthorized, "sign in first (POST /api/v1/sessions) or send an API token");
        refusal->set(beast::http::field::www_authenticate, "Bearer realm=\"grip\"");
        return refusal;
    }
    if (call.actor->via == auth::Actor::Via::Session && !is_safe(route.method)) {
        // A browser sends the cookie with any request to this site; only the
        // interface itself knows the session's CSRF token.
        const std::string_view sent = call.request["X-CSRF-Token"];
        const auto& expected = call.actor->csrf_token;
        if (sent.size() != expected.size() || sodium_memcmp(sent.data(), expected.data(), expected.size()) != 0) {
            return std::optional<http::Response>(
                problem(status::forbidden,
                        "the X-CSRF-Token header is missing or wrong (GET /api/v1/sessions/current gives it)"));
        }
    }
    // A session that has still to give its second factor or to change its
    // password may do that and nothing else.
    if (call.actor->pending != auth::Actor::Pending::None && route.access != Access::SigningIn) {
        const std::string step(auth::pending_name(call.actor->pending));
        return std::optional<http::Response>(
            problem(status::forbidden,
                    fmt::format("finish signing in first ({}): GET /api/v1/sessions/current says what is pending",
                                step)));
    }
    if (!route.permission.empty() && !call.actor->role->may(route.permission)) {
        return std::optional<http::Response>(
            problem(status::forbidden, fmt::format("your role ({}) may not do this", call.actor->role->name)));
    }
    return refusal;
}

http::Response Api::answer(const http::Request& request, const http::RequestInfo& info) {
    auto parsed = boost::urls::parse_origin_form(request.target());
    if (!parsed) return problem(status::bad_request, "the request target is not a valid path");
    const std::string path = parsed->path();
    auto match = router_.match(request.method(), path);
    if (!match.route) {
        if (match.path_known) return problem(status::method_not_allowed, "this path does not take this method");
        return problem(status::not_found, "no such resource");
    }
    const Route& route = *match.route;
    if (!takes_files(route) && request.body().size() > config_.json_body_limit)
        return problem(status::payload_too_large, json_body_detail(config_.json_body_limit));

    auto lease = pool_->acquire();
    if (!lease) return problem_from(lease.error());
    Call call{request, info, *services_, **lease, std::move(match.params), {}, std::nullopt, {}, {}, {}, {}, {}};
    for (const auto& param : parsed->params()) {
        if (is_personal_parameter(param.key))
            return problem(status::bad_request, "personal data does not belong in a URL: send a search as a POST body",
                           {{std::string(param.key), "not allowed in a query string"}});
        call.query.emplace_back(param.key, param.value);
    }

    // W3C trace context: continue the caller's trace, or start one.
    if (auto parent = privacy::parse_traceparent(request["traceparent"]); parent.ok()) {
        call.trace_id = parent->trace_id;
        call.parent_span_id = parent->parent_span_id;
    } else {
        call.trace_id = privacy::new_trace_id();
    }
    call.span_id = privacy::new_span_id();

    http::Response response;
    try {
        auto refusal = authenticate(call, route);
        if (!refusal) return problem_from(refusal.error());
        if (*refusal) {
            if (auto logged = log_refusal(call, route, **refusal); !logged) return problem_from(logged.error());
            return std::move(**refusal);
        }
        // Every request works for its user's municipality alone (requests
        // without a user read no municipal rows: signing in, the health check).
        if (auto scoped = call.db.store->set_municipality(call.actor ? call.actor->municipality
                                                                     : config_.catalogue.catalogue.municipality_code);
            !scoped)
            return problem_from(scoped.error());
        if (!route.doc.request_types.empty() && !request.body().empty()) {
            const std::string type = media_type(call);
            bool accepted = false;
            for (const auto& t : route.doc.request_types) accepted = accepted || t == type;
            if (!accepted)
                return problem(status::unsupported_media_type,
                               fmt::format("the body must be one of: {}", fmt::join(route.doc.request_types, ", ")));
        }
        auto answer = route.handler(call);
        response = answer ? std::move(*answer) : problem_from(answer.error());
        if (auto logged = log_refusal(call, route, response); !logged) return problem_from(logged.error());
    } catch (const std::exception& e) {
        auto failure = problem(status::internal_server_error, "the server failed on this request; quote the error id");
        spdlog::error("{} {}: handler failed: {}", std::string(request.method_string()), route.pattern, e.what());
        return failure;
    }
    for (auto& [name, value] : call.set_headers) response.insert(name, value);
    response.set("traceparent", privacy::format_traceparent(call.trace_id, call.span_id));
    return response;
}

http::Response Api::handle_now(const http::Request& request, const http::RequestInfo& info) {
    http::Response response = answer(request, info);
    // A 401 to a request that carried a session cookie makes the browser
    // forget the cookie (set with the attributes it was set with): it did not
    // sign the request in, or a new sign-in is what the answer asks for.
    const auto& name = config_.settings.session_cookie;
    if (response.result() == status::unauthorized && !cookie_value(request, name).empty() &&
        response.find(beast::http::field::set_cookie) == response.end())
        response.insert(beast::http::field::set_cookie, session_cookie(name, "", Removal::Yes));
    return response;
}

bool Api::may_call(const http::Request& header, const http::RequestInfo& info, const Route& route) {
    auto lease = pool_->acquire();
    if (!lease) return false;
    Call call{header, info, *services_, **lease, {}, {}, std::nullopt, {}, {}, {}, {}, {}};
    auto refusal = authenticate(call, route);
    return refusal && !*refusal && call.actor;
}

boost::asio::awaitable<http::BodyLimit> Api::body_limit(const http::Request& header, const http::RequestInfo& info) {
    http::BodyLimit small{config_.json_body_limit, json_body_detail(config_.json_body_limit)};
    auto parsed = boost::urls::parse_origin_form(header.target());
    if (!parsed) co_return small;
    const auto match = router_.match(header.method(), parsed->path());
    if (!match.route || !takes_files(*match.route)) co_return small;
    const Route& route = *match.route;
    // Nothing large is read before the sender is known.
    const bool known = co_await http::offload(threads_, [&] { return may_call(header, info, route); });
    if (known) co_return http::BodyLimit{SIZE_MAX, "The file is larger than the server accepts."};
    small.detail = fmt::format(
        "Sign in (or send an API token) with a role that may do this before sending a body larger than {} KiB.",
        config_.json_body_limit / 1024);
    co_return small;
}

}  // namespace grip::api
