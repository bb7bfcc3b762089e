#pragma once
// The processing log of a command: what staff on the command line read and
// change of personal data is logged as what the server's users do, with the
// operator (`cli:<login name>`) as the actor, one trace per command. The log
// is shared with a running server (each append takes the file's lock).

#include <memory>
#include <string>
#include <string_view>

#include "cli/context.h"
#include "common/result.h"
#include "privacy/processing_log.h"

namespace grip::cli {

class CommandLog {
public:
    // `activity` is the processing activity's code (registratie, handhaving, inzageverzoek, ...).
    static Result<CommandLog> open(const Context& ctx, std::string activity);

    // One entry about a record, with the data subject of the record (a
    // person's, an address's, or the person an activity is about).
    Status record(const Context& ctx, privacy::LogAction action, records::Kind kind, std::string_view id,
                  privacy::LogResult result = privacy::LogResult::Ok);
    // One entry with a subject id known already (0: none).
    Status subject(const Context& ctx, privacy::LogAction action, std::string_view record, int64_t subject,
                   privacy::LogResult result = privacy::LogResult::Ok);
    // What every entry of this command shares: actor, activity, trace, municipality.
    const privacy::LogEntry& base() const { return base_; }
    privacy::ProcessingLog& log() { return *log_; }
    Status flush() { return log_->flush(); }

private:
    std::unique_ptr<privacy::ProcessingLog> log_;
    privacy::LogEntry base_;
};

}  // namespace grip::cli
