// verify_chain: the chain of a hash-chained log and its anchor, checked line
// by line from the start or from a checkpoint; the first broken record is
// named.

#include "privacy/log_chain.h"

#include <fstream>

#include <fmt/format.h>

namespace grip::privacy {

using log_format::Anchor;

Result<VerifyReport> verify_chain(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key,
                                  const VerifyOptions& options) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return Error::not_found(fmt::format("there is no {} {}", kind.name, file.string()));
    // The anchor first: it is written after the records it names, so a
    // writer at work cannot make it look ahead of what is read below.
    const bool with_anchor = !options.max_bytes;
    const auto anchor_file = anchor_file_for(file);
    const Anchor anchor = with_anchor ? TRY(log_format::read_anchor(kind, anchor_file, key)) : Anchor{};
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read the {} {}", kind.name, file.string()));

    VerifyReport report;
    int64_t expected = 1;
    std::string prev = log_format::kZeroHash;
    int64_t offset = 0;
    const Anchor* from = options.from && options.from->seq > 0 ? &*options.from : nullptr;
    if (from) {
        in.seekg(from->offset);
        offset = from->offset;
        expected = from->seq;
    }
    std::string hash_at_anchor;
    int64_t line_at_anchor = 0;
    int64_t line_no = 0;
    auto broken = [&](std::string problem) {
        report.ok = false;
        report.first_broken_seq = expected;
        report.first_broken_line = line_no;
        report.problem = std::move(problem);
    };
    std::string line;
    while (std::getline(in, line)) {
        const int64_t start = offset;
        offset += static_cast<int64_t>(line.size()) + 1;
        if (options.max_bytes && offset > *options.max_bytes) break;
        ++line_no;
        ++report.records;
        if (!report.ok) continue;  // only the first break is named; the rest are counted
        if (in.eof()) {
            broken("the line is incomplete: the log ends in the middle of a record");
            continue;
        }
        auto e = log_format::parse_line(kind, line);
        if (from && line_no == 1 && (!e || e->seq != from->seq || e->hash != from->hash)) {
            broken(
                fmt::format("record {}, where the last check ended, is no longer where it was: records before it "
                            "were deleted, inserted or changed",
                            from->seq));
            continue;
        }
        if (!e) {
            broken(e.error().message);
            continue;
        }
        if (log_format::record_hash(kind, key, *e) != e->hash) {
            broken("its hash does not match its contents (the record was edited, or written with another key file)");
            continue;
        }
        if (e->seq != expected) {
            broken(e->seq > expected
                       ? fmt::format("it has sequence number {} where {} was expected: records were deleted or moved",
                                     e->seq, expected)
                       : fmt::format("it has sequence number {} where {} was expected: a record was repeated or moved",
                                     e->seq, expected));
            continue;
        }
        if (!(from && line_no == 1) && e->prev != prev) {
            broken("it does not follow on from the record before it (its link to the previous hash is wrong)");
            continue;
        }
        if (anchor.state == Anchor::State::Valid && e->seq == anchor.seq) {
            hash_at_anchor = e->hash;
            line_at_anchor = line_no;
        }
        prev = e->hash;
        report.end.state = Anchor::State::Valid;
        report.end.seq = e->seq;
        report.end.hash = e->hash;
        report.end.offset = start;
        ++expected;
    }
    if (in.bad()) return Error::io(fmt::format("cannot read the {} {}", kind.name, file.string()));
    if (from && line_no == 0) {
        broken(fmt::format("record {}, where the last check ended, is no longer there: the log was cut", from->seq));
        report.first_broken_line = 0;
    }
    if (!report.ok || !with_anchor) return report;

    const int64_t last = expected - 1;
    switch (anchor.state) {
        case Anchor::State::Missing:
            if (last > 0) {
                report.ok = false;
                report.problem = fmt::format("the anchor file {} is missing, so a cut-off end cannot be ruled out",
                                             anchor_file.filename().string());
            }
            break;
        case Anchor::State::Invalid:
            report.ok = false;
            report.problem = fmt::format(
                "the anchor file {} does not verify (it was edited, or made with another key "
                "file)",
                anchor_file.filename().string());
            break;
        case Anchor::State::Valid:
            if (anchor.seq > last) {
                report.ok = false;
                report.first_broken_seq = last + 1;
                report.first_broken_line = line_no + 1;
                report.problem = fmt::format(
                    "the log ends after record {} but its anchor says record {} was "
                    "written: the records after {} were removed",
                    last, anchor.seq, last);
            } else if (anchor.seq > 0 && line_at_anchor > 0 && hash_at_anchor != anchor.hash) {
                report.ok = false;
                report.first_broken_seq = anchor.seq;
                report.first_broken_line = line_at_anchor;
                report.problem =
                    "it does not match the anchor file (the log was cut and written again, or the anchor "
                    "was replaced)";
            } else if (anchor.seq > 0 && line_at_anchor == 0 && (!from || anchor.seq >= from->seq)) {
                report.ok = false;
                report.first_broken_seq = anchor.seq;
                report.problem =
                    "the record its anchor file names is not in the log (the log was cut and written "
                    "again, or the anchor was replaced)";
            }
            break;
    }
    return report;
}

std::string broken_chain_message(const ChainKind& kind, const std::filesystem::path& file, const VerifyReport& report) {
    const std::string where =
        report.first_broken_seq > 0 ? fmt::format("record {} is broken: ", report.first_broken_seq) : std::string();
    return fmt::format(
        "the {} {} has been tampered with or damaged: {}{}. Investigate with `grip log verify` (it "
        "names the first broken record and its line); keep the log, its .anchor and .checkpoint files "
        "as they are for the investigation",
        kind.name, file.string(), where, report.problem);
}

}  // namespace grip::privacy
