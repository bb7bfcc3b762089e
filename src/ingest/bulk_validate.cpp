#include "ingest/bulk_validate.h"

#include <algorithm>
#include <future>
#include <thread>

#include "common/strict_json.h"

namespace grip::ingest {
namespace json = boost::json;

namespace {

// Lines per batch: large enough that starting the threads costs nothing
// against the work, small enough that two batches in memory stay small.
constexpr size_t kBulkBatchLines = 16'384;

// Parses and validates one line exactly as the record-at-a-time loop does.
void check_bulk_line(CheckedLine& line, StrictJsonParser& parser, const catalogue::Catalogue& catalogue,
                     const privacy::Keyring* keys) {
    auto parsed = parser.parse(line.text);
    if (!parsed) {
        // A key given twice is an error of that field: the last would
        // silently win (a second "kind" would change the kind).
        std::string field = parser.had_duplicate() && !parser.duplicate_key().empty() ? parser.duplicate_key() : "-";
        std::string message = parser.had_duplicate() ? std::string("is given more than once") : parsed.error().message;
        if (parser.had_duplicate() && field == "-") message = "a key is given more than once";
        line.parse_error.emplace(std::move(field), std::move(message));
        return;
    }
    json::value v = std::move(*parsed);
    if (!v.is_object()) {
        line.parse_error.emplace("-", "a line must hold one JSON object");
        return;
    }
    line.raw = std::move(v.get_object());
    line.validation = records::validate_record(line.raw, catalogue, records::ValueSource::Json);
    if (keys && line.validation.errors.empty() && line.validation.record)
        line.prepared = prepare_write(*keys, *line.validation.record);
}

// Checks a batch on `threads` threads, each a contiguous slice.
// First frees `spent` (the batch handed on before, whose objects and records
// were made on these threads): freeing a million JSON objects is work the
// thread that places the records need not do.
std::future<void> check_bulk_batch(std::vector<CheckedLine>& batch, const catalogue::Catalogue& catalogue,
                                   const privacy::Keyring* keys, unsigned threads, std::vector<CheckedLine>& spent) {
    return std::async(std::launch::async, [&batch, &catalogue, keys, threads, &spent] {
        spent.clear();
        const size_t n = batch.size();
        const size_t parts = std::max<size_t>(1, std::min<size_t>(threads, n));
        std::vector<std::thread> workers;
        auto slice = [&](size_t part) {
            StrictJsonParser parser;
            const size_t from = n * part / parts, to = n * (part + 1) / parts;
            for (size_t i = from; i < to; ++i) check_bulk_line(batch[i], parser, catalogue, keys);
        };
        for (size_t part = 1; part < parts; ++part) workers.emplace_back(slice, part);
        slice(0);
        for (auto& w : workers) w.join();
    });
}

}  // namespace

unsigned bulk_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

Status check_lines_in_parallel(LineReader& lines, const catalogue::Catalogue& catalogue, const privacy::Keyring* keys,
                               unsigned threads, const std::function<Status(CheckedLine&)>& each,
                               const std::function<bool()>& stop,
                               const std::function<void(int64_t lines_read)>& batch_read) {
    std::vector<CheckedLine> ready, next, spent;
    bool have_ready = false;
    int64_t read = 0;
    bool more = true;
    Line line;
    auto hand_on = [&](std::vector<CheckedLine>& batch) -> Status {
        for (auto& l : batch) {
            if (stop && stop()) break;
            TRY(each(l));
        }
        return ok_status();
    };
    while (more) {
        next.clear();
        next.reserve(kBulkBatchLines);
        while (next.size() < kBulkBatchLines && (more = lines.next(line))) {
            ++read;
            // Blank lines are ignored, as on the record-at-a-time path.
            if (line.text.find_first_not_of(" \t") == std::string_view::npos) continue;
            next.push_back(CheckedLine{line.number, std::string(line.text), std::nullopt, {}, {}, std::nullopt});
        }
        if (batch_read) batch_read(read);
        // The batch before is handed on while this one is checked.
        auto checking = check_bulk_batch(next, catalogue, keys, threads, spent);
        Status handed = have_ready ? hand_on(ready) : ok_status();
        checking.get();
        if (!handed) return handed;
        if (stop && stop()) return ok_status();
        std::swap(spent, ready);  // freed by the next batch's threads
        std::swap(ready, next);
        have_ready = true;
    }
    return hand_on(ready);
}

}  // namespace grip::ingest
