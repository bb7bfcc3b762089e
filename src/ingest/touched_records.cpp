#include "ingest/touched_records.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace grip::ingest {

TouchedRecords::TouchedRecords() = default;

TouchedRecords::~TouchedRecords() {
    if (file_) std::fclose(file_);
}

Status TouchedRecords::open() {
    if (file_) return ok_status();
    // tmpfile(): created 0600 in the temporary folder and unlinked at once.
    file_ = std::tmpfile();
    if (!file_)
        return Error::io(fmt::format("cannot make a temporary file for the processing log: {}", std::strerror(errno)));
    return ok_status();
}

Status TouchedRecords::add(const TouchedRecord& record) {
    TRY(open());
    // Ids hold no tabs or line breaks (the validator refuses control characters).
    if (std::fprintf(file_, "%d\t%d\t%lld\t%s\n", static_cast<int>(record.kind), static_cast<int>(record.action),
                     static_cast<long long>(record.subject), record.id.c_str()) < 0)
        return Error::io(
            fmt::format("cannot write the temporary file for the processing log: {}", std::strerror(errno)));
    ++count_;
    return ok_status();
}

Status TouchedRecords::clear() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    count_ = 0;
    return ok_status();
}

Status TouchedRecords::for_each(const std::function<Status(const TouchedRecord&)>& each) {
    if (!file_) return ok_status();
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
        return Error::io(
            fmt::format("cannot read the temporary file for the processing log: {}", std::strerror(errno)));
    char* line = nullptr;
    size_t capacity = 0;
    Status status = ok_status();
    while (::getline(&line, &capacity, file_) > 0) {
        TouchedRecord r;
        int kind = 0, action = 0, used = 0;
        long long subject = 0;
        if (std::sscanf(line, "%d\t%d\t%lld\t%n", &kind, &action, &subject, &used) != 3) {
            status = Error::io("the temporary file for the processing log is damaged");
            break;
        }
        r.kind = static_cast<records::Kind>(kind);
        r.action = static_cast<TouchAction>(action);
        r.subject = subject;
        r.id.assign(line + used);
        if (!r.id.empty() && r.id.back() == '\n') r.id.pop_back();
        status = each(r);
        if (!status) break;
    }
    std::free(line);
    std::fseek(file_, 0, SEEK_END);
    return status;
}

}  // namespace grip::ingest
