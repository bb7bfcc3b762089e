#include <fmt/format.h>

#include "storage/store.h"

namespace grip::storage {

std::vector<std::string> logical_tables() {
    std::vector<std::string> out = {"delivery", "subject"};
    for (records::Kind kind : records::kAllKinds) out.push_back(fmt::format("rec_{}", records::kind_name(kind)));
    for (const char* t : {"history", "tally_member", "tally_cell", "report_text", "user", "session", "api_token",
                          "failed_signin", "case_file", "case_event", "account_security", "report_edition",
                          "signal_event", "signal_visit", "area_geometry"})
        out.emplace_back(t);
    return out;
}

const std::vector<SealedColumn>& sealed_columns() {
    static const std::vector<SealedColumn> columns = [] {
        std::vector<SealedColumn> out;
        for (records::Kind kind : records::kAllKinds)
            out.push_back({fmt::format("rec_{}", records::kind_name(kind)), "sealed", {"rid"}});
        out.push_back({"history", "sealed", {"municipality", "kind", "id", "seq"}});
        // A local account's TOTP secret (auth/second_factor).
        out.push_back({"account_security", "totp_secret", {"user"}, true});
        return out;
    }();
    return columns;
}

}  // namespace grip::storage
