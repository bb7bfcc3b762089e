#include "http/http_client.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include <boost/url/parse.hpp>

namespace grip::http {
namespace {

constexpr size_t kMaxReply = 1 << 20;  // a discovery document or key set is a few kilobytes
constexpr long kTimeoutSeconds = 10;

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

size_t collect(char* data, size_t size, size_t count, void* user) {
    auto* out = static_cast<std::string*>(user);
    const size_t n = size * count;
    if (out->size() + n > kMaxReply) return 0;  // makes curl fail: too large
    out->append(data, n);
    return n;
}

Result<HttpReply> perform(const std::string& url, const std::string* form, std::string_view id, std::string_view secret,
                          bool json = false) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (!https_or_loopback(url))
        return Error::invalid("the provider's URL must be https:// (http:// only on the loopback interface)");
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Error::io("cannot start an HTTP request");
    HttpReply reply;
    std::unique_ptr<curl_slist, ListDeleter> headers(curl_slist_append(nullptr, "Accept: application/json"));
    if (json) {
        headers.reset(curl_slist_append(headers.release(), "Content-Type: application/json"));
        headers.reset(curl_slist_append(headers.release(), "Expect:"));  // no waiting for 100 Continue
    }
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, kTimeoutSeconds);
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, kTimeoutSeconds);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
    std::string user, password;
    if (form && json) {
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form->c_str());
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
    } else if (form) {
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form->c_str());
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
        // RFC 6749 2.3.1: the id and secret are form-encoded before Basic.
        user = form_encode(id);
        password = form_encode(secret);
        curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl.get(), CURLOPT_USERNAME, user.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, password.c_str());
    }
    const CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK)
        // The URL is the provider's, not a person's: it may be named.
        return Error::io(fmt::format("the identity provider did not answer ({}): {}", url, curl_easy_strerror(code)));
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
}

bool loopback_host(std::string_view host) {
    return host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == "::1";
}

}  // namespace

bool https_or_loopback(std::string_view url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return false;
    if (parsed->scheme() == "https") return !parsed->encoded_host().empty();
    return parsed->scheme() == "http" && loopback_host(parsed->encoded_host());
}

std::string form_encode(std::string_view value) {
    // Everything but RFC 3986's unreserved characters percent-encoded (Boost.URL).
    return boost::urls::encode(value, boost::urls::unreserved_chars);
}

Result<HttpReply> http_get(const std::string& url) { return perform(url, nullptr, {}, {}); }

Result<HttpReply> http_post_json(const std::string& url, const std::string& json) {
    return perform(url, &json, {}, {}, true);
}

Result<HttpReply> http_post_form(const std::string& url, const std::string& form, std::string_view client_id,
                                 std::string_view client_secret) {
    return perform(url, &form, client_id, client_secret);
}

}  // namespace grip::http
