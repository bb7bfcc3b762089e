#include "privacy/log_format.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sodium.h>

namespace grip::privacy {
namespace {

constexpr size_t kHashBytes = 32;  // BLAKE2b-256

// The keys of a line, in the order they are written. Every line has all of them.
constexpr std::array<std::string_view, 13> kFields = {
    "seq",          "time",   "trace_id", "span_id", "parent_span_id", "actor", "action", "processing_activity",
    "data_subject", "record", "result",   "prev",    "hash"};
// Written when set: a log of one municipality's installation has none.
constexpr std::string_view kMunicipalityField = "municipality";

std::string hex(const unsigned char* bytes, size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, size);
    out.pop_back();
    return out;
}

std::string keyed_hash(const Keyring::Key& key, std::string_view text) {
    std::array<unsigned char, kHashBytes> out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       key.data(), key.size());
    return hex(out.data(), out.size());
}

// Each field as "name length:value\n": unambiguous whatever the values hold,
// and independent of how the JSON of the line is spelled.
void add_field(std::string& out, std::string_view name, std::string_view value) {
    fmt::format_to(std::back_inserter(out), "{} {}:", name, value.size());
    out.append(value);
    out += '\n';
}

std::string anchor_mac(const Keyring::Key& key, int64_t seq, std::string_view hash) {
    std::string text = "grip processing log anchor v1\n";
    add_field(text, "seq", std::to_string(seq));
    add_field(text, "hash", hash);
    return keyed_hash(key, text);
}

boost::json::object json_object(const LogEntry& e) {
    boost::json::object o;
    o["seq"] = e.seq;
    o["time"] = e.time;
    o["trace_id"] = e.trace_id;
    o["span_id"] = e.span_id;
    o["parent_span_id"] = e.parent_span_id;
    o["actor"] = e.actor;
    o["action"] = to_text(e.action);
    o["processing_activity"] = e.processing_activity;
    o["data_subject"] = e.subject;
    o["record"] = e.record;
    if (!e.municipality.empty()) o[kMunicipalityField] = e.municipality;
    o["result"] = to_text(e.result);
    o["prev"] = e.prev;
    o["hash"] = e.hash;
    return o;
}

}  // namespace

namespace log_format {

const std::string kZeroHash(kHashBytes * 2, '0');

std::string record_hash(const Keyring::Key& key, const LogEntry& e) {
    std::string text = "grip processing log record v1\n";
    add_field(text, "seq", std::to_string(e.seq));
    add_field(text, "time", e.time);
    add_field(text, "trace_id", e.trace_id);
    add_field(text, "span_id", e.span_id);
    add_field(text, "parent_span_id", e.parent_span_id);
    add_field(text, "actor", e.actor);
    add_field(text, "action", to_text(e.action));
    add_field(text, "processing_activity", e.processing_activity);
    add_field(text, "data_subject", e.subject);
    add_field(text, "record", e.record);
    // Only when set, so that the records written before it keep their hashes.
    if (!e.municipality.empty()) add_field(text, kMunicipalityField, e.municipality);
    add_field(text, "result", to_text(e.result));
    add_field(text, "prev", e.prev);
    return keyed_hash(key, text);
}

std::string to_line(const LogEntry& e) { return boost::json::serialize(json_object(e)) + "\n"; }

// A line as a record, or why it is not one (in words that never repeat the
// line's content).
Result<LogEntry> parse_line(std::string_view line) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) return Error::invalid("the line is not a log record (it is not a JSON object)");
    const auto& o = v.as_object();
    for (const auto& [name, value] : o) {
        (void)value;
        if (std::find(kFields.begin(), kFields.end(), std::string_view(name)) == kFields.end() &&
            std::string_view(name) != kMunicipalityField)
            return Error::invalid("the line has a field that the log does not write");
    }
    for (const auto field : kFields) {
        const auto* value = o.if_contains(field);
        const bool right_type = value && (field == "seq" ? value->is_int64() : value->is_string());
        if (!right_type)
            return Error::invalid(fmt::format("the line's field '{}' is missing or of the wrong type", field));
    }
    auto text = [&](std::string_view field) { return std::string(o.at(field).as_string()); };
    LogEntry e;
    e.seq = o.at("seq").as_int64();
    e.time = text("time");
    e.trace_id = text("trace_id");
    e.span_id = text("span_id");
    e.parent_span_id = text("parent_span_id");
    e.actor = text("actor");
    const auto action = parse_log_action(text("action"));
    if (!action) return Error::invalid("the line's action is not one the log writes");
    e.action = *action;
    e.processing_activity = text("processing_activity");
    e.subject = text("data_subject");
    e.record = text("record");
    if (const auto* m = o.if_contains(kMunicipalityField)) {
        if (!m->is_string()) return Error::invalid("the line's field 'municipality' is of the wrong type");
        e.municipality = std::string(m->as_string());
    }
    const auto result = parse_log_result(text("result"));
    if (!result) return Error::invalid("the line's result is not one the log writes");
    e.result = *result;
    e.prev = text("prev");
    e.hash = text("hash");
    return e;
}

Result<Anchor> read_anchor(const std::filesystem::path& file, const Keyring::Key& key) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return Anchor{};
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read the anchor file {}", file.string()));
    std::string line;
    std::getline(in, line);
    Anchor a;
    a.state = Anchor::State::Invalid;
    boost::system::error_code jec;
    const boost::json::value v = boost::json::parse(line, jec);
    if (jec || !v.is_object()) return a;
    const auto& o = v.as_object();
    const auto* seq = o.if_contains("seq");
    const auto* hash = o.if_contains("hash");
    const auto* mac = o.if_contains("mac");
    if (!seq || !seq->is_int64() || !hash || !hash->is_string() || !mac || !mac->is_string()) return a;
    if (seq->as_int64() < 0 || anchor_mac(key, seq->as_int64(), hash->as_string()) != mac->as_string()) return a;
    a.state = Anchor::State::Valid;
    a.seq = seq->as_int64();
    a.hash = std::string(hash->as_string());
    return a;
}

Status write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error::io(std::strerror(errno));
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return ok_status();
}

// Makes a rename or a new file in the folder survive a power cut.
Status sync_directory(const std::filesystem::path& file) {
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Error::io(fmt::format("cannot open the folder {}: {}", dir.string(), std::strerror(errno)));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Error::io(fmt::format("cannot sync the folder {}", dir.string()));
    return ok_status();
}

// Write to a temporary file, sync, rename: a reader sees the old anchor or the new, never half of one.
Status write_anchor(const std::filesystem::path& file, const Keyring::Key& key, int64_t seq, const std::string& hash) {
    boost::json::object o;
    o["seq"] = seq;
    o["hash"] = hash;
    o["mac"] = anchor_mac(key, seq, hash);
    const std::string text = boost::json::serialize(o) + "\n";
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::io(fmt::format("cannot write the anchor file {}: {}", tmp.string(), std::strerror(errno)));
    const Status written = write_all(fd, text);
    const bool synced = written.ok() && ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) return Error::io(fmt::format("cannot write the anchor file {}", tmp.string()));
    if (::rename(tmp.c_str(), file.c_str()) != 0)
        return Error::io(fmt::format("cannot replace the anchor file {}: {}", file.string(), std::strerror(errno)));
    return sync_directory(file);
}

}  // namespace log_format

std::string_view to_text(LogAction action) {
    switch (action) {
        case LogAction::Read: return "read";
        case LogAction::Create: return "create";
        case LogAction::Update: return "update";
        case LogAction::Withdraw: return "withdraw";
        case LogAction::Search: return "search";
        case LogAction::Export: return "export";
        case LogAction::List: return "list";
    }
    return "read";
}

std::string_view to_text(LogResult result) {
    switch (result) {
        case LogResult::Ok: return "ok";
        case LogResult::Denied: return "denied";
        case LogResult::NotFound: return "not_found";
        case LogResult::Error: return "error";
    }
    return "error";
}

std::optional<LogAction> parse_log_action(std::string_view text) {
    for (const auto a : {LogAction::Read, LogAction::Create, LogAction::Update, LogAction::Withdraw, LogAction::Search,
                         LogAction::Export, LogAction::List})
        if (to_text(a) == text) return a;
    return std::nullopt;
}

std::optional<LogResult> parse_log_result(std::string_view text) {
    for (const auto r : {LogResult::Ok, LogResult::Denied, LogResult::NotFound, LogResult::Error})
        if (to_text(r) == text) return r;
    return std::nullopt;
}

std::string to_json(const LogEntry& entry) { return boost::json::serialize(json_object(entry)); }

std::filesystem::path anchor_file_for(const std::filesystem::path& log_file) {
    std::filesystem::path p = log_file;
    p += ".anchor";
    return p;
}

}  // namespace grip::privacy
