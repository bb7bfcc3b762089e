#include "privacy/log_format.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sodium.h>

namespace grip::privacy {
namespace {

constexpr size_t kHashBytes = 32;  // BLAKE2b-256

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

void append_number(std::string& out, int64_t n) {
    std::array<char, 24> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr;
    out.append(digits.data(), end);
}

// Each field as "name length:value\n": unambiguous whatever the values hold,
// and independent of how the JSON of the line is spelled.
void add_field(std::string& out, std::string_view name, std::string_view value) {
    out.append(name);
    out += ' ';
    append_number(out, static_cast<int64_t>(value.size()));
    out += ':';
    out.append(value);
    out += '\n';
}

// A JSON string as boost::json::serialize writes it. Printable ASCII other
// than the quote and the backslash stands for itself, which is what every
// value of a log's line holds but a record's id now and then; anything else
// is left to Boost.JSON, so that the bytes stay exactly those it writes.
void append_json_string(std::string& out, std::string_view text) {
    const bool plain =
        std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'; });
    if (!plain) {
        out += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
        return;
    }
    out += '"';
    out.append(text);
    out += '"';
}

std::string domain_line(std::string_view domain) { return std::string(domain) + "\n"; }

std::string anchor_mac(const ChainKind& kind, const Keyring::Key& key, int64_t seq, std::string_view hash) {
    std::string text = domain_line(kind.anchor_domain);
    add_field(text, "seq", std::to_string(seq));
    add_field(text, "hash", hash);
    return keyed_hash(key, text);
}

std::string checkpoint_mac(const ChainKind& kind, const Keyring::Key& key, const log_format::Anchor& c) {
    std::string text = "grip log checkpoint v1\n";
    add_field(text, "log", kind.record_domain);
    add_field(text, "seq", std::to_string(c.seq));
    add_field(text, "hash", c.hash);
    add_field(text, "offset", std::to_string(c.offset));
    return keyed_hash(key, text);
}

bool written(const ChainField& field, const std::string& value) { return !field.optional || !value.empty(); }

// A small file of one JSON object, written to a temporary file, synced and
// renamed: a reader sees the old one or the new, never half of one.
Status replace_file(const std::filesystem::path& file, const boost::json::object& o, std::string_view what) {
    const std::string text = boost::json::serialize(o) + "\n";
    // Named after the process: the server and `grip user` may both write a
    // security log's checkpoint at once.
    std::filesystem::path tmp = file;
    tmp += fmt::format(".tmp{}", static_cast<long>(::getpid()));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::io(fmt::format("cannot write the {} file {}: {}", what, tmp.string(), std::strerror(errno)));
    const Status done = log_format::write_all(fd, text);
    const bool synced = done.ok() && ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) return Error::io(fmt::format("cannot write the {} file {}", what, tmp.string()));
    if (::rename(tmp.c_str(), file.c_str()) != 0)
        return Error::io(fmt::format("cannot replace the {} file {}: {}", what, file.string(), std::strerror(errno)));
    return log_format::sync_directory(file);
}

// The JSON object of a small file's first line; nullopt when it is missing
// or not an object.
Result<std::optional<boost::json::object>> read_object(const std::filesystem::path& file, bool& exists) {
    std::error_code ec;
    exists = std::filesystem::exists(file, ec);
    if (!exists) return std::optional<boost::json::object>{};
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io(fmt::format("cannot read the file {}", file.string()));
    std::string line;
    std::getline(in, line);
    boost::system::error_code jec;
    const boost::json::value v = boost::json::parse(line, jec);
    if (jec || !v.is_object()) return std::optional<boost::json::object>{};
    return std::optional<boost::json::object>{v.as_object()};
}

}  // namespace

namespace log_format {

const std::string kZeroHash(kHashBytes * 2, '0');

std::string record_hash(const ChainKind& kind, const Keyring::Key& key, const ChainRecord& r) {
    // One buffer per thread: a delivery hashes a record per entry, and the
    // text is built anew each time without allocating.
    thread_local std::string text;
    text.clear();
    text.append(kind.record_domain);
    text += '\n';
    std::string seq;  // short enough to need no allocation
    append_number(seq, r.seq);
    add_field(text, "seq", seq);
    for (size_t i = 0; i < kind.fields.size(); ++i) {
        const std::string& value = i < r.values.size() ? r.values[i] : std::string();
        if (written(kind.fields[i], value)) add_field(text, kind.fields[i].name, value);
    }
    add_field(text, "prev", r.prev);
    return keyed_hash(key, text);
}

std::string to_line(const ChainKind& kind, const ChainRecord& r) {
    // Written straight into one string rather than through a JSON object
    // per line, spelled as boost::json::serialize would spell the object
    // (log_format_test.cpp: known lines, and Boost.JSON's spelling of them).
    std::string out;
    out.reserve(512);
    out += "{\"seq\":";
    append_number(out, r.seq);
    for (size_t i = 0; i < kind.fields.size(); ++i) {
        const std::string& value = i < r.values.size() ? r.values[i] : std::string();
        if (!written(kind.fields[i], value)) continue;
        out += ',';
        append_json_string(out, kind.fields[i].name);
        out += ':';
        append_json_string(out, value);
    }
    out += ",\"prev\":";
    append_json_string(out, r.prev);
    out += ",\"hash\":";
    append_json_string(out, r.hash);
    out += "}\n";
    return out;
}

std::string to_json(const ChainKind& kind, const ChainRecord& r) {
    std::string line = to_line(kind, r);
    line.pop_back();
    return line;
}

Result<ChainRecord> parse_line(const ChainKind& kind, std::string_view line) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) return Error::invalid("the line is not a log record (it is not a JSON object)");
    const auto& o = v.as_object();
    for (const auto& [name, value] : o) {
        (void)value;
        const std::string_view n = name;
        if (n != "seq" && n != "prev" && n != "hash" &&
            std::none_of(kind.fields.begin(), kind.fields.end(), [&](const ChainField& f) { return f.name == n; }))
            return Error::invalid("the line has a field that the log does not write");
    }
    auto wrong = [](std::string_view field) {
        return Error::invalid(fmt::format("the line's field '{}' is missing or of the wrong type", field));
    };
    ChainRecord r;
    const auto* seq = o.if_contains("seq");
    if (!seq || !seq->is_int64()) return wrong("seq");
    r.seq = seq->as_int64();
    for (const auto& field : kind.fields) {
        const auto* value = o.if_contains(field.name);
        if (!value && field.optional) {
            r.values.emplace_back();
            continue;
        }
        if (!value || !value->is_string()) return wrong(field.name);
        r.values.emplace_back(value->as_string());
    }
    for (const std::string_view field : {"prev", "hash"}) {
        const auto* value = o.if_contains(field);
        if (!value || !value->is_string()) return wrong(field);
        (field == "prev" ? r.prev : r.hash) = std::string(value->as_string());
    }
    return r;
}

Result<Anchor> read_anchor(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key) {
    bool exists = false;
    const auto object = TRY(read_object(file, exists));
    Anchor a;
    if (!exists) return a;
    a.state = Anchor::State::Invalid;
    if (!object) return a;
    const auto& o = *object;
    const auto* seq = o.if_contains("seq");
    const auto* hash = o.if_contains("hash");
    const auto* mac = o.if_contains("mac");
    if (!seq || !seq->is_int64() || !hash || !hash->is_string() || !mac || !mac->is_string()) return a;
    if (seq->as_int64() < 0 || anchor_mac(kind, key, seq->as_int64(), hash->as_string()) != mac->as_string()) return a;
    a.state = Anchor::State::Valid;
    a.seq = seq->as_int64();
    a.hash = std::string(hash->as_string());
    return a;
}

Status write_anchor(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key, int64_t seq,
                    const std::string& hash) {
    boost::json::object o;
    o["seq"] = seq;
    o["hash"] = hash;
    o["mac"] = anchor_mac(kind, key, seq, hash);
    return replace_file(file, o, "anchor");
}

Result<Anchor> read_checkpoint(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key) {
    bool exists = false;
    const auto object = TRY(read_object(file, exists));
    Anchor c;
    if (!exists) return c;
    c.state = Anchor::State::Invalid;
    if (!object) return c;
    const auto& o = *object;
    const auto* seq = o.if_contains("seq");
    const auto* hash = o.if_contains("hash");
    const auto* offset = o.if_contains("offset");
    const auto* mac = o.if_contains("mac");
    if (!seq || !seq->is_int64() || !hash || !hash->is_string() || !offset || !offset->is_int64() || !mac ||
        !mac->is_string() || seq->as_int64() < 0 || offset->as_int64() < 0)
        return c;
    c.seq = seq->as_int64();
    c.hash = std::string(hash->as_string());
    c.offset = offset->as_int64();
    if (checkpoint_mac(kind, key, c) != mac->as_string()) return c;
    c.state = Anchor::State::Valid;
    return c;
}

Status write_checkpoint(const ChainKind& kind, const std::filesystem::path& file, const Keyring::Key& key,
                        const Anchor& checkpoint) {
    boost::json::object o;
    o["seq"] = checkpoint.seq;
    o["hash"] = checkpoint.hash;
    o["offset"] = checkpoint.offset;
    o["mac"] = checkpoint_mac(kind, key, checkpoint);
    return replace_file(file, o, "checkpoint");
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

}  // namespace log_format
}  // namespace grip::privacy
