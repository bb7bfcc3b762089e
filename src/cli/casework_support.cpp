#include "cli/casework_support.h"

#include "storage/data_subject.h"

#include <chrono>

#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "auth/roles.h"
#include "report/edition.h"

namespace grip::cli {
namespace json = boost::json;

Result<casework::Workflows> open_workflows(const GlobalOptions& options, const catalogue::Catalogue& catalogue) {
    auto file = casework::default_workflows_file();
    if (!options.catalogue.empty()) {
        const auto beside = std::filesystem::path(options.catalogue).parent_path() / "workflows.json";
        if (std::filesystem::exists(beside)) file = beside;
    }
    return casework::load_workflows(file, casework::WorkflowContext{&catalogue, {}});
}

Result<CaseworkContext> open_casework(const GlobalOptions& options) {
    auto base = TRY(open_context(options));
    auto workflows = TRY(open_workflows(options, base.catalogue.catalogue));
    return CaseworkContext{std::move(base), std::move(workflows)};
}

Result<casework::CaseActor> acting_user(storage::Store& store, const std::string& name) {
    auto user = TRY(store.user_by_name(name));
    if (!user || user->disabled || user->municipality != store.municipality())
        return Error::invalid(fmt::format("--user {}: no active user of that name in {} (see grip user list)", name,
                                          store.municipality()));
    return casework::CaseActor{user->name, user->role, user->organisation};
}

Status in_transaction(CaseworkContext& ctx, const std::function<Status(ingest::RecordWriter&)>& body) {
    auto& store = *ctx.base.store;
    TRY(store.begin());
    auto attempt = [&]() -> Status {
        ingest::RecordWriter records(store, ctx.base.catalogue.catalogue, ctx.base.keys);
        TRY(records.prepare());
        const int64_t delivery = TRY(store.start_delivery({"casework", "cli", fmt::format("casework-{}", now_utc())}));
        records.set_delivery(delivery);
        TRY(body(records));
        TRY(records.finish());
        TRY(store.finish_delivery(delivery, {}, "committed"));
        return store.commit();
    };
    auto done = attempt();
    if (!done) store.rollback();
    return done;
}

void run_command(int& exit_code, const std::function<Status()>& body) {
    auto done = body();
    exit_code = done ? 0 : fail(done.error());
}

casework::CaseService case_service(CaseworkContext& ctx) {
    casework::CaseService service(*ctx.base.store, ctx.base.catalogue.catalogue, ctx.workflows, today_utc(), now_utc());
    // Cases about a year's report check its texts and freeze its edition.
    service.set_report_subject(report::report_subject({*ctx.base.store, ctx.base.catalogue.catalogue, &ctx.workflows,
                                                       ctx.base.catalogue.directory / "report"},
                                                      now_utc()));
    return service;
}

Status change_case(const GlobalOptions& options, const std::string& user, const CaseChange& change) {
    auto ctx = TRY(open_casework(options));
    const auto actor = TRY(acting_user(*ctx.base.store, user));
    auto service = case_service(ctx);
    storage::CaseRow row;
    TRY(in_transaction(ctx, [&](ingest::RecordWriter& records) -> Status {
        auto outcome = change(service, records, actor);
        if (!outcome) return refusal_error(outcome.error());
        row = std::move(*outcome);
        return ok_status();
    }));
    // A case is about a record, and so about the person that record is about.
    auto log = TRY(CommandLog::open(ctx.base, "handhaving"));
    TRY(log_case(ctx.base, log, row.version == 1 ? privacy::LogAction::Create : privacy::LogAction::Update, row));
    print_case(ctx.workflows.find(row.type), row, TRY(service.overdue(row)));
    return ok_status();
}

Status log_case(const Context& ctx, CommandLog& log, privacy::LogAction action, const storage::CaseRow& row) {
    int64_t subject = 0;
    if (const auto kind = records::parse_kind(row.subject_kind))
        subject = TRY(storage::data_subject(*ctx.store, *kind, row.subject_id));
    return log.subject(ctx, action, fmt::format("case/{}", row.id), subject);
}

Date today_utc() {
    const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return Date::from_days(static_cast<int32_t>(days.time_since_epoch().count()));
}

std::string now_utc() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                       std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

Result<json::object> parse_inputs(const std::vector<std::string>& pairs) {
    json::object out;
    for (const auto& p : pairs) {
        const auto eq = p.find('=');
        if (eq == std::string::npos || eq == 0)
            return Error::invalid(fmt::format("--input {}: give NAME=VALUE", p.substr(0, p.find('='))));
        out[p.substr(0, eq)] = p.substr(eq + 1);
    }
    return out;
}

Error refusal_error(const Error& refused) {
    if (refused.reasons.empty()) return refused;
    std::string message = refused.message;
    for (const auto& r : refused.reasons) message += fmt::format("\n  {}: {}", r.field, r.reason);
    return Error{refused.code, message};
}

void print_case(const casework::CaseType* type, const storage::CaseRow& row, bool overdue) {
    const auto* state = type ? type->state(row.state) : nullptr;
    fmt::print("{}\t{}\t{} {}\t{}\t{}\tdeadline {}{}\tteam {}\tassignee {}\tversion {}\n", row.id, row.type,
               row.subject_kind, row.subject_id, row.state, state ? state->label : "",
               row.deadline.empty() ? "-" : row.deadline, overdue ? "\tverlopen" : "",
               row.team.empty() ? "-" : row.team, row.assignee.empty() ? "-" : row.assignee, row.version);
}

void print_history(const std::vector<storage::CaseEventRow>& events) {
    for (const auto& e : events)
        fmt::print("  {}\t{}\t{}\t{}\t{} -> {}\t{}\n", e.seq, e.at, e.actor, e.action,
                   e.from_state.empty() ? "-" : e.from_state, e.to_state, e.data);
}

}  // namespace grip::cli
