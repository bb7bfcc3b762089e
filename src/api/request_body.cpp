#include "api/request_body.h"

#include "records/bsn.h"

#include "api/json_body.h"
#include "api/services.h"

#include <algorithm>
#include <charconv>

#include <boost/json.hpp>
#include <fmt/format.h>

namespace grip::api {

std::string media_type(const Call& call) {
    std::string type(call.request[boost::beast::http::field::content_type]);
    if (auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
    while (!type.empty() && type.back() == ' ') type.pop_back();
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    return type;
}

Result<boost::json::object> json_object_body(const Call& call) {
    if (media_type(call) != "application/json") return Error::unsupported("the body must be application/json");
    return parse_json_object(call.request.body());
}

Result<int> page_limit(const Call& call) {
    const auto text = call.query_value("limit");
    if (text.empty()) return call.services.settings.page_default;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > call.services.settings.page_max)
        return Error::invalid(
            fmt::format("limit: must be a whole number from 1 to {}", call.services.settings.page_max));
    return value;
}

std::optional<int64_t> whole_number(std::string_view text, int64_t min, int64_t max) {
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
    return value;
}

std::optional<int> path_year(const Call& call) {
    const auto year = whole_number(call.path.at("year"), 1900, 9999);
    return year ? std::optional<int>(static_cast<int>(*year)) : std::nullopt;
}

Result<std::string> bsn_in(const boost::json::object& body) {
    const auto* bsn = body.if_contains("bsn");
    if (!bsn || !bsn->is_string() || !records::is_valid_bsn(bsn->get_string()))
        return Error::invalid("bsn: required: 9 digits passing the eleven test");
    return std::string(bsn->get_string());
}

}  // namespace grip::api
