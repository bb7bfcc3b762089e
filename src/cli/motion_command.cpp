// grip motion ...: the council's motions and commitments register, and
// grip covenant ...: the partners of the covenant Good Employership. Both
// are casework (catalogue/workflows.json: case types motie and misstand) on
// records of the exchange format (motion, organisation).

#include <fstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "casework/covenant.h"
#include "cli/casework_support.h"
#include "cli/commands.h"

namespace grip::cli {
namespace json = boost::json;
namespace {

struct MotionArgs {
    std::string user, id, type = "motie", title, adopted, text, proposer, party, portfolio, committee, policy_field,
                          vote, expected, transition, since, year;
    std::vector<std::string> inputs;
};

// The case about a motion, opened when the motion has none yet.
Result<storage::CaseRow> motion_case(casework::CaseService& service, ingest::RecordWriter& records,
                                     const casework::CaseActor& actor, const std::string& motion) {
    if (auto existing = TRY(service.case_of("motie", motion))) return std::move(*existing);
    return service.open(records, actor, {"motie", motion, std::nullopt, "", "", {}});
}

}  // namespace

void register_motion_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
    auto args = std::make_shared<MotionArgs>();
    auto* cmd = app.add_subcommand("motion", "The register of the council's motions and commitments");
    cmd->require_subcommand(1);

    auto* add = cmd->add_subcommand("add", "Register a motion, commitment or amendment with its case");
    add->add_option("id", args->id, "The council's registration number, e.g. 24bb006037")->required();
    add->add_option("--type", args->type, "motie, toezegging or amendement");
    add->add_option("--title", args->title, "The title")->required();
    add->add_option("--adopted", args->adopted, "The date it was adopted (YYYY-MM-DD)")->required();
    add->add_option("--text", args->text, "The text of the motion");
    add->add_option("--proposer", args->proposer, "Who proposed it");
    add->add_option("--party", args->party, "The proposer's party");
    add->add_option("--portfolio", args->portfolio, "The portfolio holder");
    add->add_option("--committee", args->committee, "The council committee");
    add->add_option("--policy-field", args->policy_field, "The policy field");
    add->add_option("--vote", args->vote, "aangenomen, verworpen, ingetrokken or aangehouden");
    add->add_option("--expected", args->expected, "The expected date of handling (YYYY-MM-DD)");
    add->add_option("--user", args->user, "The user who registers it")->required();
    add->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            json::object record{{"id", args->id},
                                {"type", args->type},
                                {"title", args->title},
                                {"adopted", args->adopted}};
            for (auto [field, value] :
                 {std::pair{"text", &args->text}, std::pair{"proposer", &args->proposer},
                  std::pair{"party", &args->party}, std::pair{"portfolio", &args->portfolio},
                  std::pair{"committee", &args->committee}, std::pair{"policy_field", &args->policy_field},
                  std::pair{"vote", &args->vote}, std::pair{"expected", &args->expected}})
                if (!value->empty()) record[field] = *value;
            if (args->vote == "verworpen" || args->vote == "ingetrokken") record["status"] = "verworpen";
            return change_case(options, args->user, [&](auto& service, auto& records, const auto& actor) {
                return service.open(records, actor, {"motie", "", record, "", "", {}});
            });
        });
    });

    auto* step =
        cmd->add_subcommand("step", "Take a step: tussenbericht, afdoening_voorstellen, afdoen, niet_afgedaan, ...");
    step->add_option("id", args->id, "The motion's registration number")->required();
    step->add_option("transition", args->transition, "The step (see grip case types)")->required();
    step->add_option("--input", args->inputs, "NAME=VALUE: tekst, datum, verwacht");
    step->add_option("--user", args->user, "The user who takes it")->required();
    step->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            const auto inputs = TRY(parse_inputs(args->inputs));
            return change_case(
                options, args->user, [&](auto& service, auto& records, const auto& actor) -> Result<storage::CaseRow> {
                    const auto c = TRY(motion_case(service, records, actor, args->id));
                    return service.transition(records, actor, c.id, {args->transition, actor.role, inputs}, 0);
                });
        });
    });

    auto* list =
        cmd->add_subcommand("list", "The register: every motion with its state, expected date and overdue signal");
    list->callback([&options, &exit_code] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_casework(options));
            auto service = case_service(ctx);
            const Date today = today_utc();
            for (const auto& m : TRY(ctx.base.store->all_current(records::Kind::Motion))) {
                if (m.withdrawn) continue;
                const auto c = TRY(service.case_of("motie", m.record.id));
                const std::string state =
                    c ? c->state : std::string(m.record.text("status").empty() ? "open" : m.record.text("status"));
                const auto expected = m.record.text("expected");
                const bool final = state == "afgedaan" || state == "verworpen";
                const bool overdue = !final && !expected.empty() && expected < today.iso();
                fmt::print("{}\t{}\t{}\t{}\tverwacht {}{}\n", m.record.id, m.record.text("type"), state,
                           m.record.text("title"), expected.empty() ? "-" : expected, overdue ? " (verlopen)" : "");
            }
            return ok_status();
        });
    });

    auto* exp = cmd->add_subcommand("export", "Write the register as motion records of the exchange format (NDJSON)");
    exp->add_option("-o,--output", args->title, "The file to write (default: standard output)");
    exp->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_context(options));
            std::string out;
            for (const auto& m : TRY(ctx.store->all_current(records::Kind::Motion))) {
                if (m.withdrawn) continue;
                json::object line{{"kind", "motion"}};
                for (const auto& kv : m.record.fields) line[kv.key()] = kv.value();
                out += json::serialize(line) + "\n";
            }
            if (args->title.empty()) {
                fmt::print("{}", out);
                return ok_status();
            }
            std::ofstream file(args->title, std::ios::binary | std::ios::trunc);
            file << out;
            file.flush();
            if (!file) return Error::io(fmt::format("cannot write {}", args->title));
            return ok_status();
        });
    });

    auto* cov = app.add_subcommand("covenant", "The partners of the covenant Good Employership and their abuses");
    cov->require_subcommand(1);
    auto* join = cov->add_subcommand("join", "Let an organisation join the covenant (refused with a proven abuse)");
    join->add_option("organisation", args->id, "The organisation id")->required();
    join->add_option("--since", args->since, "The date it joins (YYYY-MM-DD)")->required();
    join->add_option("--user", args->user, "The user who records it")->required();
    join->callback([&options, &exit_code, args] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_casework(options));
            const auto actor = TRY(acting_user(*ctx.base.store, args->user));
            const auto since = Date::parse(args->since);
            if (!since) return Error::invalid("--since: give a date YYYY-MM-DD");
            const auto* misstand = ctx.workflows.find("misstand");
            if (misstand && std::find(misstand->open_roles.begin(), misstand->open_roles.end(), actor.role) ==
                                misstand->open_roles.end())
                return Error::conflict(fmt::format("the role '{}' does not keep the covenant", actor.role));
            TRY(in_transaction(ctx, [&](ingest::RecordWriter& records) -> Status {
                auto joined = casework::join_covenant(*ctx.base.store, records, ctx.base.catalogue.catalogue,
                                                      ctx.workflows, args->id, *since);
                if (!joined) return refusal_error(joined.error());
                return ok_status();
            }));
            fmt::print("{} is a partner of the covenant from {}\n", args->id, since->iso());
            return ok_status();
        });
    });
    auto* partners = cov->add_subcommand("list", "The partners, their membership and their abuses");
    partners->callback([&options, &exit_code] {
        run_command(exit_code, [&]() -> Status {
            auto ctx = TRY(open_casework(options));
            for (const auto& p : TRY(casework::covenant_partners(*ctx.base.store, ctx.workflows, today_utc()))) {
                const auto& o = p.organisation.record;
                std::string branch;
                if (const auto* b = o.fields.if_contains("branch"); b && b->is_array())
                    for (const auto& x : b->get_array())
                        branch += (branch.empty() ? "" : ",") + std::string(x.as_string());
                fmt::print("{}\t{}\t{}\tsince {}\tuntil {}\t{}\n", o.id, o.text("name"), branch.empty() ? "-" : branch,
                           o.text("covenant_since").empty() ? "-" : o.text("covenant_since"),
                           o.text("covenant_until").empty() ? "-" : o.text("covenant_until"),
                           p.member ? "partner" : "geen partner");
                for (const auto& c : p.abuses) {
                    const auto* t = ctx.workflows.find(c.type);
                    const auto* s = t ? t->state(c.state) : nullptr;
                    fmt::print("  case {}\t{}\t{}\n", c.id, c.state, s ? s->label : "");
                }
            }
            return ok_status();
        });
    });
}

}  // namespace grip::cli
