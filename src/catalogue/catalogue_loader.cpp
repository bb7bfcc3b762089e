#include "catalogue/catalogue_loader.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <sodium.h>

#include "catalogue/quality_loader.h"
#include "catalogue/targets_loader.h"
#include "catalogue/watch_loader.h"
#include "common/municipality_code.h"

namespace grip::catalogue {
namespace json = boost::json;
namespace {

// Walks the JSON document and records problems with their paths instead of
// stopping at the first one.
class Reader {
public:
    explicit Reader(std::vector<CatalogueProblem>& problems) : problems_(problems) {}

    void problem(const std::string& path, std::string message) { problems_.push_back({path, std::move(message)}); }

    // A text that, when present, says something: a label or a definition.
    std::string wording(const json::object& o, std::string_view key, const std::string& path, bool required) {
        auto out = text(o, key, path, required);
        const auto* v = o.if_contains(key);
        if (v && v->is_string() && out.find_first_not_of(" \t\n") == std::string::npos)
            problem(join(path, key), "must not be empty");
        return out;
    }

    std::string text(const json::object& o, std::string_view key, const std::string& path, bool required) {
        auto* v = o.if_contains(key);
        if (!v || v->is_null()) {
            if (required) problem(join(path, key), "required");
            return {};
        }
        if (!v->is_string()) {
            problem(join(path, key), "must be a string");
            return {};
        }
        return std::string(v->get_string());
    }

    const json::array* array(const json::object& o, std::string_view key, const std::string& path, bool required) {
        auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(join(path, key), "required");
            return nullptr;
        }
        if (!v->is_array()) {
            problem(join(path, key), "must be a list");
            return nullptr;
        }
        return &v->get_array();
    }

    const json::object* object(const json::object& o, std::string_view key, const std::string& path, bool required) {
        auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(join(path, key), "required");
            return nullptr;
        }
        if (!v->is_object()) {
            problem(join(path, key), "must be an object");
            return nullptr;
        }
        return &v->get_object();
    }

    void known_keys(const json::object& o, const std::string& path, std::initializer_list<std::string_view> keys) {
        for (const auto& kv : o) {
            bool found = false;
            for (auto k : keys) found = found || kv.key() == k;
            if (!found) problem(join(path, kv.key()), "unknown field");
        }
    }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
    }
    static std::string index(const std::string& path, std::string_view key, size_t i) {
        return fmt::format("{}[{}]", join(path, key), i);
    }

private:
    std::vector<CatalogueProblem>& problems_;
};

std::optional<AttributeType> parse_attribute_type(std::string_view t) {
    if (t == "text") return AttributeType::Text;
    if (t == "bool") return AttributeType::Bool;
    if (t == "int") return AttributeType::Int;
    if (t == "number") return AttributeType::Number;
    if (t == "date") return AttributeType::Date;
    if (t == "enum") return AttributeType::Enum;
    if (t == "list") return AttributeType::List;
    if (t == "country") return AttributeType::Country;
    return std::nullopt;
}

std::vector<CodeLabel> read_code_labels(Reader& r, const json::object& o, std::string_view key,
                                        const std::string& path) {
    std::vector<CodeLabel> out;
    const auto* arr = r.array(o, key, path, false);
    if (!arr) return out;
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto& v = (*arr)[i];
        const auto p = Reader::index(path, key, i);
        if (v.is_string()) {
            out.push_back({std::string(v.get_string()), {}});
        } else if (v.is_object()) {
            r.known_keys(v.get_object(), p, {"code", "label"});
            out.push_back({r.text(v.get_object(), "code", p, true), r.text(v.get_object(), "label", p, false)});
        } else {
            r.problem(p, "must be a code or an object with code and label");
        }
    }
    return out;
}

// The installation's municipalities: the home one, then those listed.
void read_municipalities(Reader& r, const json::object& root, Catalogue& cat) {
    cat.municipalities.push_back({cat.municipality_code, cat.municipality_name, true});
    const auto* arr = r.array(root, "municipalities", "", false);
    if (!arr) return;
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto p = Reader::index("", "municipalities", i);
        if (!(*arr)[i].is_object()) {
            r.problem(p, "must be an object with code, name and shares_figures");
            continue;
        }
        const auto& o = (*arr)[i].get_object();
        r.known_keys(o, p, {"code", "name", "shares_figures"});
        Municipality m{r.text(o, "code", p, true), r.text(o, "name", p, true), false};
        if (const auto* share = o.if_contains("shares_figures")) {
            if (share->is_bool()) m.shares_figures = share->get_bool();
            else r.problem(Reader::join(p, "shares_figures"), "must be true or false");
        }
        if (!is_municipality_code(m.code)) {
            r.problem(Reader::join(p, "code"), "must be a CBS municipality code: GM and four digits (GM0599)");
        } else if (m.code == cat.municipality_code) {
            cat.municipalities.front() = m;  // the home municipality's own choice to share
        } else if (cat.municipality(m.code)) {
            r.problem(Reader::join(p, "code"), fmt::format("{} is listed twice", m.code));
        } else {
            cat.municipalities.push_back(std::move(m));
        }
    }
}

void read_conditions(Reader& r, const Catalogue& cat, const json::object& o, std::string_view key,
                     const std::string& path, const ActivityType* type, std::vector<Condition>& out) {
    const auto* arr = r.array(o, key, path, false);
    if (!arr) return;
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto p = Reader::index(path, key, i);
        if (!(*arr)[i].is_object()) {
            r.problem(p, "must be an object");
            continue;
        }
        const auto& c = (*arr)[i].get_object();
        r.known_keys(c, p, {"field", "equals", "in", "not_in"});
        Condition cond;
        cond.field = r.text(c, "field", p, true);
        if (cond.field.starts_with("attributes.")) {
            const auto name = cond.field.substr(11);
            if (type && !type->attribute(name))
                r.problem(p + ".field", fmt::format("type {} has no attribute {}", type->code, name));
        } else if (cond.field != "person.nationality" && cond.field != "person.brp" && cond.field != "location.type" &&
                   !cond.field.empty()) {
            r.problem(p + ".field", "must be attributes.NAME, person.nationality, person.brp or location.type");
        }
        if (auto* e = c.if_contains("equals")) cond.equals = *e;
        auto read_set = [&](std::string_view k, std::set<std::string>& into) {
            const auto* values = r.array(c, k, p, false);
            if (!values) return;
            for (size_t j = 0; j < values->size(); ++j) {
                if (!(*values)[j].is_string()) {
                    r.problem(Reader::index(p, k, j), "must be a string");
                    continue;
                }
                std::string v((*values)[j].get_string());
                if (v.starts_with("@")) {
                    auto g = cat.country_groups.find(v.substr(1));
                    if (g == cat.country_groups.end()) {
                        r.problem(Reader::index(p, k, j), fmt::format("unknown country group {}", v));
                        continue;
                    }
                    into.insert(g->second.begin(), g->second.end());
                } else {
                    into.insert(v);
                }
            }
        };
        read_set("in", cond.in);
        read_set("not_in", cond.not_in);
        if (!cond.equals && cond.in.empty() && cond.not_in.empty()) r.problem(p, "needs equals, in or not_in");
        out.push_back(std::move(cond));
    }
}

void read_indicators(Reader& r, const json::object& root, Catalogue& cat) {
    const auto* arr = r.array(root, "indicators", "", true);
    if (!arr) return;
    std::set<std::string> seen;
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto p = Reader::index("", "indicators", i);
        if (!(*arr)[i].is_object()) {
            r.problem(p, "must be an object");
            continue;
        }
        const auto& o = (*arr)[i].get_object();
        r.known_keys(o, p,
                     {"code", "theme", "label", "definition", "unit", "measure", "type", "where", "numerator",
                      "attribute", "location_type", "aggregate_type", "counts_people", "public_threshold"});
        IndicatorDef d;
        d.code = r.text(o, "code", p, true);
        if (!d.code.empty() && !seen.insert(d.code).second) r.problem(p + ".code", "duplicate indicator code");
        d.theme = r.text(o, "theme", p, true);
        if (!d.theme.empty() && !cat.theme(d.theme)) r.problem(p + ".theme", "unknown theme");
        d.label = r.wording(o, "label", p, true);
        d.definition = r.wording(o, "definition", p, true);
        d.unit = r.text(o, "unit", p, false);
        const auto measure = r.text(o, "measure", p, true);
        if (auto m = parse_measure(measure)) {
            d.measure = *m;
        } else if (!measure.empty()) {
            r.problem(p + ".measure", "unknown measure");
        }
        const bool on_activities =
            d.measure != Measure::AggregateSum && d.measure != Measure::Capacity && d.measure != Measure::OpenLocations;
        const ActivityType* type = nullptr;
        if (on_activities) {
            d.activity_type = r.text(o, "type", p, true);
            type = cat.activity_type(d.activity_type);
            if (!d.activity_type.empty() && !type) r.problem(p + ".type", "unknown activity type");
        }
        read_conditions(r, cat, o, "where", p, type, d.where);
        read_conditions(r, cat, o, "numerator", p, type, d.numerator);
        if (d.measure == Measure::SharePct && d.numerator.empty())
            r.problem(p + ".numerator", "required for share_pct");
        if (d.measure == Measure::Distribution) {
            d.attribute = r.text(o, "attribute", p, true);
            if (type && !d.attribute.empty()) {
                const auto* a = type->attribute(d.attribute);
                if (!a) r.problem(p + ".attribute", "unknown attribute of the type");
                else if (a->type != AttributeType::List && a->type != AttributeType::Enum)
                    r.problem(p + ".attribute", "a distribution needs a list or enum attribute");
            }
        }
        if (d.measure == Measure::Capacity || d.measure == Measure::OpenLocations) {
            d.location_type = r.text(o, "location_type", p, true);
            if (!d.location_type.empty() && !cat.has_location_type(d.location_type))
                r.problem(p + ".location_type", "unknown location type");
        }
        if (d.measure == Measure::AggregateSum) {
            d.aggregate_type = r.text(o, "aggregate_type", p, true);
            if (!d.aggregate_type.empty() && !cat.has_aggregate_type(d.aggregate_type))
                r.problem(p + ".aggregate_type", "unknown aggregate type");
        }
        d.counts_people = counts_people_by_default(d.measure);
        if (const auto* c = o.if_contains("counts_people")) {
            if (c->is_bool()) d.counts_people = c->get_bool();
            else
                r.problem(p + ".counts_people",
                          "must be true (the figure counts people) or false (the municipality's own work)");
        }
        if (const auto* t = o.if_contains("public_threshold")) {
            if (t->is_int64() && t->get_int64() >= 1 && t->get_int64() <= 1000) d.public_threshold = t->get_int64();
            else r.problem(p + ".public_threshold", "must be a whole number from 1 to 1000");
            if (!d.counts_people)
                r.problem(p + ".public_threshold", "only for an indicator that counts people (counts_people)");
        }
        cat.indicators.push_back(std::move(d));
    }
}

// A retention period: a whole number of years from 1 to 100, or absent (0).
int read_years(Reader& r, const json::object& o, std::string_view key, const std::string& path) {
    const auto* v = o.if_contains(key);
    if (!v) return 0;
    if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > 100) {
        r.problem(Reader::join(path, key), "must be a whole number of years from 1 to 100");
        return 0;
    }
    return static_cast<int>(v->get_int64());
}

void read_retention(Reader& r, const json::object& root, Catalogue& cat) {
    const auto* o = r.object(root, "retention", "", false);
    if (!o) return;
    r.known_keys(*o, "retention", {"description", "person_years", "address_years", "activity_years"});
    cat.retention.person_years = read_years(r, *o, "person_years", "retention");
    cat.retention.address_years = read_years(r, *o, "address_years", "retention");
    cat.retention.activity_years = read_years(r, *o, "activity_years", "retention");
    for (const char* key : {"person_years", "address_years", "activity_years"})
        if (!o->contains(key)) r.problem("retention", fmt::format("{} is required", key));
}

void read_activity_types(Reader& r, const json::object& root, Catalogue& cat) {
    const auto* arr = r.array(root, "activity_types", "", true);
    if (!arr) return;
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto p = Reader::index("", "activity_types", i);
        if (!(*arr)[i].is_object()) {
            r.problem(p, "must be an object");
            continue;
        }
        const auto& o = (*arr)[i].get_object();
        r.known_keys(o, p, {"code", "theme", "label", "description", "links", "attributes", "retention_years"});
        ActivityType t;
        t.code = r.text(o, "code", p, true);
        if (!t.code.empty() && cat.activity_type(t.code)) r.problem(p + ".code", "duplicate activity type");
        t.theme = r.text(o, "theme", p, true);
        if (!t.theme.empty() && !cat.theme(t.theme)) r.problem(p + ".theme", "unknown theme");
        t.label = r.wording(o, "label", p, true);
        t.description = r.text(o, "description", p, false);
        t.retention_years = read_years(r, o, "retention_years", p);
        if (const auto* attrs = r.array(o, "attributes", p, false)) {
            for (size_t j = 0; j < attrs->size(); ++j) {
                const auto ap = Reader::index(p, "attributes", j);
                if (!(*attrs)[j].is_object()) {
                    r.problem(ap, "must be an object");
                    continue;
                }
                const auto& ao = (*attrs)[j].get_object();
                r.known_keys(ao, ap, {"name", "type", "label", "values", "required"});
                // Whether the registration form asks for it before it sends the
                // record (the server takes records without it, as before).
                if (const auto* req = ao.if_contains("required"); req && !req->is_bool())
                    r.problem(ap + ".required", "must be true or false");
                AttributeDef a;
                a.name = r.text(ao, "name", ap, true);
                a.label = r.wording(ao, "label", ap, false);
                const auto type = r.text(ao, "type", ap, true);
                if (auto at = parse_attribute_type(type)) a.type = *at;
                else if (!type.empty())
                    r.problem(ap + ".type", "must be text, bool, int, number, date, enum, list or country");
                a.values = read_code_labels(r, ao, "values", ap);
                if (a.type == AttributeType::Enum && a.values.empty())
                    r.problem(ap + ".values", "an enum needs values");
                if (t.attribute(a.name)) r.problem(ap + ".name", "duplicate attribute");
                t.attributes.push_back(std::move(a));
            }
        }
        cat.activity_types.push_back(std::move(t));
    }
}

void read_report(Reader& r, const json::object& root, Catalogue& cat) {
    const auto* rep = r.object(root, "report", "", true);
    if (!rep) return;
    const std::string p = "report";
    r.known_keys(*rep, p,
                 {"title", "headings", "text_blocks", "relation_items", "relation_motion_item", "results_intro",
                  "results", "disposal_intro", "disposal_item", "closing", "public_threshold", "text_blocks_to_write",
                  "text_block_hints", "open_data_license"});
    auto& out = cat.report;
    out.title = r.text(*rep, "title", p, true);
    auto read_map = [&](std::string_view key, std::map<std::string, std::string>& into) {
        if (const auto* m = r.object(*rep, key, p, true)) {
            for (const auto& kv : *m) {
                if (!kv.value().is_string())
                    r.problem(Reader::join(p + "." + std::string(key), kv.key()), "must be a string");
                else into[std::string(kv.key())] = std::string(kv.value().get_string());
            }
        }
    };
    read_map("headings", out.headings);
    read_map("text_blocks", out.text_blocks);
    for (auto section : {"aanleiding", "relatie", "toelichting", "resultaten", "moties", "afdoening", "financieel"})
        if (!out.headings.count(section)) r.problem(p + ".headings." + section, "required");
    for (auto block : {"aanleiding", "toelichting", "moties", "financieel"})
        if (!out.text_blocks.count(block)) r.problem(p + ".text_blocks." + block, "required");
    auto read_strings = [&](std::string_view key, std::vector<std::string>& into) {
        if (const auto* a = r.array(*rep, key, p, false)) {
            for (size_t i = 0; i < a->size(); ++i) {
                if ((*a)[i].is_string()) into.emplace_back((*a)[i].get_string());
                else r.problem(Reader::index(p, key, i), "must be a string");
            }
        }
    };
    read_strings("relation_items", out.relation_items);
    read_strings("text_blocks_to_write", out.text_blocks_to_write);
    for (size_t i = 0; i < out.text_blocks_to_write.size(); ++i) {
        const auto& block = out.text_blocks_to_write[i];
        if (!out.text_blocks.count(block)) r.problem(Reader::index(p, "text_blocks_to_write", i), "not a text block");
    }
    if (rep->if_contains("text_block_hints")) read_map("text_block_hints", out.text_block_hints);
    for (const auto& [block, hint] : out.text_block_hints)
        if (!out.text_blocks.count(block)) r.problem(p + ".text_block_hints." + block, "not a text block");
    read_strings("closing", out.closing);
    out.relation_motion_item = r.text(*rep, "relation_motion_item", p, true);
    out.results_intro = r.text(*rep, "results_intro", p, true);
    out.disposal_intro = r.text(*rep, "disposal_intro", p, true);
    out.disposal_item = r.text(*rep, "disposal_item", p, true);
    if (auto* t = rep->if_contains("public_threshold")) {
        if (t->is_int64() && t->get_int64() >= 0) out.public_threshold = t->get_int64();
        else r.problem(p + ".public_threshold", "must be a whole number >= 0");
    }
    if (rep->if_contains("open_data_license")) {
        out.open_data_license = r.text(*rep, "open_data_license", p, false);
        if (!out.open_data_license.starts_with("http://") && !out.open_data_license.starts_with("https://"))
            r.problem(p + ".open_data_license", "must be the licence's URL (http:// or https://)");
    }
    if (const auto* results = r.array(*rep, "results", p, true)) {
        for (size_t i = 0; i < results->size(); ++i) {
            const auto tp = Reader::index(p, "results", i);
            if (!(*results)[i].is_object()) {
                r.problem(tp, "must be an object");
                continue;
            }
            const auto& to = (*results)[i].get_object();
            r.known_keys(to, tp, {"theme", "bullets"});
            ReportTheme theme;
            theme.theme = r.text(to, "theme", tp, true);
            if (!theme.theme.empty() && !cat.theme(theme.theme)) r.problem(tp + ".theme", "unknown theme");
            if (const auto* bullets = r.array(to, "bullets", tp, true)) {
                for (size_t j = 0; j < bullets->size(); ++j) {
                    const auto bp = Reader::index(tp, "bullets", j);
                    if (!(*bullets)[j].is_object()) {
                        r.problem(bp, "must be an object");
                        continue;
                    }
                    const auto& bo = (*bullets)[j].get_object();
                    r.known_keys(bo, bp, {"text", "indicators", "when"});
                    ReportBullet b;
                    b.text = r.text(bo, "text", bp, true);
                    b.when = r.text(bo, "when", bp, false);
                    if (!b.when.empty() && !cat.indicator(b.when)) r.problem(bp + ".when", "unknown indicator");
                    if (const auto* inds = r.array(bo, "indicators", bp, false)) {
                        for (size_t k = 0; k < inds->size(); ++k) {
                            const auto& v = (*inds)[k];
                            if (!v.is_string() || !cat.indicator(v.get_string()))
                                r.problem(Reader::index(bp, "indicators", k), "unknown indicator");
                            else b.indicators.emplace_back(v.get_string());
                        }
                    }
                    theme.bullets.push_back(std::move(b));
                }
            }
            out.results.push_back(std::move(theme));
        }
    }
}

std::string fingerprint_of(const json::object& root) {
    // The counting parts: activity types, country groups and indicators.
    json::object counted;
    for (auto key : {"activity_types", "country_groups", "indicators"})
        if (auto* v = root.if_contains(key)) counted[key] = *v;
    // What is published of a figure does not change how it is counted.
    if (auto* inds = counted.if_contains("indicators"); inds && inds->is_array())
        for (auto& ind : inds->get_array())
            if (ind.is_object()) {
                ind.get_object().erase("counts_people");
                ind.get_object().erase("public_threshold");
            }
    const std::string text = json::serialize(counted);
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    std::string hex;
    for (unsigned char c : hash) hex += fmt::format("{:02x}", c);
    return hex;
}

}  // namespace

Result<Catalogue> parse_catalogue(std::string_view json_text, std::vector<CatalogueProblem>& problems) {
    boost::system::error_code ec;
    json::value doc = json::parse(json_text, ec);
    if (ec) return Error::invalid(fmt::format("not valid JSON: {}", ec.message()));
    if (!doc.is_object()) return Error::invalid("the catalogue must be a JSON object");
    const auto& root = doc.get_object();
    Reader r(problems);
    Catalogue cat;
    r.known_keys(root, "",
                 {"format", "programme", "municipality", "municipalities", "themes", "country_groups", "location_types",
                  "aggregate_types", "activity_types", "retention", "indicators", "report", "delivery_calendar",
                  "checks", "rates", "signals", "ranges", "targets"});
    if (r.text(root, "format", "", true) != "grip-catalogue/1" && root.contains("format"))
        r.problem("format", "must be grip-catalogue/1");
    cat.programme = r.text(root, "programme", "", true);
    if (const auto* m = r.object(root, "municipality", "", true)) {
        r.known_keys(*m, "municipality", {"code", "name"});
        cat.municipality_code = r.text(*m, "code", "municipality", true);
        cat.municipality_name = r.text(*m, "name", "municipality", true);
        if (!cat.municipality_code.empty() && !is_municipality_code(cat.municipality_code))
            r.problem("municipality.code", "must be a CBS municipality code: GM and four digits (GM0599)");
    }
    read_municipalities(r, root, cat);
    for (auto& cl : read_code_labels(r, root, "themes", "")) cat.themes.push_back({cl.code, cl.label});
    if (cat.themes.empty()) r.problem("themes", "at least one theme is required");
    if (const auto* groups = r.object(root, "country_groups", "", false)) {
        for (const auto& kv : *groups) {
            const auto gp = Reader::join("country_groups", kv.key());
            if (!kv.value().is_array()) {
                r.problem(gp, "must be a list of country codes");
                continue;
            }
            auto& set = cat.country_groups[std::string(kv.key())];
            for (const auto& c : kv.value().get_array()) {
                if (!c.is_string() || c.get_string().size() != 2) r.problem(gp, "country codes are ISO 3166-1 alpha-2");
                else set.insert(std::string(c.get_string()));
            }
        }
    }
    cat.location_types = read_code_labels(r, root, "location_types", "");
    cat.aggregate_types = read_code_labels(r, root, "aggregate_types", "");
    read_activity_types(r, root, cat);
    read_retention(r, root, cat);
    read_indicators(r, root, cat);
    read_report(r, root, cat);
    read_quality(root, cat, problems);
    read_ranges_and_targets(root, cat, problems);
    read_watch(root, cat, problems);
    cat.counting_fingerprint = fingerprint_of(root);
    if (!problems.empty()) return Error::invalid(fmt::format("{} problem(s) in the catalogue", problems.size()));
    return cat;
}

Result<LoadedCatalogue> load_catalogue(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::not_found(fmt::format("cannot read catalogue {}", file.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    std::vector<CatalogueProblem> problems;
    auto cat = parse_catalogue(ss.str(), problems);
    if (!cat) {
        std::string msg = fmt::format("{}: {}", file.string(), cat.error().message);
        for (const auto& p : problems) msg += fmt::format("\n{}: {}: {}", file.string(), p.path, p.message);
        return Error::invalid(msg);
    }
    return LoadedCatalogue{std::move(cat).value(), file.parent_path(), file};
}

std::filesystem::path default_catalogue_file() {
    if (const char* env = std::getenv("GRIP_CATALOGUE"); env && *env) return env;
    std::filesystem::path installed = std::filesystem::path(GRIP_CATALOGUE_INSTALL_DIR) / "programme.json";
    if (std::filesystem::exists(installed)) return installed;
    return std::filesystem::path(GRIP_CATALOGUE_SOURCE_DIR) / "programme.json";
}

}  // namespace grip::catalogue
