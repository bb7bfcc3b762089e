#include "catalogue/quality_loader.h"

#include <fmt/format.h>

#include "catalogue/section_reader.h"

namespace grip::catalogue {
namespace json = boost::json;
namespace {

class QualityReader : public SectionReader {
public:
    QualityReader(const Catalogue& cat, std::vector<CatalogueProblem>& problems) : SectionReader(problems), cat_(cat) {}

    std::vector<std::string> codes(const json::object& o, std::string_view key, const std::string& path,
                                   bool (QualityReader::*known)(std::string_view) const, std::string_view what) {
        std::vector<std::string> out;
        const auto* v = o.if_contains(key);
        if (!v) return out;
        const auto p = fmt::format("{}.{}", path, key);
        if (!v->is_array()) {
            problem(p, "must be a list of codes");
            return out;
        }
        for (size_t i = 0; i < v->get_array().size(); ++i) {
            const auto& c = v->get_array()[i];
            const auto cp = fmt::format("{}[{}]", p, i);
            if (!c.is_string()) {
                problem(cp, "must be a string");
                continue;
            }
            std::string code(c.get_string());
            if (!(this->*known)(code)) problem(cp, fmt::format("unknown {} {}", what, code));
            out.push_back(std::move(code));
        }
        return out;
    }

    bool activity_type(std::string_view code) const { return cat_.activity_type(code) != nullptr; }
    bool aggregate_type(std::string_view code) const { return cat_.has_aggregate_type(code); }

    void expectation(const json::object& o, const std::string& p, std::vector<DeliveryExpectation>& out) {
        known_keys(o, p, {"source", "activity_types", "aggregate_types", "frequency", "due_days", "description"});
        DeliveryExpectation e;
        const auto* source = o.if_contains("source");
        const auto sp = p + ".source";
        if (!source || !source->is_object() || source->get_object().size() != 1) {
            problem(sp, "must be an object with one of organisation, location, organisation_type, location_type");
        } else {
            const auto& kv = *source->get_object().begin();
            const std::string_view key = kv.key();
            if (key == "organisation") e.source_kind = SourceKind::Organisation;
            else if (key == "location") e.source_kind = SourceKind::Location;
            else if (key == "organisation_type") e.source_kind = SourceKind::OrganisationType;
            else if (key == "location_type") e.source_kind = SourceKind::LocationType;
            else
                problem(fmt::format("{}.{}", sp, key),
                        "must be organisation, location, organisation_type or location_type");
            if (!kv.value().is_string() || kv.value().get_string().empty())
                problem(fmt::format("{}.{}", sp, key), "must be a non-empty string");
            else e.source = std::string(kv.value().get_string());
            if (e.source_kind == SourceKind::LocationType && !e.source.empty() && !cat_.has_location_type(e.source))
                problem(fmt::format("{}.{}", sp, key), fmt::format("unknown location type {}", e.source));
        }
        e.activity_types = codes(o, "activity_types", p, &QualityReader::activity_type, "activity type");
        e.aggregate_types = codes(o, "aggregate_types", p, &QualityReader::aggregate_type, "aggregate type");
        if (e.activity_types.empty() && e.aggregate_types.empty())
            problem(p, "needs activity_types or aggregate_types (a list of at least one)");
        const auto frequency = text(o, "frequency", p, true);
        if (frequency == "quarter") e.frequency = DeliveryFrequency::Quarter;
        else if (frequency == "month") e.frequency = DeliveryFrequency::Month;
        else if (!frequency.empty()) problem(p + ".frequency", "must be month or quarter");
        const auto* due = o.if_contains("due_days");
        if (!due || !due->is_int64() || due->get_int64() < 0 || due->get_int64() > 366)
            problem(p + ".due_days", "must be a whole number of days from 0 to 366");
        else e.due_days = static_cast<int>(due->get_int64());
        out.push_back(std::move(e));
    }

    CheckTerm term(const json::object& o, std::string_view key, const std::string& path, bool per_location) {
        CheckTerm t;
        const auto p = fmt::format("{}.{}", path, key);
        const auto* v = o.if_contains(key);
        const char* shapes = per_location
                                 ? "must be {\"count\": activity type} or {\"capacity_days\": true}"
                                 : "must be {\"indicator\": code} or {\"count\": activity type, \"where\": [...]}";
        if (!v || !v->is_object() || v->get_object().empty()) {
            problem(p, shapes);
            return t;
        }
        const auto& term = v->get_object();
        auto code_of = [&](std::string_view k) {
            const auto* c = term.if_contains(k);
            return c && c->is_string() ? std::string(c->get_string()) : std::string();
        };
        if (!per_location && term.contains("indicator")) {
            known_keys(term, p, {"indicator"});
            t.kind = CheckTermKind::Indicator;
            t.code = code_of("indicator");
            const auto* ind = cat_.indicator(t.code);
            if (!ind) problem(p + ".indicator", fmt::format("unknown indicator {}", t.code));
            else if (ind->measure == Measure::Distribution)
                problem(p + ".indicator", "a distribution has no single value to compare");
        } else if (term.contains("count")) {
            known_keys(term, p,
                       per_location ? std::initializer_list<std::string_view>{"count"}
                                    : std::initializer_list<std::string_view>{"count", "where"});
            t.kind = per_location ? CheckTermKind::LocationCount : CheckTermKind::Count;
            t.code = code_of("count");
            const auto* type = cat_.activity_type(t.code);
            if (!type) problem(p + ".count", fmt::format("unknown activity type {}", t.code));
            if (const auto* where = term.if_contains("where")) {
                if (!where->is_array()) problem(p + ".where", "must be a list of conditions");
                else
                    for (size_t i = 0; i < where->get_array().size(); ++i)
                        t.where.push_back(condition(where->get_array()[i], fmt::format("{}.where[{}]", p, i), type));
            }
        } else if (per_location && term.contains("capacity_days")) {
            known_keys(term, p, {"capacity_days"});
            t.kind = CheckTermKind::LocationCapacityDays;
            const auto& c = term.at("capacity_days");
            if (!c.is_bool() || !c.get_bool()) problem(p + ".capacity_days", "must be true");
        } else {
            problem(p, shapes);
        }
        return t;
    }

    CheckCondition condition(const json::value& v, const std::string& p, const ActivityType* type) {
        CheckCondition c;
        if (!v.is_object()) {
            problem(p, "must be {\"field\": \"attributes.NAME\", \"in\": [values]}");
            return c;
        }
        const auto& o = v.get_object();
        known_keys(o, p, {"field", "in"});
        const auto field = text(o, "field", p, true);
        if (!field.empty() && !field.starts_with("attributes.")) problem(p + ".field", "must be attributes.NAME");
        c.attribute = field.starts_with("attributes.") ? field.substr(11) : std::string();
        if (type && !c.attribute.empty() && !type->attribute(c.attribute))
            problem(p + ".field", fmt::format("type {} has no attribute {}", type->code, c.attribute));
        const auto* in = o.if_contains("in");
        if (!in || !in->is_array() || in->get_array().empty()) {
            problem(p + ".in", "must be a list of at least one value");
            return c;
        }
        for (const auto& x : in->get_array()) {
            if (x.is_string()) c.in.emplace_back(x.get_string());
            else if (x.is_bool()) c.in.emplace_back(x.get_bool() ? "true" : "false");
            else problem(p + ".in", "values are strings (or true/false)");
        }
        return c;
    }

    void check(const json::object& o, const std::string& p, std::vector<CheckDef>& out) {
        known_keys(o, p, {"code", "label", "left", "op", "right", "per_location", "description"});
        CheckDef c;
        c.code = text(o, "code", p, true);
        for (const auto& other : out)
            if (!c.code.empty() && other.code == c.code) problem(p + ".code", "duplicate check code");
        c.label = text(o, "label", p, true);
        if (o.contains("per_location")) {
            c.location_type = text(o, "per_location", p, true);
            if (!c.location_type.empty() && !cat_.has_location_type(c.location_type))
                problem(p + ".per_location", fmt::format("unknown location type {}", c.location_type));
        }
        const bool per_location = o.contains("per_location");
        c.left = term(o, "left", p, per_location);
        c.right = term(o, "right", p, per_location);
        const auto op = text(o, "op", p, true);
        if (op == "<=") c.op = CheckOp::LessOrEqual;
        else if (op == "<") c.op = CheckOp::Less;
        else if (op == "=" || op == "==") c.op = CheckOp::Equal;
        else if (op == ">=") c.op = CheckOp::GreaterOrEqual;
        else if (op == ">") c.op = CheckOp::Greater;
        else if (!op.empty()) problem(p + ".op", "must be <=, <, =, >= or >");
        out.push_back(std::move(c));
    }

private:
    const Catalogue& cat_;
};

}  // namespace

void read_quality(const json::object& root, Catalogue& cat, std::vector<CatalogueProblem>& problems) {
    QualityReader r(cat, problems);
    std::vector<DeliveryExpectation> calendar;
    std::vector<CheckDef> checks;
    r.list(root, "delivery_calendar",
           [&](const json::object& o, const std::string& p) { r.expectation(o, p, calendar); });
    r.list(root, "checks", [&](const json::object& o, const std::string& p) { r.check(o, p, checks); });
    cat.delivery_calendar = std::move(calendar);
    cat.checks = std::move(checks);
}

}  // namespace grip::catalogue
