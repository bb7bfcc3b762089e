#include "common/strict_json.h"

#include <unordered_set>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <fmt/format.h>

namespace grip {
namespace json = boost::json;

namespace {

// The handler of json::parser (it builds the value on a value_stack), plus
// the keys seen in each open object.
struct Handler {
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack st;
    // One set per depth, kept between objects so that its buckets are reused.
    std::vector<std::unordered_set<std::string>> keys;
    size_t depth = 0;
    std::string key;  // the parts of a key that is split over writes
    std::string duplicate;
    bool has_duplicate = false;

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_object_begin(json::error_code&) {
        if (keys.size() <= depth) keys.emplace_back();
        keys[depth].clear();
        ++depth;
        return true;
    }
    bool on_object_end(std::size_t n, json::error_code&) {
        --depth;
        st.push_object(n);
        return true;
    }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t n, json::error_code&) {
        st.push_array(n);
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        key.append(s.data(), s.size());
        st.push_chars(s);
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
        key.append(s.data(), s.size());
        if (!keys[depth - 1].insert(key).second) {
            has_duplicate = true;
            duplicate = std::move(key);
            key.clear();
            // Any error stops the parser; the flag says which one it was.
            ec = json::error::syntax;
            return false;
        }
        key.clear();
        st.push_key(s);
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        st.push_string(s);
        return true;
    }
    bool on_number_part(json::string_view, json::error_code&) { return true; }
    bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, json::string_view, json::error_code&) {
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        st.push_bool(b);
        return true;
    }
    bool on_null(json::error_code&) {
        st.push_null();
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }
};

// A key is repeated in a message only when it looks like a field name: a
// key is text from outside and could hold anything.
bool plain_name(std::string_view key) {
    if (key.empty() || key.size() > 64) return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
            return false;
    return true;
}

}  // namespace

struct StrictJsonParser::Impl {
    json::basic_parser<Handler> parser{json::parse_options{}};
};

StrictJsonParser::StrictJsonParser() : impl_(std::make_unique<Impl>()) {}
StrictJsonParser::~StrictJsonParser() = default;

Result<json::value> StrictJsonParser::parse(std::string_view text) {
    auto& p = impl_->parser;
    auto& h = p.handler();
    p.reset();
    h.st.reset();
    h.depth = 0;
    h.key.clear();
    h.has_duplicate = false;
    h.duplicate.clear();
    had_duplicate_ = false;
    duplicate_key_.clear();
    json::error_code ec;
    const size_t n = p.write_some(false, text.data(), text.size(), ec);
    if (!ec && n < text.size()) ec = json::error::extra_data;
    if (ec) {
        if (h.has_duplicate) {
            had_duplicate_ = true;
            if (plain_name(h.duplicate)) {
                duplicate_key_ = h.duplicate;
                return Error::invalid(fmt::format("the key \"{}\" is given more than once", h.duplicate));
            }
            return Error::invalid("a key is given more than once");
        }
        return Error::invalid(fmt::format("not valid JSON ({})", ec.message()));
    }
    return h.st.release();
}

Result<json::value> parse_json_strict(std::string_view text) {
    StrictJsonParser parser;
    return parser.parse(text);
}

}  // namespace grip
