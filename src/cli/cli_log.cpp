#include "cli/cli_log.h"

#include <fmt/format.h>

#include "privacy/subject_pseudonym.h"
#include "privacy/trace_context.h"
#include "storage/data_subject.h"

namespace grip::cli {

Result<CommandLog> CommandLog::open(const Context& ctx, std::string activity) {
    CommandLog out;
    out.log_ =
        TRY(privacy::ProcessingLog::open(privacy::processing_log_file_for(ctx.db_location, ctx.key_file), ctx.keys));
    out.base_.trace_id = privacy::new_trace_id();
    out.base_.span_id = privacy::new_span_id();
    out.base_.actor = operator_name();
    out.base_.processing_activity = std::move(activity);
    out.base_.municipality = ctx.municipality;
    return out;
}

Status CommandLog::subject(const Context& ctx, privacy::LogAction action, std::string_view record, int64_t subject,
                           privacy::LogResult result) {
    privacy::LogEntry entry = base_;
    entry.action = action;
    entry.record = std::string(record);
    entry.subject = subject ? privacy::subject_pseudonym(ctx.keys, ctx.municipality, subject) : std::string();
    entry.result = result;
    const bool change = action == privacy::LogAction::Create || action == privacy::LogAction::Update ||
                        action == privacy::LogAction::Withdraw;
    return log_->append(std::move(entry), change ? privacy::Durability::Now : privacy::Durability::Later);
}

Status CommandLog::record(const Context& ctx, privacy::LogAction action, records::Kind kind, std::string_view id,
                          privacy::LogResult result) {
    const int64_t who = TRY(storage::data_subject(*ctx.store, kind, id));
    return subject(ctx, action, fmt::format("{}/{}", records::kind_name(kind), id), who, result);
}

}  // namespace grip::cli
