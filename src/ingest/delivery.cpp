#include "ingest/delivery.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <fstream>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <sodium.h>

#include "common/strict_json.h"
#include "ingest/bulk_validate.h"
#include "ingest/csv_reader.h"
#include "ingest/record_writer.h"
#include "records/validator.h"
#include "storage/bulk_load.h"

namespace grip::ingest {
namespace json = boost::json;
using records::Kind;

std::string LineError::text() const { return fmt::format("{}:{}: {}: {}", file, line, field, message); }

FileFormat format_of(const std::filesystem::path& file) {
    std::string name = file.filename().string();
    for (auto ext : {".gz", ".zst"})
        if (name.ends_with(ext)) name.resize(name.size() - std::string_view(ext).size());
    return name.ends_with(".csv") ? FileFormat::Csv : FileFormat::Ndjson;
}

namespace {

Result<std::string> file_digest(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read {}", file.string()));
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = in.gcount();
        if (n > 0) crypto_generichash_update(&st, reinterpret_cast<unsigned char*>(buf.data()), static_cast<size_t>(n));
    }
    unsigned char out[32];
    crypto_generichash_final(&st, out, sizeof out);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return std::string(hex);
}

std::string data_digest(std::string_view data) {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

// Writes a file that only its owner may read (0600, also when it was there
// before): rejected lines hold BSNs and names.
Status write_private_file(const std::filesystem::path& file, std::string_view text) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Error::io(fmt::format("cannot write rejects file {}", file.string()));
    bool ok = ::fchmod(fd, 0600) == 0;
    for (size_t done = 0; ok && done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ok = false;
        else done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) ok = false;
    if (!ok) return Error::io(fmt::format("cannot write rejects file {}", file.string()));
    return ok_status();
}

// One line as read: its number, its object (if it parsed) and its text as
// delivered, kept only when it may have to go to a rejects file.
struct PendingLine {
    int64_t line = 0;
    json::object raw;
    std::string text;
};

std::string csv_cell(std::string_view v, char sep) {
    if (v.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string_view::npos) return std::string(v);
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A CSV row as delivered, for the rejects file.
std::string csv_row(const std::vector<std::string_view>& cells, char sep) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out += sep;
        out += csv_cell(cells[i], sep);
    }
    return out;
}

}  // namespace

// The state of one delivery while it is read.
class Importer::Run {
public:
    Run(Importer& owner, std::string name, FileFormat format, const ImportOptions& options)
        : owner_(owner), writer_(owner.store_, owner.catalogue_, owner.keys_), name_(std::move(name)), format_(format),
          options_(options) {}

    RecordWriter& writer() { return writer_; }
    ImportReport& report() { return report_; }

    // Whether reading should stop: too many line errors.
    bool stopped() const { return report_.stopped.has_value(); }

    // Handles one line that was read; `text` is the line as delivered.
    Status line(int64_t number, json::object raw, std::string_view text) {
        records::Validation v = records::validate_record(raw, owner_.catalogue_,
                                                         format_ == FileFormat::Csv ? records::ValueSource::Text
                                                                                    : records::ValueSource::Json);
        return validated(number, std::move(raw), text, std::move(v));
    }

    // The same for a line the bulk path checked already (bulk_validate.h).
    Status checked(CheckedLine& line) {
        if (line.parse_error) {
            parse_error(line.number, std::move(line.parse_error->first), std::move(line.parse_error->second),
                        line.text);
            return ok_status();
        }
        // The line keeps its object and record unless they must wait: the
        // parallel stage frees them (bulk_validate.cpp), not this thread.
        return validated(line.number, std::move(line.raw), line.text, std::move(line.validation),
                         line.prepared ? &*line.prepared : nullptr);
    }

    // Handles a line after its validation (`v`); `prepared`, when given, is
    // its record's PreparedWrite, worked out already. `raw` and `v` are
    // moved from only when the line must wait.
    Status validated(int64_t number, json::object&& raw, std::string_view text, records::Validation&& v,
                     const PreparedWrite* prepared = nullptr) {
        ++report_.counts.read;
        if (!v.errors.empty()) {
            for (auto& e : v.errors) error(number, std::move(e.field), std::move(e.message));
            reject(number, raw, text);
            return ok_status();
        }
        if (options_.admit) {
            if (auto refused = options_.admit(*v.record)) {
                error(number, std::move(refused->field), std::move(refused->message));
                reject(number, raw, text);
                return ok_status();
            }
        }
        TRY(place(number, std::move(*v.record), std::move(raw), text, std::nullopt, prepared));
        return drain();
    }

    void header_error(std::string field, std::string message) { error(1, std::move(field), std::move(message)); }

    void parse_error(int64_t number, std::string field, std::string message, std::string_view text) {
        // A row may have several errors: it is read and rejected once.
        if (number != last_error_line_) ++report_.counts.read;
        error(number, std::move(field), std::move(message));
        reject(number, {}, text);
    }

    // The lines still waiting at the end of the file refer to records that
    // are not there, or wait for each other in a loop: each gets its error.
    Status finish_deferred() {
        TRY(drain());
        std::unordered_map<std::string, Fate> fates;
        for (size_t i = 0; i < waiting_.size(); ++i) {
            auto& w = waiting_[i];
            if (w.done) continue;
            const auto& record = w.record;
            const auto& pending = w.pending;
            if (w.field.empty()) {
                error(pending.line, std::string(records::kind_spec(record.kind).id_field),
                      "comes after a line of the same record that could not be stored");
            }
            for (const auto& ref : record.references()) {
                const std::string k = key(ref.kind, ref.id);
                if (const size_t* blocker = front_of(k)) {
                    const std::string self = key(record.kind, record.id);
                    if (k == w.waits_for && front_of(self) && *front_of(self) == i &&
                        fate(self, fates) == Fate::OnLoop) {
                        error(pending.line, std::string(ref.field),
                              ref.field == "parent"
                                  ? std::string("the chain of parents loops back to this record")
                                  : fmt::format("the chain of {} references loops back to this record", ref.field));
                    } else {
                        error(pending.line, std::string(ref.field),
                              fmt::format("refers to a {} of this delivery (line {}) that cannot be stored itself",
                                          records::kind_name(ref.kind), waiting_[*blocker].pending.line));
                    }
                    continue;
                }
                auto state = TRY(state_of(ref.kind, ref.id));
                if (state == RefState::Missing)
                    error(pending.line, std::string(ref.field),
                          fmt::format("refers to a {} that is neither in this delivery nor stored",
                                      records::kind_name(ref.kind)));
            }
            reject(pending.line, pending.raw, pending.text);
        }
        waiting_.clear();
        waiters_.clear();
        versions_.clear();
        return ok_status();
    }

    bool writing() const { return options_.mode == ImportMode::Partial || report_.errors_total == 0; }

    // Puts the kept errors in line order and drops those past the first
    // `errors_kept`.
    void trim_errors() {
        std::stable_sort(report_.errors.begin(), report_.errors.end(),
                         [](const LineError& a, const LineError& b) { return a.line < b.line; });
        if (report_.errors.size() > options_.errors_kept) report_.errors.resize(options_.errors_kept);
    }

    Status write_rejects(const std::vector<std::string>& csv_columns, char csv_separator) {
        if (!options_.rejects || rejected_.empty()) return ok_status();
        std::sort(rejected_.begin(), rejected_.end(),
                  [](const PendingLine& a, const PendingLine& b) { return a.line < b.line; });
        std::string out;
        if (format_ == FileFormat::Csv) {
            for (size_t i = 0; i < csv_columns.size(); ++i)
                out += (i ? std::string(1, csv_separator) : "") + csv_columns[i];
            out += '\n';
            for (const auto& r : rejected_)
                if (!r.text.empty()) out += r.text + '\n';
        } else {
            for (const auto& r : rejected_) out += r.text + '\n';
        }
        return write_private_file(*options_.rejects, out);
    }

private:
    // A line that waits for another: for a record it refers to that comes
    // later in the file, or for an earlier line of the same record that
    // itself waits.
    struct Waiting {
        records::Record record;
        PendingLine pending;
        std::string waits_for;  // the key of the record it waits for
        std::string field;      // the reference that waits; empty when it waits behind its own earlier line
        bool done = false;
    };
    enum class Fate { OnLoop, Blocked };

    void error(int64_t line, std::string field, std::string message) {
        ++report_.errors_total;
        report_.errors.push_back({name_, line, std::move(field), std::move(message)});
        // Only the first errors (by line) are kept; sorting now and then
        // keeps the memory bounded whatever the number of bad lines.
        if (report_.errors.size() >= 2 * std::max<size_t>(options_.errors_kept, 1)) trim_errors();
        if (options_.errors_max > 0 && report_.errors_total >= options_.errors_max && !report_.stopped)
            report_.stopped = fmt::format(
                "{}: stopped reading after {} line errors; nothing is stored. Correct the file (the first errors "
                "are above) and deliver it again",
                name_, report_.errors_total);
    }

    void reject(int64_t line, const json::object& raw, std::string_view text) {
        if (line == last_error_line_) return;
        last_error_line_ = line;
        ++report_.counts.rejected;
        if (options_.rejects) rejected_.push_back({line, raw, std::string(text)});
    }

    static std::string key(Kind kind, std::string_view id) {
        return fmt::format("{}\x1f{}", records::kind_name(kind), id);
    }

    Result<RefState> state_of(Kind kind, const std::string& id) {
        if (!writing() && unwritten_.count(key(kind, id))) return RefState::Exists;
        return writer_.reference(kind, id);
    }

    // The earliest waiting line of the record with this key, if one waits.
    const size_t* front_of(const std::string& k) const {
        auto it = versions_.find(k);
        return it == versions_.end() || it->second.empty() ? nullptr : &it->second.front();
    }

    // Whether the waiting record `start` is on a loop of records that wait
    // for each other. Each waiting record waits for one other, so following
    // them ends at a record that is not waiting, or runs in a circle;
    // `fates` remembers each record's answer, so that all together are
    // found in linear time.
    Fate fate(const std::string& start, std::unordered_map<std::string, Fate>& fates) const {
        std::vector<std::string> path;
        std::unordered_map<std::string, size_t> on_path;
        std::string k = start;
        for (;;) {
            if (fates.count(k)) break;
            const size_t* front = front_of(k);
            if (!front) break;
            if (auto p = on_path.find(k); p != on_path.end()) {
                for (size_t i = p->second; i < path.size(); ++i) fates.emplace(path[i], Fate::OnLoop);
                path.resize(p->second);
                break;
            }
            on_path.emplace(k, path.size());
            path.push_back(k);
            k = waiting_[*front].waits_for;
        }
        for (const auto& p : path) fates.emplace(p, Fate::Blocked);
        auto it = fates.find(start);
        return it == fates.end() ? Fate::Blocked : it->second;
    }

    // The lines that wait for `k` are looked at again (by drain()).
    void wake(const std::string& k) {
        auto it = waiters_.find(k);
        if (it == waiters_.end()) return;
        for (size_t i : it->second) ready_.push_back(i);
        waiters_.erase(it);
    }

    // Looks again at the lines that were woken, until none is left. A
    // worklist rather than recursion: a chain of 20,000 parents must not
    // need 20,000 stack frames.
    Status drain() {
        while (!ready_.empty()) {
            const size_t i = ready_.front();
            ready_.pop_front();
            auto& w = waiting_[i];
            if (w.done) continue;
            ++report_.reference_retries;
            TRY(place(w.pending.line, std::move(w.record), std::move(w.pending.raw), w.pending.text, i));
        }
        return ok_status();
    }

    // Places a record: stores it, or rejects it, or lets it wait. `from`
    // is its entry in waiting_ when it waited before.
    // `record` and `raw` are moved from only when the line waits.
    Status place(int64_t number, records::Record&& record, json::object&& raw, std::string_view text,
                 std::optional<size_t> from, const PreparedWrite* prepared = nullptr) {
        const std::string self = key(record.kind, record.id);
        // A later version of a record that waits must wait behind it.
        const size_t* front = front_of(self);
        if (front && (!from || *front != *from))
            return wait(number, std::move(record), std::move(raw), text, from, self, self, "");
        if (!record.withdrawn) {
            for (const auto& ref : record.references()) {
                if (ref.kind == record.kind && ref.id == record.id) {
                    error(number, std::string(ref.field), "a record cannot refer to itself");
                    reject(number, raw, text);
                    return settled(self, from);
                }
                switch (TRY(state_of(ref.kind, ref.id))) {
                    case RefState::Exists: break;
                    case RefState::Withdrawn:
                        error(number, std::string(ref.field),
                              fmt::format("refers to a {} that was withdrawn", records::kind_name(ref.kind)));
                        reject(number, raw, text);
                        return settled(self, from);
                    case RefState::Missing: {
                        const std::string target = key(ref.kind, ref.id);
                        const std::string field(ref.field);
                        return wait(number, std::move(record), std::move(raw), text, from, self, target, field);
                    }
                }
            }
        }
        if (!writing()) {
            // After the first error nothing is stored; later lines are still
            // checked, and count as present for the references after them.
            unwritten_.insert(self);
            return settled(self, from);
        }
        auto outcome = prepared ? writer_.apply(record, *prepared) : writer_.apply(record);
        if (!outcome) {
            const auto code = outcome.error().code;
            if (code != ErrorCode::NotFound && code != ErrorCode::Conflict) return outcome.take_error();
            // Conflict: a person's links would make two BSNs one human.
            error(number, code == ErrorCode::NotFound ? "deleted" : "same_as", outcome.error().message);
            reject(number, raw, text);
            return settled(self, from);
        }
        if (options_.touched && *outcome != WriteOutcome::Unchanged && writer_.last_touched().personal) {
            const auto action = *outcome == WriteOutcome::Stored     ? TouchAction::Create
                                : *outcome == WriteOutcome::Replaced ? TouchAction::Update
                                                                     : TouchAction::Withdraw;
            TRY(options_.touched->add({record.kind, action, writer_.last_touched().subject, record.id}));
        }
        if (options_.placed && *outcome != WriteOutcome::Unchanged) options_.placed(record);
        switch (*outcome) {
            case WriteOutcome::Stored: ++report_.counts.stored; break;
            case WriteOutcome::Replaced: ++report_.counts.replaced; break;
            case WriteOutcome::Withdrawn: ++report_.counts.withdrawn; break;
            case WriteOutcome::Unchanged: ++report_.counts.unchanged; break;
        }
        return settled(self, from);
    }

    Status wait(int64_t number, records::Record record, json::object raw, std::string_view text,
                std::optional<size_t> from, const std::string& self, const std::string& target, std::string field) {
        size_t i = 0;
        if (from) {
            i = *from;
            auto& w = waiting_[i];
            w.record = std::move(record);
            w.pending.raw = std::move(raw);
        } else {
            i = waiting_.size();
            waiting_.push_back(
                {std::move(record), PendingLine{number, std::move(raw), std::string(text)}, {}, {}, false});
            versions_[self].push_back(i);
        }
        waiting_[i].waits_for = target;
        waiting_[i].field = std::move(field);
        waiters_[target].push_back(i);
        return ok_status();
    }

    // A record is stored, rejected or counted as present: a waiting line of
    // it leaves the queue, and the lines that waited for it look again.
    Status settled(const std::string& self, std::optional<size_t> from) {
        if (from) {
            waiting_[*from].done = true;
            waiting_[*from].pending = PendingLine{};
            auto it = versions_.find(self);
            if (it != versions_.end() && !it->second.empty() && it->second.front() == *from) it->second.pop_front();
            if (it != versions_.end() && it->second.empty()) versions_.erase(it);
        }
        wake(self);
        return ok_status();
    }

    Importer& owner_;
    RecordWriter writer_;
    std::string name_;
    FileFormat format_;
    const ImportOptions& options_;
    ImportReport report_;
    std::deque<Waiting> waiting_;  // a deque: entries stay where they are while others are added
    std::unordered_map<std::string, std::vector<size_t>> waiters_;  // key -> the waiting lines that wait for it
    std::unordered_map<std::string, std::deque<size_t>> versions_;  // key -> its own waiting lines, in file order
    std::deque<size_t> ready_;
    std::unordered_set<std::string> unwritten_;
    std::vector<PendingLine> rejected_;
    int64_t last_error_line_ = -1;
};

Importer::Importer(storage::Store& store, const catalogue::Catalogue& catalogue, const privacy::Keyring& keys)
    : store_(store), catalogue_(catalogue), keys_(keys) {}

Importer::~Importer() = default;

Result<ImportReport> Importer::import_file(const std::filesystem::path& file, const ImportOptions& options) {
    if (options.progress) options.progress({0, std::nullopt, 0, "checking"});
    const std::string digest = TRY(file_digest(file));
    LineReaderOptions reading;
    reading.max_text_bytes = options.max_text_bytes;
    auto lines = TRY(LineReader::open(file, reading));
    return import(std::move(lines), file.string(), digest, options.format.value_or(format_of(file)), options);
}

Result<ImportReport> Importer::import_data(const std::string& name, std::string data, const ImportOptions& options) {
    const std::string digest = data_digest(data);
    auto format = options.format.value_or(format_of(name));
    LineReaderOptions reading;
    reading.max_text_bytes = options.max_text_bytes;
    return import(LineReader::from_string(std::move(data), reading), name, digest, format, options);
}

Result<int64_t> Importer::record_refusal(const std::string& name, FileFormat format, const std::string& digest,
                                         int64_t user, const ImportReport& report) {
    TRY(store_.begin());
    auto id = store_.start_delivery({name, format == FileFormat::Csv ? "csv" : "ndjson", digest, user});
    if (!id) {
        store_.rollback();
        return id.take_error();
    }
    if (auto st = store_.finish_delivery(*id, report.counts, report.stopped ? "stopped" : "refused"); !st) {
        store_.rollback();
        return st.take_error();
    }
    TRY(store_.commit());
    return *id;
}

Result<ImportReport> Importer::import(std::unique_ptr<LineReader> lines, const std::string& name,
                                      const std::string& digest, FileFormat format, const ImportOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    if (auto seen = TRY(store_.delivery_with_hash(digest))) {
        ImportReport report;
        report.file = name;
        report.already_imported = *seen;
        return report;
    }

    Run run(*this, name, format, options);
    auto fail = [&](Error e) -> Result<ImportReport> {
        store_.rollback();
        return e;
    };
    run.writer().set_cache_limit(options.cache_entries);
    run.writer().set_note_touched(options.touched != nullptr);
    TRY(run.writer().prepare());
    TRY(store_.begin());
    auto delivery = store_.start_delivery({name, format == FileFormat::Csv ? "csv" : "ndjson", digest, options.user});
    if (!delivery) return fail(delivery.take_error());
    run.writer().set_delivery(*delivery);
    // The path is chosen inside the transaction: the store cannot fill up
    // between the look and the load.
    const std::optional<uint64_t> size = lines->input_size();
    auto first_load = holds_no_record(store_);
    if (!first_load) return fail(first_load.take_error());
    const ImportPath path = choose_path(options.path, size, *first_load);
    const bool bulk = path == ImportPath::Bulk;
    storage::BulkLoad* loader = bulk ? storage::bulk_load_of(store_) : nullptr;
    if (loader)
        if (auto st = loader->begin_bulk_load(); !st) return fail(st.take_error());

    auto report_progress = [&](int64_t n) {
        if (options.progress) options.progress({lines->input_bytes_read(), lines->input_size(), n, "reading"});
    };

    std::vector<std::string> csv_columns;
    char csv_separator = ',';
    if (format == FileFormat::Csv) {
        auto reader = CsvReader::create(*lines, options.csv_kind);
        if (!reader) {
            // A header error is an error of line 1 ("1: FIELD: message"):
            // report it like the others.
            std::string_view message = reader.error().message;
            std::string field = "-";
            if (message.starts_with("1: ")) {
                message.remove_prefix(3);
                if (auto colon = message.find(": "); colon != std::string_view::npos) {
                    field = std::string(message.substr(0, colon));
                    message.remove_prefix(colon + 2);
                }
            }
            run.parse_error(1, field, std::string(message), "");
        } else {
            csv_columns = reader->columns();
            csv_separator = reader->separator();
            // A sheet must have a column for every required field of each
            // kind it holds: said once, on the header line.
            std::set<std::string> kinds_checked;
            auto check_columns = [&](const std::string& kind_name) {
                if (reader->is_bag_list() || !kinds_checked.insert(kind_name).second) return;
                const auto kind = records::parse_kind(kind_name);
                if (!kind) return;
                for (const auto& f : records::kind_spec(*kind).fields)
                    if (f.required && std::find(csv_columns.begin(), csv_columns.end(), f.name) == csv_columns.end())
                        run.header_error(std::string(f.name), "required column missing");
            };
            if (options.csv_kind) check_columns(*options.csv_kind);
            CsvRecord row;
            std::vector<FieldError> errors;
            int64_t n = 0;
            while (!run.stopped() && reader->next(row, errors)) {
                if (!errors.empty() || !row.ok) {
                    const std::string cells = csv_row(reader->last_cells(), csv_separator);
                    for (auto& e : errors) run.parse_error(e.line, e.field, e.message, cells);
                    if (errors.empty()) run.parse_error(row.line, "-", "malformed row", cells);
                    errors.clear();
                    continue;
                }
                if (auto* k = row.record.if_contains("kind"); k && k->is_string())
                    check_columns(std::string(k->get_string()));
                const std::string text = options.rejects ? csv_row(reader->last_cells(), csv_separator) : std::string();
                auto st = run.line(row.line, std::move(row.record), text);
                if (!st) return fail(st.take_error());
                if (++n % 65536 == 0) report_progress(n);
            }
            for (auto& e : errors) run.parse_error(e.line, e.field, e.message, "");
        }
    } else if (bulk) {
        auto st = check_lines_in_parallel(
            *lines, catalogue_, &keys_, bulk_threads(), [&](CheckedLine& line) { return run.checked(line); },
            [&] { return run.stopped(); }, [&](int64_t n) { report_progress(n); });
        if (!st) return fail(st.take_error());
    } else {
        Line line;
        StrictJsonParser parser;
        int64_t n = 0;
        while (!run.stopped() && lines->next(line)) {
            if (++n % 65536 == 0) report_progress(n);
            std::string_view text = line.text;
            if (text.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines are ignored
            auto parsed = parser.parse(text);
            if (!parsed) {
                // A key given twice is an error of that field: the last
                // would silently win (a second "kind" would change the kind).
                std::string field =
                    parser.had_duplicate() && !parser.duplicate_key().empty() ? parser.duplicate_key() : "-";
                std::string message =
                    parser.had_duplicate() ? std::string("is given more than once") : parsed.error().message;
                if (parser.had_duplicate() && field == "-") message = "a key is given more than once";
                run.parse_error(line.number, std::move(field), std::move(message), text);
                continue;
            }
            json::value v = std::move(*parsed);
            if (!v.is_object()) {
                run.parse_error(line.number, "-", "a line must hold one JSON object", text);
                continue;
            }
            auto st = run.line(line.number, std::move(v.get_object()), text);
            if (!st) return fail(st.take_error());
        }
    }
    if (lines->error()) return fail(*lines->error());

    if (options.progress)
        options.progress({lines->input_bytes_read(), lines->input_size(), run.report().counts.read, "counting"});
    if (!run.stopped()) {
        auto st = run.finish_deferred();
        if (!st) return fail(st.take_error());
    }

    run.trim_errors();
    ImportReport report = std::move(run.report());
    report.file = name;
    report.path = path;
    report.first_load = *first_load;
    const bool commit = !report.stopped && (options.mode == ImportMode::Partial || report.errors_total == 0);
    if (!commit) {
        store_.rollback();
        report.counts.stored = report.counts.replaced = report.counts.withdrawn = report.counts.unchanged = 0;
        // The refusal stays on record, so that the sender and beheer see in
        // the list of deliveries that the file came and why nothing of it
        // counts. Its hash is not that of a committed delivery: the same
        // file, corrected or not, may come again.
        report.delivery = TRY(record_refusal(name, format, digest, options.user, report));
    } else {
        auto fin = run.writer().finish();
        if (!fin) return fail(fin.take_error());
        if (loader) {
            fin = loader->end_bulk_load();
            if (!fin) return fail(fin.take_error());
        }
        fin = store_.finish_delivery(*delivery, report.counts, "committed");
        if (!fin) return fail(fin.take_error());
        fin = store_.commit();
        if (!fin) return fail(fin.take_error());
        report.committed = true;
        report.delivery = *delivery;
    }
    TRY(run.write_rejects(csv_columns, csv_separator));
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace grip::ingest
