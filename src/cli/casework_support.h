#pragma once
// What the casework commands share: the case types beside the catalogue in
// use, the acting user (--user, from the user table: casework is done by
// someone with a role), and one transaction with the record writer.

#include <functional>
#include <string>

#include "casework/case_service.h"
#include "casework/workflow_loader.h"
#include "cli/cli_log.h"
#include "cli/context.h"

namespace grip::cli {

struct CaseworkContext {
    Context base;
    casework::Workflows workflows;
};

Result<CaseworkContext> open_casework(const GlobalOptions& options);
// The case types beside the catalogue in use (--catalogue), else the shipped ones.
Result<casework::Workflows> open_workflows(const GlobalOptions& options, const catalogue::Catalogue& catalogue);

// The acting user of --user: an active user of the store.
Result<casework::CaseActor> acting_user(storage::Store& store, const std::string& name);

// Runs a command's body; the exit code from its status.
void run_command(int& exit_code, const std::function<Status()>& body);

// Opens the casework, acts as the user `user`, runs `change` in one
// transaction and prints the case as it is then.
using CaseChange =
    std::function<Result<storage::CaseRow>(casework::CaseService&, ingest::RecordWriter&, const casework::CaseActor&)>;
Status change_case(const GlobalOptions& options, const std::string& user, const CaseChange& change);

// Logs a read or change of a case in the processing log, with the data
// subject of the record it is about.
Status log_case(const Context& ctx, CommandLog& log, privacy::LogAction action, const storage::CaseRow& row);

// A case service for the store of `ctx`, today.
casework::CaseService case_service(CaseworkContext& ctx);

// Runs `body` in one transaction with a record writer: all or nothing.
Status in_transaction(CaseworkContext& ctx, const std::function<Status(ingest::RecordWriter&)>& body);

// Today (UTC) and the time now, as the history writes it.
Date today_utc();
std::string now_utc();

// "key=value" pairs of --input into a JSON object.
Result<boost::json::object> parse_inputs(const std::vector<std::string>& pairs);

// A refusal as an error whose message names every reason (the command
// line shows the message only).
Error refusal_error(const Error& refused);

// A case on one line, and with its history.
void print_case(const casework::CaseType* type, const storage::CaseRow& row, bool overdue);
void print_history(const std::vector<storage::CaseEventRow>& events);

}  // namespace grip::cli
