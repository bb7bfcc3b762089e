#include "report/template_engine.h"

#include <array>
#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>

#include <boost/json.hpp>

#include <kainjow/mustache.hpp>

namespace grip::report {

namespace mustache = kainjow::mustache;

namespace {

std::string double_text(double d) {
    // The shortest text that reads back as the same double: 12.5, 3, 0.1.
    std::array<char, 64> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d);
    if (ec != std::errc{}) return "0";
    return std::string(buf.data(), end);
}

mustache::data to_mustache(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::object: {
            mustache::data out{mustache::data::type::object};
            for (const auto& [key, item] : v.get_object()) out.set(std::string(key), to_mustache(item));
            return out;
        }
        case boost::json::kind::array: {
            mustache::data out{mustache::data::type::list};
            for (const auto& item : v.get_array()) out.push_back(to_mustache(item));
            return out;
        }
        case boost::json::kind::string: return mustache::data{std::string(v.get_string())};
        case boost::json::kind::int64: return mustache::data{std::to_string(v.get_int64())};
        case boost::json::kind::uint64: return mustache::data{std::to_string(v.get_uint64())};
        case boost::json::kind::double_: return mustache::data{double_text(v.get_double())};
        case boost::json::kind::bool_: return mustache::data{v.get_bool()};
        case boost::json::kind::null: break;
    }
    return mustache::data{false};
}

bool includes_partial(std::string_view text) {
    // A partial tag is "{{>" possibly with spaces before the ">".
    for (size_t pos = text.find("{{"); pos != std::string_view::npos; pos = text.find("{{", pos + 2)) {
        size_t i = pos + 2;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i < text.size() && text[i] == '>') return true;
    }
    return false;
}

// The library's context looks partials up among the data; this one looks
// them up only among the partials given to render_template, and remembers a
// name it could not find so that a typo in {{> name}} is an error, not a gap.
class PartialsApart : public mustache::context<std::string> {
public:
    PartialsApart(const mustache::data* data, const mustache::data* partials)
        : mustache::context<std::string>(data), partials_(partials) {}

    const mustache::data* get_partial(const std::string& name) const override {
        const mustache::data* found = partials_->get(name);
        if (found == nullptr && missing_.empty()) missing_ = name;
        return found;
    }

    const std::string& missing_partial() const { return missing_; }

private:
    const mustache::data* partials_;
    mutable std::string missing_;
};

}  // namespace

Result<std::string> render_template(std::string_view tmpl, const boost::json::value& data, Escape escape,
                                    const Partials& partials) {
    mustache::mustache parsed{std::string(tmpl)};
    if (!parsed.is_valid()) return Error::invalid("template: " + parsed.error_message());

    if (escape == Escape::None) parsed.set_custom_escape([](const std::string& s) { return s; });

    // Partials live apart from the data, so a string in the data can never be
    // taken for a template (which would let data inject template tags).
    mustache::data partial_data{mustache::data::type::object};
    for (const auto& [name, text] : partials) {
        if (includes_partial(text)) {
            return Error::invalid("template: partial \"" + name + "\" includes another partial, which is not allowed");
        }
        partial_data.set(name, mustache::data{text});
    }
    const mustache::data root = to_mustache(data);
    PartialsApart context{&root, &partial_data};

    std::string out = parsed.render(context);
    if (!parsed.is_valid()) return Error::invalid("template: " + parsed.error_message());
    if (!context.missing_partial().empty()) {
        return Error::invalid("template: unknown partial \"" + context.missing_partial() + "\"");
    }
    return out;
}

Result<std::string> load_template_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return Error::not_found("template file not found: " + path.string());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::io("cannot open template file: " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return Error::io("cannot read template file: " + path.string());
    return buffer.str();
}

}  // namespace grip::report
