#include "catalogue/watch_loader.h"

#include <set>

#include <fmt/format.h>

#include "catalogue/section_reader.h"

namespace grip::catalogue {
namespace json = boost::json;
namespace {

class WatchReader : public SectionReader {
public:
    WatchReader(const Catalogue& cat, std::vector<CatalogueProblem>& problems) : SectionReader(problems), cat_(cat) {}

    // A number within [low, high]; `fallback` when absent or wrong.
    double number(const json::object& o, std::string_view key, const std::string& path, double low, double high,
                  double fallback, bool required) {
        const auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(fmt::format("{}.{}", path, key), "required");
            return fallback;
        }
        if (!v->is_number() || v->to_number<double>() < low || v->to_number<double>() > high) {
            problem(fmt::format("{}.{}", path, key), fmt::format("must be a number from {} to {}", low, high));
            return fallback;
        }
        return v->to_number<double>();
    }

    int64_t whole(const json::object& o, std::string_view key, const std::string& path, int64_t low, int64_t high,
                  int64_t fallback, bool required) {
        const auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(fmt::format("{}.{}", path, key), "required");
            return fallback;
        }
        if (!v->is_int64() || v->get_int64() < low || v->get_int64() > high) {
            problem(fmt::format("{}.{}", path, key), fmt::format("must be a whole number from {} to {}", low, high));
            return fallback;
        }
        return v->get_int64();
    }

    void rate(const json::object& o, const std::string& p, std::vector<RateDef>& out) {
        known_keys(o, p, {"code", "label", "per", "denominator", "aggregate_type"});
        RateDef r;
        r.code = text(o, "code", p, true);
        for (const auto& other : out)
            if (!r.code.empty() && other.code == r.code)
                problem(p + ".code", fmt::format("rate {} is listed twice", r.code));
        r.label = text(o, "label", p, true);
        r.per = whole(o, "per", p, 1, 1'000'000, 1000, true);
        const auto denominator = text(o, "denominator", p, true);
        if (denominator == "inhabitants") {
            r.denominator = RateDenominator::Inhabitants;
            if (o.contains("aggregate_type")) problem(p + ".aggregate_type", "only for the denominator aggregate");
        } else if (denominator == "aggregate") {
            r.denominator = RateDenominator::Aggregate;
            r.aggregate_type = text(o, "aggregate_type", p, true);
            if (!r.aggregate_type.empty() && !cat_.has_aggregate_type(r.aggregate_type))
                problem(p + ".aggregate_type", fmt::format("unknown aggregate type {}", r.aggregate_type));
        } else if (!denominator.empty()) {
            problem(
                p + ".denominator",
                "must be inhabitants (the area's inhabitants) or aggregate (an aggregate type per area and period)");
        }
        out.push_back(std::move(r));
    }

    void signal(const json::object& o, const std::string& p, const std::vector<RateDef>& rates,
                std::vector<SignalRule>& out) {
        known_keys(o, p, {"code", "label", "description", "indicator", "areas", "compare", "test", "rate"});
        SignalRule s;
        s.code = text(o, "code", p, true);
        for (const auto& other : out)
            if (!s.code.empty() && other.code == s.code)
                problem(p + ".code", fmt::format("signal rule {} is listed twice", s.code));
        s.label = text(o, "label", p, true);
        s.indicator = text(o, "indicator", p, true);
        if (!s.indicator.empty()) {
            const auto* ind = cat_.indicator(s.indicator);
            if (!ind) problem(p + ".indicator", fmt::format("unknown indicator {}", s.indicator));
            else if (!is_count_measure(ind->measure))
                problem(p + ".indicator",
                        "must be an indicator that counts (not a share, distribution, capacity or open locations)");
        }
        if (const auto* areas = object(o, "areas", p, true)) {
            const auto ap = p + ".areas";
            known_keys(*areas, ap, {"level", "group"});
            const auto level = text(*areas, "level", ap, true);
            if (level == "buurt") s.level = WatchLevel::Buurt;
            else if (level == "wijk") s.level = WatchLevel::Wijk;
            else if (!level.empty()) problem(ap + ".level", "must be buurt or wijk");
            const auto group = text(*areas, "group", ap, true);
            if (group == "all") s.group = WatchGroup::All;
            else if (group == "priority") s.group = WatchGroup::Priority;
            else if (group == "rest") s.group = WatchGroup::Rest;
            else if (!group.empty())
                problem(ap + ".group", "must be all, priority (the prioritised buurten) or rest (every other)");
        }
        if (const auto* compare = object(o, "compare", p, true)) {
            const auto cp = p + ".compare";
            known_keys(*compare, cp, {"with", "periods"});
            const auto with = text(*compare, "with", cp, true);
            if (with == "previous_year") {
                s.baseline = Baseline::PreviousYear;
                if (compare->contains("periods")) problem(cp + ".periods", "only for mean_of_previous");
            } else if (with == "mean_of_previous") {
                s.baseline = Baseline::MeanOfPrevious;
                s.periods = static_cast<int>(whole(*compare, "periods", cp, 1, 24, 3, true));
            } else if (!with.empty()) {
                problem(cp + ".with", "must be previous_year (the same period a year earlier) or mean_of_previous");
            }
        }
        if (const auto* test = object(o, "test", p, true)) {
            const auto tp = p + ".test";
            known_keys(*test, tp, {"kind", "level", "min_count"});
            const auto kind = text(*test, "kind", tp, true);
            if (kind == "binomial") s.test = SignalTest::Binomial;
            else if (kind == "poisson") s.test = SignalTest::Poisson;
            else if (!kind.empty())
                problem(
                    tp + ".kind",
                    "must be binomial (exact, two counts) or poisson (exact, against the baseline as a known mean)");
            s.level_alpha = number(*test, "level", tp, 1e-9, 0.2, 0.01, true);
            s.min_count = whole(*test, "min_count", tp, 1, 1'000'000, 10, true);
        }
        if (const auto* rate = o.if_contains("rate")) {
            const auto rp = p + ".rate";
            if (!rate->is_object()) {
                problem(rp, "must be an object with code and at_least");
            } else {
                known_keys(rate->get_object(), rp, {"code", "at_least"});
                s.rate = text(rate->get_object(), "code", rp, true);
                bool known = false;
                for (const auto& r : rates) known = known || r.code == s.rate;
                if (!s.rate.empty() && !known) problem(rp + ".code", fmt::format("unknown rate {}", s.rate));
                s.min_rate = number(rate->get_object(), "at_least", rp, 0, 1e9, 0, true);
            }
        }
        out.push_back(std::move(s));
    }

    const json::object* object(const json::object& o, std::string_view key, const std::string& path, bool required) {
        const auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(fmt::format("{}.{}", path, key), "required");
            return nullptr;
        }
        if (!v->is_object()) {
            problem(fmt::format("{}.{}", path, key), "must be an object");
            return nullptr;
        }
        return &v->get_object();
    }

private:
    const Catalogue& cat_;
};

}  // namespace

void read_watch(const json::object& root, Catalogue& cat, std::vector<CatalogueProblem>& problems) {
    WatchReader r(cat, problems);
    std::vector<RateDef> rates;
    std::vector<SignalRule> signals;
    r.list(root, "rates", [&](const json::object& o, const std::string& p) { r.rate(o, p, rates); });
    r.list(root, "signals", [&](const json::object& o, const std::string& p) { r.signal(o, p, rates, signals); });
    cat.rates = std::move(rates);
    cat.signals = std::move(signals);
}

}  // namespace grip::catalogue
