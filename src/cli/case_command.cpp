// grip case ...: cases of every case type of catalogue/workflows.json from
// the command line, acting as a user of the store (--user) with that user's
// role, so that the workflow's role rules hold here as in the API.

#include <fmt/format.h>

#include "cli/casework_support.h"
#include "cli/commands.h"

namespace grip::cli {
namespace {

struct CaseArgs {
    std::string user, type, subject, transition, team, assignee, text, activity, queue = "open", area;
    std::vector<std::string> inputs;
    int64_t id = 0, version = 0;
};

}  // namespace

void register_case_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<CaseArgs>();
    auto* cmd = app.add_subcommand("case", "Casework: reports of overcrowding, abuses by covenant partners, motions");
    cmd->require_subcommand(1);

    auto* types = cmd->add_subcommand("types", "The case types of the catalogue with their states and steps");
    types->callback([&options, &exit_code] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_casework(options));
            for (const auto& t : ctx.workflows.types) {
                fmt::print("{}\t{}\n", t.key, t.label);
                for (const auto& s : t.states)
                    fmt::print("  state {}\t{}{}\n", s.key, s.label,
                               s.final                   ? " (final)"
                               : s.deadline_working_days ? fmt::format(" ({} working days)", *s.deadline_working_days)
                                                         : "");
                for (const auto& tr : t.transitions) {
                    std::string from;
                    for (const auto& f : tr.from) from += (from.empty() ? "" : ",") + f;
                    fmt::print("  step {}\t{} -> {}\t{}\n", tr.key, from, tr.to, tr.label);
                }
            }
            return ok_status();
        });
    });

    auto* open = cmd->add_subcommand("open", "Open a case about a stored record (its id)");
    open->add_option("type", args->type, "The case type")->required();
    open->add_option("subject", args->subject, "The id of the record the case is about")->required();
    open->add_option("--user", args->user, "The user who opens it")->required();
    open->add_option("--team", args->team, "The organisation that handles it (default: the user's)");
    open->add_option("--assignee", args->assignee, "The user who handles it");
    open->add_option("--input", args->inputs, "NAME=VALUE, for the inputs the case type asks when opening");
    open->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            const auto inputs = TRY(parse_inputs(args->inputs));
            return change_case(options, args->user, [&](auto& service, auto& records, const auto& actor) {
                return service.open(records, actor,
                                    {args->type, args->subject, std::nullopt, args->team, args->assignee, inputs});
            });
        });
    });

    auto* step = cmd->add_subcommand("step", "Take a step of a case's workflow");
    step->add_option("id", args->id, "The case")->required();
    step->add_option("transition", args->transition, "The step (see grip case types)")->required();
    step->add_option("--user", args->user, "The user who takes it")->required();
    step->add_option("--input", args->inputs, "NAME=VALUE, for the inputs the step asks");
    step->add_option("--version", args->version, "Refuse if the case is no longer at this version");
    step->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            const auto inputs = TRY(parse_inputs(args->inputs));
            return change_case(options, args->user, [&](auto& service, auto& records, const auto& actor) {
                return service.transition(records, actor, args->id, {args->transition, actor.role, inputs},
                                          args->version);
            });
        });
    });

    auto* assign = cmd->add_subcommand("assign", "Assign a case to a team and a user");
    assign->add_option("id", args->id, "The case")->required();
    assign->add_option("--user", args->user, "The user who assigns")->required();
    assign->add_option("--team", args->team, "The organisation id of the team");
    assign->add_option("--assignee", args->assignee, "The user who handles it");
    assign->callback([&options, &exit_code, args] {
        run_command(exit_code, [&] {
            return change_case(options, args->user, [&](auto& service, auto&, const auto& actor) {
                return service.assign(actor, args->id, args->team, args->assignee, args->version);
            });
        });
    });

    auto* note = cmd->add_subcommand("note", "Add a note to a case's history");
    note->add_option("id", args->id, "The case")->required();
    note->add_option("--user", args->user, "The user who writes it")->required();
    note->add_option("--text", args->text, "The note")->required();
    note->callback([&options, &exit_code, args] {
        run_command(exit_code, [&] {
            return change_case(options, args->user, [&](auto& service, auto&, const auto& actor) {
                return service.note(actor, args->id, args->text, args->version);
            });
        });
    });

    auto* link = cmd->add_subcommand("link", "Link an activity (a home visit, an inspection) to a case");
    link->add_option("id", args->id, "The case")->required();
    link->add_option("activity", args->activity, "The activity id")->required();
    link->add_option("--user", args->user, "The user who links it")->required();
    link->callback([&options, &exit_code, args] {
        run_command(exit_code, [&] {
            return change_case(options, args->user, [&](auto& service, auto&, const auto& actor) {
                return service.link(actor, args->id, args->activity, args->version);
            });
        });
    });

    auto* show = cmd->add_subcommand("show", "A case with its history");
    show->add_option("id", args->id, "The case")->required();
    show->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_casework(options));
            auto service = case_service(ctx);
            auto row = TRY(service.find(args->id));
            if (!row) return Error::not_found(fmt::format("no case {}", args->id));
            auto log = TRY(CommandLog::open(ctx.base, "handhaving"));
            TRY(log_case(ctx.base, log, privacy::LogAction::Read, *row));
            print_case(ctx.workflows.find(row->type), *row, TRY(service.overdue(*row)));
            for (const auto& l : TRY(service.linked(*row))) fmt::print("  linked {}\t{}\t{}\n", l.id, l.type, l.date);
            print_history(TRY(service.history(args->id)));
            return ok_status();
        });
    });

    auto* list = cmd->add_subcommand("list", "A work queue: open cases, overdue ones, a team's or a user's");
    list->add_option("--type", args->type, "Only this case type");
    list->add_option("--queue", args->queue, "open (default), overdue or all")
        ->check(CLI::IsMember({"open", "overdue", "all"}));
    list->add_option("--team", args->team, "Only the cases of this team");
    list->add_option("--assignee", args->assignee, "Only the cases of this user");
    list->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_casework(options));
            auto service = case_service(ctx);
            storage::CaseFilter f;
            f.type = args->type;
            f.team = args->team;
            f.assignee = args->assignee;
            f.open_only = args->queue != "all";
            for (const auto& row : TRY(ctx.base.store->cases(f))) {
                const bool overdue = TRY(service.overdue(row));
                if (args->queue == "overdue" && !overdue) continue;
                print_case(ctx.workflows.find(row.type), row, overdue);
            }
            return ok_status();
        });
    });

    auto* signal = cmd->add_subcommand("signal", "Record a signal in the history of every case past its deadline");
    signal->callback([&options, &exit_code] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_casework(options));
            auto service = case_service(ctx);
            int signals = 0;
            TRY(in_transaction(ctx, [&](ingest::RecordWriter&) -> Status {
                signals = TRY(service.signal_overdue());
                return ok_status();
            }));
            fmt::print("{} {} past {} deadline\n", signals, signals == 1 ? "case" : "cases",
                       signals == 1 ? "its" : "their");
            return ok_status();
        });
    });
}

}  // namespace grip::cli
