#include "report/edition.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <sodium.h>

#include "common/date.h"
#include "common/dutch_text.h"
#include "common/json_fields.h"
#include "indicators/engine.h"

namespace grip::report {
namespace json = boost::json;

namespace {

std::string sha256_hex(std::string_view text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

// Files are kept as base64 so that every format, text or binary, sits in
// the one JSON content the hash covers.
std::string to_base64(std::string_view bytes) {
    constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      kVariant);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

Result<std::string> from_base64(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return Error::storage("a file of the frozen edition is damaged");
    out.resize(length);
    return out;
}

// "2024-03-12" (or a stamp starting with it) as "12 maart 2024".
std::string date_words(std::string_view iso) {
    const auto d = Date::parse(iso.substr(0, std::min<size_t>(iso.size(), 10)));
    return d ? dutch_date(d->year(), d->month(), d->day()) : std::string(iso);
}

// The sentence a correcting edition opens its letter with.
std::string correction_sentence(const storage::ReportEditionRow& corrected) {
    if (!corrected.decision_date.empty())
        return fmt::format(
            "Deze brief corrigeert de voortgangsrapportage {} die het college op {} vaststelde (editie {}{}). "
            "Na die vaststelling zijn gegevens gecorrigeerd; de cijfers in deze brief zijn bijgewerkt.",
            corrected.year, date_words(corrected.decision_date), corrected.id,
            corrected.decision_number.empty() ? "" : ", besluitnummer " + corrected.decision_number);
    return fmt::format(
        "Deze brief corrigeert de voortgangsrapportage {} zoals die op {} werd vastgelegd (editie {}). "
        "Na die vastlegging zijn gegevens gecorrigeerd; de cijfers in deze brief zijn bijgewerkt.",
        corrected.year, date_words(corrected.frozen_at), corrected.id);
}

void add_correction(json::object& model, const std::string& sentence) {
    auto* sections = model.if_contains("sections");
    if (!sections || !sections->is_array() || sections->get_array().empty()) return;
    auto& first = sections->get_array()[0];
    if (!first.is_object()) return;
    auto& paragraphs = first.get_object()["paragraphs"];
    if (!paragraphs.is_array()) paragraphs = json::array();
    auto& list = paragraphs.get_array();
    list.insert(list.begin(), json::value(sentence));
}

std::vector<Period> periods_of(int year) {
    std::vector<Period> out{Period::year_of(year)};
    for (int q = 1; q <= 4; ++q) out.push_back(Period::quarter_of(year, q));
    for (int m = 1; m <= 12; ++m) out.push_back(Period::month_of(year, m));
    return out;
}

const json::value* path_of(const json::object& o, std::initializer_list<std::string_view> keys) {
    const json::value* v = nullptr;
    const json::object* at = &o;
    for (auto k : keys) {
        if (!at) return nullptr;
        v = at->if_contains(k);
        if (!v) return nullptr;
        at = v->is_object() ? &v->get_object() : nullptr;
    }
    return v;
}

// What a later delivery wrote: per record kind, the types of the versions
// it wrote and replaced, with their dates (activities) or periods
// (aggregates), so that a changed figure can name the deliveries behind it.
struct Touched {
    bool areas = false;  // an area changed: every figure may move
    // A person, address or organisation changed: every figure that counts
    // activities may move (a nationality, an address's area, a partner).
    bool referenced = false;
    std::map<std::string, std::vector<std::string>> activity_dates;  // type -> dates
    std::set<std::string> aggregate_types, location_types;
};

Result<Touched> touched_by(storage::Store& store, int64_t delivery) {
    Touched t;
    for (const auto& [kind, id] : TRY(store.records_of_delivery(delivery))) {
        if (kind == records::Kind::Area) {
            t.areas = true;
            continue;
        }
        if (kind == records::Kind::Person || kind == records::Kind::Address || kind == records::Kind::Organisation) {
            t.referenced = true;
            continue;
        }
        if (kind != records::Kind::Activity && kind != records::Kind::Aggregate && kind != records::Kind::Location)
            continue;
        const auto versions = TRY(store.history(kind, id));
        for (size_t i = 0; i < versions.size(); ++i) {
            // The version the delivery wrote and the one it replaced: both counted somewhere.
            const bool wrote = versions[i].delivery == delivery;
            const bool replaced = i + 1 < versions.size() && versions[i + 1].delivery == delivery;
            if (!wrote && !replaced) continue;
            const auto& f = versions[i].fields;
            auto text = [&](const char* name) { return string_value(f, name); };
            if (kind == records::Kind::Activity) t.activity_dates[text("type")].push_back(text("date"));
            else if (kind == records::Kind::Aggregate) t.aggregate_types.insert(text("type"));
            else t.location_types.insert(text("type"));
        }
    }
    return t;
}

bool affects(const Touched& t, const catalogue::IndicatorDef& def, const Period& period) {
    if (t.areas) return true;
    if (!def.activity_type.empty()) {
        if (t.referenced) return true;
        auto it = t.activity_dates.find(def.activity_type);
        if (it == t.activity_dates.end()) return false;
        // An activity dated after the period does not count in it.
        const std::string last = period.last_day().iso();
        return std::any_of(it->second.begin(), it->second.end(),
                           [&](const std::string& d) { return d.empty() || d <= last; });
    }
    if (!def.aggregate_type.empty()) return t.aggregate_types.count(def.aggregate_type) > 0;
    if (!def.location_type.empty()) return t.location_types.count(def.location_type) > 0;
    return false;
}

class EditionSubject final : public casework::ReportSubject {
public:
    EditionSubject(const EditionContext& ctx, std::string now) : ctx_(ctx), now_(std::move(now)) {}

    Result<std::vector<std::string>> unwritten_blocks(int year) override {
        return unwritten_text_blocks(ctx_.store, ctx_.catalogue, year);
    }

    Result<int64_t> freeze(int year, const std::map<std::string, std::string>& inputs, int64_t case_id) override {
        FreezeRequest request;
        request.year = year;
        request.now = now_;
        if (auto it = inputs.find("datum"); it != inputs.end()) request.decision_date = it->second;
        if (auto it = inputs.find("besluitnummer"); it != inputs.end()) request.decision_number = it->second;
        request.case_id = case_id;
        return TRY(freeze_edition(ctx_, request)).id;
    }

private:
    EditionContext ctx_;
    std::string now_;
};

}  // namespace

std::vector<ReportFormat> edition_formats() {
    return {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Json, ReportFormat::Xlsx};
}

std::string edition_format_name(ReportFormat format) { return std::string(report_file_extension(format).substr(1)); }

std::string_view edition_name(Edition edition) { return edition == Edition::Public ? "openbaar" : "intern"; }

Result<json::object> figure_grid(storage::Store& store, const catalogue::Catalogue& catalogue, int year) {
    indicators::Engine engine(store, catalogue);
    const auto tree = TRY(engine.area_tree());
    const auto periods = periods_of(year);
    const auto sets = TRY(engine.compute_many(periods, tree.all_keys()));
    json::object grid;
    for (const auto& p : periods) grid[p.text()] = json::object();
    for (const auto& set : sets) {
        json::object figures;
        for (const auto& f : set.figures) figures[f.def->code] = f.value;
        grid[set.period.text()].get_object()[set.area_code] = std::move(figures);
    }
    return grid;
}

Result<storage::ReportEditionRow> freeze_edition(const EditionContext& ctx, const FreezeRequest& request) {
    if (request.year < 1900) return Error::invalid("give the report's year");
    if (!request.decision_date.empty() && !Date::parse(request.decision_date))
        return Error::invalid("the decision date is a date: YYYY-MM-DD");
    std::string correction;
    if (request.corrects != 0) {
        auto corrected = TRY(ctx.store.report_edition(request.corrects));
        if (!corrected || corrected->year != request.year)
            return Error::not_found(
                fmt::format("no frozen edition {} of {} to correct", request.corrects, request.year));
        correction = correction_sentence(*corrected);
    }
    int64_t deliveries_through = 0;
    for (const auto& d : TRY(ctx.store.deliveries())) deliveries_through = std::max(deliveries_through, d.id);

    json::object models, files;
    for (Edition which : {Edition::Internal, Edition::Public}) {
        ReportOptions options;
        options.year = request.year;
        options.edition = which;
        options.workflows = ctx.workflows;
        auto model = TRY(build_report(ctx.store, ctx.catalogue, options));
        if (!correction.empty()) add_correction(model, correction);
        json::object rendered;
        for (ReportFormat format : edition_formats())
            rendered[edition_format_name(format)] = to_base64(TRY(render_report(model, format, ctx.template_dir)));
        const std::string name(edition_name(which));
        models[name] = std::move(model);
        files[name] = std::move(rendered);
    }
    // The canonical serialisation is this object as boost::json writes it:
    // keys in the order given here, no white space. The hash covers it
    // byte for byte, and the store keeps exactly these bytes.
    json::object content;
    content["format"] = kEditionContentFormat;
    content["year"] = request.year;
    content["frozen_at"] = request.now;
    content["decision"] = json::object{{"date", request.decision_date}, {"number", request.decision_number}};
    content["corrects"] = request.corrects == 0 ? json::value(nullptr) : json::value(request.corrects);
    content["deliveries_through"] = deliveries_through;
    content["models"] = std::move(models);
    content["figures"] = TRY(figure_grid(ctx.store, ctx.catalogue, request.year));
    content["files"] = std::move(files);

    storage::ReportEditionRow row;
    row.year = request.year;
    row.frozen_at = request.now;
    row.decision_date = request.decision_date;
    row.decision_number = request.decision_number;
    row.corrects = request.corrects;
    row.case_id = request.case_id;
    row.content = json::serialize(content);
    row.content_hash = sha256_hex(row.content);
    row.id = TRY(ctx.store.add_report_edition(row));
    return row;
}

Result<FrozenEdition> read_edition(storage::Store& store, int64_t id) {
    auto row = TRY(store.report_edition(id));
    if (!row) return Error::not_found(fmt::format("no frozen edition {}", id));
    if (sha256_hex(row->content) != row->content_hash)
        return Error::storage(fmt::format("frozen edition {} does not match its content hash", id));
    std::error_code ec;
    auto content = json::parse(row->content, ec);
    if (ec || !content.is_object()) return Error::storage(fmt::format("frozen edition {} cannot be read", id));
    return FrozenEdition{std::move(*row), std::move(content.get_object())};
}

Result<std::string> edition_file(const FrozenEdition& edition, Edition which, ReportFormat format,
                                 const std::filesystem::path& template_dir) {
    if (const auto* file = path_of(edition.content, {"files", edition_name(which), edition_format_name(format)});
        file && file->is_string())
        return from_base64(file->get_string());
    // Word and PDF are made by outside programs from the frozen model (the
    // frozen Markdown and HTML with their charts): the same text and figures.
    const auto* model = path_of(edition.content, {"models", edition_name(which)});
    if (!model || !model->is_object())
        return Error::not_found(fmt::format("frozen edition {} has no {} file of the {} edition", edition.row.id,
                                            edition_format_name(format), edition_name(which)));
    return render_report(model->get_object(), format, template_dir);
}

json::object edition_summary(const storage::ReportEditionRow& row) {
    return {{"id", row.id},
            {"year", row.year},
            {"frozen_at", row.frozen_at},
            {"decision_date", row.decision_date.empty() ? json::value(nullptr) : json::value(row.decision_date)},
            {"decision_number", row.decision_number.empty() ? json::value(nullptr) : json::value(row.decision_number)},
            {"corrects", row.corrects == 0 ? json::value(nullptr) : json::value(row.corrects)},
            {"case", row.case_id == 0 ? json::value(nullptr) : json::value(row.case_id)},
            {"content_hash", row.content_hash}};
}

Result<std::vector<FigureChange>> edition_diff(storage::Store& store, const catalogue::Catalogue& catalogue,
                                               const FrozenEdition& edition) {
    const auto* frozen_grid = edition.content.if_contains("figures");
    if (!frozen_grid || !frozen_grid->is_object())
        return Error::storage(fmt::format("frozen edition {} has no figures", edition.row.id));
    const auto live_grid = TRY(figure_grid(store, catalogue, edition.row.year));
    const auto* through = edition.content.if_contains("deliveries_through");
    const int64_t last = through && through->is_int64() ? through->get_int64() : 0;

    std::vector<std::pair<DeliveryRef, Touched>> later;
    for (const auto& d : TRY(store.deliveries()))
        if (d.id > last)
            later.emplace_back(DeliveryRef{d.id, d.info.source, d.started_at}, TRY(touched_by(store, d.id)));

    static const json::object kNone;
    auto object_at = [](const json::object& o, std::string_view key) -> const json::object& {
        const auto* v = o.if_contains(key);
        return v && v->is_object() ? v->get_object() : kNone;
    };
    std::vector<FigureChange> out;
    for (const auto& period_kv : live_grid) {
        const auto period = Period::parse(period_kv.key());
        const auto& frozen_areas = object_at(frozen_grid->get_object(), period_kv.key());
        const auto& live_areas = period_kv.value().get_object();
        // Areas of either side: one may have come or gone.
        std::vector<std::string> areas;
        for (const auto& a : frozen_areas) areas.emplace_back(a.key());
        for (const auto& a : live_areas)
            if (!frozen_areas.contains(a.key())) areas.emplace_back(a.key());
        for (const auto& area : areas) {
            const auto& frozen = object_at(frozen_areas, area);
            const auto& live = object_at(live_areas, area);
            for (const auto& def : catalogue.indicators) {
                const auto* f = frozen.if_contains(def.code);
                const auto* l = live.if_contains(def.code);
                const json::value fv = f ? *f : json::value(nullptr), lv = l ? *l : json::value(nullptr);
                if (fv == lv) continue;
                FigureChange c{std::string(period_kv.key()), area, def.code, fv, lv, {}};
                for (const auto& [ref, touched] : later)
                    if (period && affects(touched, def, *period)) c.deliveries.push_back(ref);
                out.push_back(std::move(c));
            }
        }
    }
    return out;
}

json::object diff_json(const std::vector<FigureChange>& changes) {
    json::array list;
    for (const auto& c : changes) {
        json::array deliveries;
        for (const auto& d : c.deliveries)
            deliveries.push_back(json::object{{"id", d.id}, {"source", d.source}, {"received_at", d.received_at}});
        list.push_back(json::object{{"period", c.period},
                                    {"area", c.area},
                                    {"indicator", c.indicator},
                                    {"frozen", c.frozen},
                                    {"live", c.live},
                                    {"deliveries", std::move(deliveries)}});
    }
    return {{"changes", std::move(list)}};
}

std::shared_ptr<casework::ReportSubject> report_subject(const EditionContext& ctx, std::string now) {
    return std::make_shared<EditionSubject>(ctx, std::move(now));
}

}  // namespace grip::report
