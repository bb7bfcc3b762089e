#include "storage/data_subject.h"

#include <ranges>

namespace grip::storage {
using records::Kind;

namespace {

// The last version of a withdrawn record that still had its fields.
Result<std::optional<records::Record>> before_withdrawal(Store& store, Kind kind, std::string_view id) {
    auto versions = TRY(store.history(kind, id));
    for (const auto& version : std::views::reverse(versions))
        if (!version.withdrawn) {
            records::Record r;
            r.kind = kind;
            r.id = std::string(id);
            r.fields = version.fields;
            return std::optional<records::Record>(std::move(r));
        }
    return std::optional<records::Record>();
}

}  // namespace

Result<int64_t> data_subject(Store& store, const StoredRecord& stored) {
    const auto& record = stored.record;
    switch (record.kind) {
        case Kind::Person:
        case Kind::Address:
            if (stored.subject || !stored.withdrawn) return stored.subject;
            break;
        case Kind::Activity: {
            std::optional<records::Record> source;
            if (stored.withdrawn) source = TRY(before_withdrawal(store, Kind::Activity, record.id));
            const records::Record& r = source ? *source : record;
            for (auto [field, kind] : {std::pair{"person", Kind::Person}, std::pair{"address", Kind::Address}}) {
                const auto ref = r.text(field);
                if (ref.empty()) continue;
                if (auto subject = TRY(data_subject(store, kind, ref))) return subject;
            }
            return int64_t{0};
        }
        default: return int64_t{0};
    }
    return int64_t{0};
}

Result<int64_t> data_subject(Store& store, Kind kind, std::string_view id) {
    auto stored = TRY(store.current(kind, id));
    if (!stored) return int64_t{0};
    return data_subject(store, *stored);
}

}  // namespace grip::storage
