#include "signals/webhook.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "http/http_client.h"
#include "signals/events.h"

namespace grip::signals {

Status check_webhook_url(const std::string& url) {
    if (!http::https_or_loopback(url))
        return Error::invalid("the signals' webhook must be an https:// URL (http:// only on the loopback interface)");
    return ok_status();
}

Status notify(const std::string& url, const std::vector<storage::SignalEventRow>& events) {
    TRY(check_webhook_url(url));
    for (const auto& e : events) {
        auto reply = http::http_post_json(url, boost::json::serialize(event_json(e)));
        if (!reply) return Error::io(fmt::format("the signals' webhook was not reached: {}", reply.error().message));
        if (reply->status < 200 || reply->status >= 300)
            return Error::io(fmt::format("the signals' webhook answered {} to event {}", reply->status, e.id));
    }
    return ok_status();
}

}  // namespace grip::signals
