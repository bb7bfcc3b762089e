#include "signals/events.h"

#include <map>
#include <set>

#include <boost/json.hpp>

namespace grip::signals {
namespace json = boost::json;

Result<std::vector<storage::SignalEventRow>> standing_signals(storage::SignalStore& store, const Period& period) {
    std::map<std::pair<std::string, std::string>, storage::SignalEventRow> standing;
    for (auto& e : TRY(store.signal_events(0, period.text()))) {
        const std::pair<std::string, std::string> key{e.rule, e.area};
        if (e.kind == "appeared") standing[key] = std::move(e);
        else standing.erase(key);
    }
    std::vector<storage::SignalEventRow> out;
    for (auto& [key, row] : standing) out.push_back(std::move(row));
    return out;
}

Result<std::vector<storage::SignalEventRow>> record_signals(storage::SignalStore& store, const SignalList& list) {
    const auto before = TRY(standing_signals(store, list.period));
    std::set<std::pair<std::string, std::string>> now;
    for (const auto& s : list.signals) now.insert({s.rule, s.area});
    std::vector<storage::SignalEventRow> out;
    for (const auto& s : list.signals) {
        bool stood = false;
        for (const auto& b : before) stood = stood || (b.rule == s.rule && b.area == s.area);
        if (stood) continue;
        storage::SignalEventRow row;
        row.kind = "appeared";
        row.period = list.period.text();
        row.rule = s.rule;
        row.area = s.area;
        row.content = json::serialize(s.to_json());
        row.id = TRY(store.add_signal_event(row));
        out.push_back(std::move(row));
    }
    for (const auto& b : before) {
        if (now.count({b.rule, b.area})) continue;
        storage::SignalEventRow row = b;
        row.id = 0;
        row.at.clear();
        row.kind = "ended";
        row.id = TRY(store.add_signal_event(row));
        out.push_back(std::move(row));
    }
    // The stored rows carry the store's time; read them back for it.
    if (!out.empty()) {
        auto stored = TRY(store.signal_events(out.front().id - 1, list.period.text()));
        for (auto& row : out)
            for (const auto& s : stored)
                if (s.id == row.id) row.at = s.at;
    }
    return out;
}

json::object event_json(const storage::SignalEventRow& row) {
    boost::system::error_code ec;
    json::value signal = json::parse(row.content, ec);
    if (ec) signal = nullptr;
    return {{"id", row.id}, {"at", row.at}, {"event", row.kind}, {"period", row.period}, {"signal", std::move(signal)}};
}

}  // namespace grip::signals
