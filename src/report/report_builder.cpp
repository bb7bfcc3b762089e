#include "report/report_builder.h"

#include "casework/covenant.h"

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "common/date.h"
#include "common/dutch_text.h"
#include "disclosure/public_figures.h"
#include "indicators/engine.h"
#include "indicators/targets.h"
#include "quality/coverage.h"
#include "quality/period_coverage.h"
#include "report/chart_data.h"
#include "report/template_engine.h"
#include "signals/evaluate.h"

namespace grip::report {
namespace json = boost::json;
using catalogue::Measure;

namespace {

std::string capitalise(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::vector<std::string> paragraphs_of(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (line.empty()) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            if (!current.empty()) current += ' ';
            current += line;
        }
        start = end + 1;
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

// Puts `value` at the dotted path `code` ("werk.banenmarkt_bereik") in `root`.
void put_path(json::object& root, std::string_view code, json::value value) {
    json::object* at = &root;
    size_t start = 0;
    for (;;) {
        const size_t dot = code.find('.', start);
        const std::string_view part = code.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (dot == std::string_view::npos) {
            (*at)[part] = std::move(value);
            return;
        }
        auto& next = (*at)[part];
        if (!next.is_object()) next = json::object();
        at = &next.get_object();
        start = dot + 1;
    }
}

struct Motion {
    std::string id, kind, title, status, response;
};

std::string kind_label(std::string_view kind) {
    if (kind == "toezegging") return "Toezegging";
    if (kind == "amendement") return "Amendement";
    return "Motie";
}

// "vier aangenomen moties en een toezegging"
std::string disposal_text(const std::vector<Motion>& motions) {
    std::map<std::string, int> by_kind;
    for (const auto& m : motions) ++by_kind[m.kind];
    std::vector<std::string> parts;
    auto add = [&](const std::string& kind, const char* one, const char* many) {
        if (auto it = by_kind.find(kind); it != by_kind.end())
            parts.push_back(fmt::format("{} {}", dutch_number(it->second), it->second == 1 ? one : many));
    };
    add("motie", "aangenomen motie", "aangenomen moties");
    add("amendement", "amendement", "amendementen");
    add("toezegging", "toezegging", "toezeggingen");
    return dutch_list(parts);
}

// A list of the letter ends its last item with a full stop, not a semicolon.
void end_list(json::array& items) {
    if (items.empty() || !items.back().is_string()) return;
    std::string last(items.back().get_string());
    if (!last.empty() && last.back() == ';') last.back() = '.';
    items.back() = json::string(last);
}

class Builder {
public:
    Builder(storage::Store& store, const catalogue::Catalogue& cat, const ReportOptions& options)
        : store_(store), cat_(cat), options_(options), year_(Period::year_of(options.year)) {}

    Result<json::object> build() {
        TRY(load_motions());
        TRY(load_texts());
        TRY(figures());
        json::object model;
        model["title"] = TRY(fill(cat_.report.title, data_));
        model["programme"] = cat_.programme;
        model["year"] = options_.year;
        model["edition"] = options_.edition == Edition::Public ? "openbaar" : "intern";
        model["municipality"] =
            json::object{{"code", store_.municipality()}, {"name", cat_.municipality_name_of(store_.municipality())}};
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        model["generated_at"] = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
        json::array sections;
        sections.push_back(TRY(text_section("aanleiding")));
        sections.push_back(TRY(relation_section()));
        sections.push_back(TRY(text_section("toelichting")));
        sections.push_back(TRY(results_section()));
        sections.push_back(TRY(motions_section()));
        sections.push_back(TRY(disposal_section()));
        sections.push_back(TRY(text_section("financieel")));
        model["sections"] = std::move(sections);
        json::array closing;
        for (const auto& line : cat_.report.closing) closing.emplace_back(TRY(fill(line, data_)));
        model["closing"] = std::move(closing);
        model["indicators"] = std::move(annex_);
        if (options_.workflows) model["partners"] = TRY(partners());
        TRY(add_signals(model));
        TRY(add_chart_data(store_, cat_, options_, model));
        return model;
    }

private:
    Result<std::string> fill(std::string_view tmpl, const json::object& data) {
        auto out = render_template(tmpl, data, Escape::None);
        if (!out) return Error::invalid(fmt::format("a report template does not render: {}", out.error().message));
        return out;
    }

    static json::object section(std::string code, std::string heading) {
        return json::object{{"code", std::move(code)}, {"heading", std::move(heading)}, {"paragraphs", json::array()},
                            {"items", json::array()},  {"groups", json::array()},       {"motions", json::array()}};
    }

    std::string heading(const std::string& code) const {
        auto it = cat_.report.headings.find(code);
        return it == cat_.report.headings.end() ? code : it->second;
    }

    // A stored text block of the year, else the catalogue's default.
    std::optional<std::string> text_block(const std::string& block) const {
        if (auto it = texts_.find(block); it != texts_.end()) return it->second;
        if (auto it = cat_.report.text_blocks.find(block); it != cat_.report.text_blocks.end()) return it->second;
        return std::nullopt;
    }

    Status load_texts() {
        for (auto& t : TRY(store_.report_texts(options_.year))) texts_[t.block] = t.text;
        return ok_status();
    }

    Status load_motions() {
        const std::string end = year_.last_day().iso();
        for (const auto& rec : TRY(store_.all_current(records::Kind::Motion))) {
            Motion m;
            m.id = rec.record.id;
            m.kind = std::string(rec.record.text("type"));
            m.title = std::string(rec.record.text("title"));
            m.status = std::string(rec.record.text("status"));
            m.response = std::string(rec.record.text("response"));
            // Linked to this report: adopted by the end of the year and not
            // yet disposed of or rejected.
            if (rec.record.text("adopted") > end || m.status == "afgedaan" || m.status == "verworpen") continue;
            motions_.push_back(std::move(m));
        }
        std::sort(motions_.begin(), motions_.end(), [](const Motion& a, const Motion& b) { return a.id < b.id; });
        for (const auto& m : motions_)
            if (m.status == "afdoening_voorgesteld") disposal_.push_back(m);
        return ok_status();
    }

    // In the public edition the disclosure rule decides (docs/disclosure.md):
    // `hidden_` holds the figures' values (by address) that it suppresses.
    bool suppressed(const json::value& v) const { return hidden_.count(&v) > 0; }

    std::string text_of(const json::value& v) const {
        if (auto it = hidden_.find(&v); it != hidden_.end())
            return it->second.second == disclosure::Publication::Primary
                       ? fmt::format("minder dan {}", dutch_number(it->second.first))
                       : std::string("een niet openbaar aantal");
        return dutch_number(v.to_number<int64_t>());
    }

    // The annex's signals of the year (src/signals): in the public edition
    // only those whose figures, in the year and in what they are compared
    // with, the disclosure rule publishes.
    Status add_signals(json::object& model) {
        indicators::Engine engine(store_, cat_);
        const auto list = TRY(signals::evaluate(store_, engine, cat_, year_));
        std::map<int, disclosure::PublicFigures> years;
        json::array out;
        for (const auto& s : list.signals) {
            if (options_.edition == Edition::Public) {
                const catalogue::SignalRule* rule = nullptr;
                for (const auto& r : cat_.signals)
                    if (r.code == s.rule) rule = &r;
                if (!rule) continue;
                bool published = true;
                std::vector<Period> periods{year_};
                for (const auto& p : signals::baseline_periods(*rule, year_)) periods.push_back(p);
                for (const auto& p : periods) {
                    auto it = years.find(p.year());
                    if (it == years.end())
                        it = years.emplace(p.year(), TRY(disclosure::PublicFigures::of_year(engine, cat_, p.year())))
                                 .first;
                    published =
                        published && it->second.of(p, s.area_key, s.indicator) == disclosure::Publication::Published;
                }
                if (!published) continue;
            }
            out.push_back(json::object{{"rule_label", s.rule_label},
                                       {"area", s.area},
                                       {"area_name", s.area_name},
                                       {"explanation", s.explanation}});
        }
        model["has_signals"] = !out.empty();
        model["signals"] = std::move(out);
        return ok_status();
    }

    Status decide_disclosure(indicators::Engine& engine, const indicators::IndicatorSet& set) {
        if (options_.edition != Edition::Public) return ok_status();
        const auto now = TRY(disclosure::PublicFigures::of_year(engine, cat_, options_.year));
        const auto before = TRY(disclosure::PublicFigures::of_year(engine, cat_, options_.year - 1));
        for (const auto& f : set.figures) {
            const auto threshold = disclosure::threshold_of(cat_, *f.def);
            if (auto p = now.of(year_, indicators::kAreaAll, f.def->code); p != disclosure::Publication::Published)
                hidden_[&f.value] = {threshold, p};
            if (auto p = before.of(year_.previous(), indicators::kAreaAll, f.def->code);
                p != disclosure::Publication::Published)
                hidden_[&f.previous] = {threshold, p};
        }
        return ok_status();
    }

    Status figures() {
        indicators::Engine engine(store_, cat_);
        auto set = TRY(engine.compute(year_, ""));
        const std::string now = utc_stamp(
            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()).time_since_epoch().count());
        // Which figures lack a source's delivery (the delivery calendar): a note in the annex.
        const auto calendar = TRY(quality::calendar_of(store_, cat_, options_.year, now));
        // The previous year only where it was delivered: a comparison with
        // a year nobody delivered for would read as a rise from nothing.
        const auto previous_covered = TRY(quality::covered_indicators(store_, cat_, year_.previous(), now));
        for (auto& f : set.figures)
            if (!previous_covered.count(f.def->code)) f.previous = nullptr;
        TRY(decide_disclosure(engine, set));
        // The targets of the year beside the figures, measured on the day the report is made.
        const auto targets = indicators::targets_of(cat_, set, store_.municipality(),
                                                    Date::parse(std::string_view(now).substr(0, 10)).value_or(Date()));
        data_["year"] = options_.year;
        data_["previous_year"] = options_.year - 1;
        data_["programme"] = cat_.programme;
        data_["municipality"] = cat_.municipality_name_of(store_.municipality());
        data_["disposal_count"] = static_cast<int64_t>(disposal_.size());
        data_["disposal_text"] = disposal_text(disposal_);
        for (const auto& f : set.figures) {
            const auto& d = *f.def;
            json::object o;
            json::object annex{
                {"code", d.code}, {"theme", d.theme},           {"label", d.label},
                {"unit", d.unit}, {"definition", d.definition}, {"measure", catalogue::measure_name(d.measure)}};
            if (f.value.is_array()) {
                // A distribution: the two largest values, by their labels.
                const auto* type = cat_.activity_type(d.activity_type);
                const auto* attr = type ? type->attribute(d.attribute) : nullptr;
                std::vector<std::string> top;
                for (const auto& e : f.value.get_array()) {
                    if (top.size() == 2) break;
                    const std::string code(e.get_array()[0].get_string());
                    top.push_back(attr ? attr->label_of(code) : code);
                }
                o["top_text"] = dutch_list(top);
                o["value"] = f.value;
                annex["value"] = f.value;
                annex["previous"] = f.previous;
            } else {
                const int64_t n = f.number();
                o["value"] = suppressed(f.value) ? json::value(text_of(f.value)) : f.value;
                o["text"] = text_of(f.value);
                o["Text"] = capitalise(text_of(f.value));
                o["one"] = n == 1;
                o["nonzero"] = n != 0;
                o["previous"] = f.previous;
                o["change"] = f.previous.is_number() && !suppressed(f.previous) && !suppressed(f.value)
                                  ? fmt::format(" ({}: {})", options_.year - 1, dutch_digits(f.previous_number()))
                                  : std::string();
                annex["value"] = suppressed(f.value) ? json::value(text_of(f.value)) : f.value;
                annex["previous"] = suppressed(f.previous) ? json::value(text_of(f.previous)) : f.previous;
                if (d.measure == Measure::Count && n > 0) o["areas"] = TRY(areas_text(engine, d.code, n));
                if (d.measure == Measure::Capacity) {
                    const auto opened = TRY(engine.opened_in(year_, d.location_type));
                    if (!opened.empty())
                        o["opened"] =
                            fmt::format("{} {}", dutch_month_name(opened.back().month()), opened.back().year());
                }
            }
            if (const auto coverage = quality::coverage_of(d, calendar, year_)) {
                std::string note;
                if (!coverage->missing.empty())
                    note = fmt::format("Onvolledig: geen levering voor elke periode van {} van {}.", options_.year,
                                       dutch_list(coverage->missing));
                if (!coverage->late.empty())
                    note +=
                        fmt::format("{}Te laat geleverd door {}.", note.empty() ? "" : " ", dutch_list(coverage->late));
                if (!note.empty()) annex["coverage_note"] = note;
            }
            for (const auto& t : targets)
                if (t.def->indicator == d.code && !suppressed(f.value)) annex["target_text"] = t.annex_text();
            values_[d.code] = f.value;
            put_path(data_, d.code, std::move(o));
            annex_.push_back(std::move(annex));
        }
        return ok_status();
    }

    // The buurten where most of a count happened, when a few of them hold at
    // least four fifths of it ("In Oud Mathenesse zijn 35 woningen ...").
    Result<std::string> areas_text(indicators::Engine& engine, const std::string& code, int64_t total) {
        const auto by_buurt = TRY(engine.by_buurt(year_, code));
        std::vector<std::string> names;
        int64_t covered = 0;
        for (const auto& [name, n] : by_buurt) {
            if (names.size() == 3) break;
            names.push_back(name);
            covered += n;
            if (covered * 5 >= total * 4) return dutch_list(names);
        }
        return std::string();
    }

    Result<json::object> text_section(const std::string& code) {
        auto s = section(code, heading(code));
        if (auto text = text_block(code)) {
            json::array paragraphs;
            for (auto& p : paragraphs_of(TRY(fill(*text, data_)))) paragraphs.emplace_back(p);
            s["paragraphs"] = std::move(paragraphs);
        }
        return s;
    }

    json::object motion_data(const Motion& m) const {
        return json::object{{"id", m.id}, {"kind", m.kind}, {"kind_label", kind_label(m.kind)}, {"title", m.title}};
    }

    Result<json::object> relation_section() {
        auto s = section("relatie", heading("relatie"));
        json::array items;
        for (const auto& item : cat_.report.relation_items) items.emplace_back(TRY(fill(item, data_)));
        for (const auto& m : motions_) items.emplace_back(TRY(fill(cat_.report.relation_motion_item, motion_data(m))));
        end_list(items);
        s["items"] = std::move(items);
        return s;
    }

    Result<json::object> results_section() {
        auto s = section("resultaten", heading("resultaten"));
        s["paragraphs"] = json::array{json::value(TRY(fill(cat_.report.results_intro, data_)))};
        // Milestones of the year, per theme, in date order.
        std::map<std::string, std::vector<std::pair<std::string, std::string>>> milestones;
        for (const auto& rec : TRY(store_.all_current(records::Kind::Milestone))) {
            const auto date = Date::parse(rec.record.text("date"));
            if (!date || !year_.contains(*date)) continue;
            milestones[std::string(rec.record.text("theme"))].emplace_back(std::string(rec.record.text("date")),
                                                                           std::string(rec.record.text("text")));
        }
        json::array groups;
        for (const auto& theme : cat_.report.results) {
            const auto* t = cat_.theme(theme.theme);
            json::array items;
            auto& ms = milestones[theme.theme];
            std::sort(ms.begin(), ms.end());
            for (const auto& [date, text] : ms) items.emplace_back(text);
            for (const auto& bullet : theme.bullets) {
                if (!bullet.when.empty()) {
                    auto it = values_.find(bullet.when);
                    if (it == values_.end() || !it->second.is_number() || it->second.to_number<double>() == 0) continue;
                }
                items.emplace_back(TRY(fill(bullet.text, data_)));
            }
            if (items.empty()) continue;
            groups.push_back(json::object{{"code", theme.theme},
                                          {"heading", t ? t->label : theme.theme},
                                          {"items", std::move(items)}});
        }
        s["groups"] = std::move(groups);
        return s;
    }

    Result<json::object> motions_section() {
        auto s = TRY(text_section("moties"));
        // A commitment (toezegging) is handled in the section's opening
        // words, as in the seed letter; its handling text replaces the
        // default opening unless the year has its own.
        json::array opening;
        for (const auto& m : motions_)
            if (m.kind == "toezegging" && !m.response.empty() && !texts_.count("motie." + m.id))
                for (auto& p : paragraphs_of(TRY(fill(m.response, data_)))) opening.emplace_back(p);
        if (!opening.empty() && !texts_.count("moties")) s["paragraphs"] = std::move(opening);
        json::array motions;
        int number = 0;
        for (const auto& m : motions_) {
            if (m.kind == "toezegging" && !m.response.empty() && !texts_.count("motie." + m.id)) continue;
            const auto text = texts_.count("motie." + m.id) ? texts_.at("motie." + m.id) : m.response;
            json::array paragraphs;
            for (auto& p : paragraphs_of(TRY(fill(text, data_)))) paragraphs.emplace_back(p);
            motions.push_back(json::object{{"number", ++number},
                                           {"id", m.id},
                                           {"kind", m.kind},
                                           {"title", m.title},
                                           {"paragraphs", std::move(paragraphs)}});
        }
        s["motions"] = std::move(motions);
        return s;
    }

    static std::string date_text(std::string_view iso) {
        const auto d = Date::parse(iso.substr(0, std::min<size_t>(iso.size(), 10)));
        return d ? dutch_date(d->year(), d->month(), d->day()) : "–";
    }

    // The covenant's partners at the end of the year, with their abuses and
    // each step of the escalation ladder; the texts only internally.
    Result<json::array> partners() {
        const auto& wf = *options_.workflows;
        json::array out;
        for (const auto& p : TRY(casework::covenant_partners(store_, wf, year_.last_day()))) {
            const auto& o = p.organisation.record;
            std::vector<std::string> branches;
            if (const auto* b = o.fields.if_contains("branch"); b && b->is_array())
                for (const auto& x : b->get_array()) branches.emplace_back(x.as_string());
            json::array abuses;
            for (const auto& c : p.abuses) {
                const auto* type = wf.find(c.type);
                const auto* state = type ? type->state(c.state) : nullptr;
                json::array steps;
                for (const auto& e : TRY(store_.case_events(c.id))) {
                    if (e.from_state == e.to_state) continue;
                    std::error_code ec;
                    const auto data = json::parse(e.data, ec);
                    const json::object* inputs = nullptr;
                    if (!ec && data.is_object())
                        if (const auto* in = data.get_object().if_contains("inputs"); in && in->is_object())
                            inputs = &in->get_object();
                    auto input = [&](const char* key) {
                        const auto* v = inputs ? inputs->if_contains(key) : nullptr;
                        return v && v->is_string() ? std::string(v->get_string()) : std::string();
                    };
                    const std::string day = input("datum").empty() ? e.at : input("datum");
                    const auto* to = type ? type->state(e.to_state) : nullptr;
                    std::string line = fmt::format("{}: {}", date_text(day), to ? to->label : e.to_state);
                    if (options_.edition == Edition::Internal) {
                        const auto text = input("toelichting").empty() ? input("omschrijving") : input("toelichting");
                        if (!text.empty()) line += fmt::format(" ({})", text);
                    }
                    steps.emplace_back(line);
                }
                abuses.push_back(
                    json::object{{"state_label", state ? state->label : c.state}, {"steps", std::move(steps)}});
            }
            out.push_back(json::object{{"name", o.text("name")},
                                       {"branch_text", branches.empty() ? "–" : dutch_list(branches)},
                                       {"since_text", date_text(o.text("covenant_since"))},
                                       {"until_text",
                                        o.text("covenant_until").empty() ? "–" : date_text(o.text("covenant_until"))},
                                       {"abuses", std::move(abuses)}});
        }
        return out;
    }

    Result<json::object> disposal_section() {
        auto s = section("afdoening", heading("afdoening"));
        if (disposal_.empty()) {
            s["paragraphs"] = json::array{
                "In deze voortgangsrapportage worden geen moties of toezeggingen voor afdoening voorgesteld."};
            return s;
        }
        s["paragraphs"] = json::array{json::value(TRY(fill(cat_.report.disposal_intro, data_)))};
        json::array items;
        for (const auto& m : disposal_) items.emplace_back(TRY(fill(cat_.report.disposal_item, motion_data(m))));
        end_list(items);
        s["items"] = std::move(items);
        return s;
    }

    storage::Store& store_;
    const catalogue::Catalogue& cat_;
    ReportOptions options_;
    Period year_;
    json::object data_;
    json::array annex_;
    std::map<std::string, json::value> values_;
    std::map<std::string, std::string> texts_;
    std::map<const json::value*, std::pair<int64_t, disclosure::Publication>> hidden_;
    std::vector<Motion> motions_;
    std::vector<Motion> disposal_;
};

}  // namespace

Result<json::object> build_report(storage::Store& store, const catalogue::Catalogue& catalogue,
                                  const ReportOptions& options) {
    return Builder(store, catalogue, options).build();
}

}  // namespace grip::report
