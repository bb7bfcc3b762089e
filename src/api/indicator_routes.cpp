// /api/v1/indicators: the figures of the catalogue for a period and an area,
// live, with the previous period beside each — the same JSON as
// `grip indicators --format json`.

#include <optional>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/services.h"
#include "common/date.h"
#include "disclosure/open_data.h"
#include "indicators/range_figures.h"
#include "indicators/rates.h"
#include "indicators/targets.h"
#include "quality/coverage.h"

namespace grip::api {
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

// Today (UTC) on the server's clock: the day a target's progress is measured on.
Date indicators_today(const Call& call) {
    return Date::from_days(static_cast<int32_t>(call.services.clock.now() / 86400));
}

// The date range asked for with from/to or range=CODE; nullopt when none was.
Result<std::optional<indicators::DateRange>> requested_date_range(Call& call) {
    const auto code = call.query_value("range");
    if (!code.empty()) {
        const auto* named = call.services.catalogue.catalogue.range(code);
        if (!named) return Error::not_found("no such range in the catalogue's ranges");
        auto r = TRY(indicators::DateRange::parse(named->from, named->to));
        r.code = named->code;
        return std::optional<indicators::DateRange>(std::move(r));
    }
    const auto from = call.query_value("from");
    const auto to = call.query_value("to");
    if (from.empty() && to.empty()) return std::optional<indicators::DateRange>();
    return std::optional<indicators::DateRange>(TRY(indicators::DateRange::parse(from, to)));
}

// The targets of the set's figures; a figure the disclosure rule withholds
// shows no progress, which would tell its value.
void add_visible_targets(Call& call, boost::json::object& out, const indicators::IndicatorSet& set) {
    indicators::add_targets(out, call.services.catalogue.catalogue, set, call.db.store->municipality(),
                            indicators_today(call));
    for (auto& kv : out["indicators"].as_object())
        if (auto* o = kv.value().if_object(); o && o->contains("suppressed")) o->erase("target");
}

// A failure to compute figures: an unknown area is the caller's (400).
http::Response figures_problem(const Error& error) {
    if (error.code == ErrorCode::NotFound || error.code == ErrorCode::Invalid)
        return problem(status::bad_request, "no such area",
                       {{"area", "an area code (gemeente, wijk, buurt), `priority` or `rest`"}});
    return problem_from(error);
}

// The figures of a date range (indicators/range_figures.h), with the same
// range a year earlier beside them and the targets of the range.
Answer date_range_indicators(Call& call, const indicators::DateRange& range) {
    const auto& catalogue = call.services.catalogue.catalogue;
    auto& engine = call.db.indicators(catalogue);
    auto set = indicators::compute_range(engine, *call.db.store, catalogue, range, call.query_value("area"));
    if (!set) return figures_problem(set.error());
    auto out = set->to_json();
    add_visible_targets(call, out, *set);
    return json_response(status::ok, out);
}

Answer indicators(Call& call) {
    auto range = requested_date_range(call);
    if (!range)
        return problem(status::bad_request, "which range?",
                       {{range.error().code == ErrorCode::NotFound ? "range" : "from", range.error().message}});
    std::string period_text = call.query_value("period");
    if (*range) {
        if (!period_text.empty())
            return problem(status::bad_request, "a period or a range",
                           {{"period", "give period, or from and to, or range"}});
        // A rate's denominators are kept per calendar period.
        if (!call.query_value("rate").empty())
            return problem(status::bad_request, "a rate is given for a calendar period",
                           {{"rate", "give period= with rate="}});
        // The disclosure rule covers the calendar periods of a year: a public
        // role gets a range only when it is one of them (answered as that
        // period), as any other range could be differenced with them to
        // recover a suppressed figure (docs/disclosure.md).
        const auto as_period = (*range)->as_period();
        if (call.role().public_figures && !as_period)
            return problem(status::forbidden, "the public figures are published per calendar period only",
                           {{"range", "ask for a year, quarter or month (period=)"}});
        if (!call.role().public_figures) return date_range_indicators(call, **range);
        period_text = as_period->text();
    }
    const auto period = Period::parse(period_text);
    if (!period)
        return problem(status::bad_request, "which period?", {{"period", "required: YYYY, YYYY-Qn or YYYY-MM"}});
    const auto rate_code = call.query_value("rate");
    const catalogue::RateDef* rate = nullptr;
    if (!rate_code.empty()) {
        rate = call.services.catalogue.catalogue.rate(rate_code);
        if (!rate)
            return problem(status::bad_request, "no such rate", {{"rate", "a rate code of the catalogue's rates"}});
    }
    auto& engine = call.db.indicators(call.services.catalogue.catalogue);
    auto set = engine.compute(*period, call.query_value("area"));
    if (!set) return figures_problem(set.error());
    auto out = set->to_json();
    if (call.query_value("coverage") == "true") {
        // Whether the sources the delivery calendar expects for each figure
        // delivered for the period: asked for, since it reads what came in per source.
        const auto& catalogue = call.services.catalogue.catalogue;
        auto calendar =
            quality::calendar_of(*call.db.store, catalogue, period->year(), utc_stamp(call.services.clock.now()));
        if (!calendar) return calendar.error();
        auto& inds = out["indicators"].as_object();
        for (const auto& f : set->figures)
            if (auto c = quality::coverage_of(*f.def, *calendar, *period))
                inds[f.def->code].as_object()["coverage"] = c->to_json();
    }
    if (call.role().public_figures) {
        // A public role sees the figures as published: the disclosure rule
        // over the whole year (and the previous period's year) decides.
        auto now = TRY(disclosure::PublicFigures::of_year(engine, call.services.catalogue.catalogue, period->year()));
        std::optional<disclosure::PublicFigures> before;
        if (period->previous().year() != period->year()) {
            auto b = TRY(disclosure::PublicFigures::of_year(engine, call.services.catalogue.catalogue,
                                                            period->previous().year()));
            before = std::move(b);
        }
        now.redact(out, *set, before ? &*before : nullptr);
    }
    if (rate) {
        // Each count figure gains its rate; after the redaction, so that a
        // figure the disclosure rule suppressed gets none.
        auto denominators = TRY(indicators::RateDenominators::load(*call.db.store, call.services.catalogue.catalogue));
        indicators::add_rates(out, *set, *rate, denominators);
    }
    add_visible_targets(call, out, *set);
    return json_response(status::ok, out);
}

// The open data of a year (the same as `grip opendata`): every figure of the
// year, its quarters and months per area, with what the disclosure rule
// suppresses empty (CSV) or null (JSON).
Answer open_data(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no open data for this year");
    const auto format_text = call.query_value("format");
    const auto format = disclosure::parse_open_data_format(format_text.empty() ? "csv" : format_text);
    if (!format) return problem(status::bad_request, "which format?", {{"format", "csv or json"}});
    auto& engine = call.db.indicators(call.services.catalogue.catalogue);
    auto figures = TRY(disclosure::PublicFigures::of_year(engine, call.services.catalogue.catalogue, *year));
    const auto rows = disclosure::open_data_rows(figures);
    if (*format == disclosure::OpenDataFormat::Json)
        return text_response(status::ok, "application/json", disclosure::open_data_json(rows));
    auto response = text_response(status::ok, "text/csv; charset=utf-8", disclosure::open_data_csv(rows));
    response.set(boost::beast::http::field::content_disposition,
                 fmt::format("attachment; filename=\"opendata-{}.csv\"", *year));
    return response;
}

// The metadata of that data set (DCAT-AP-NL).
Answer open_data_metadata(Call& call) {
    const auto year = path_year(call);
    if (!year) return problem(status::not_found, "no open data for this year");
    const auto format_text = call.query_value("format");
    const auto format = disclosure::parse_open_data_format(format_text.empty() ? "csv" : format_text);
    if (!format) return problem(status::bad_request, "which format?", {{"format", "csv or json"}});
    return json_response(status::ok,
                         disclosure::open_data_metadata(call.services.catalogue.catalogue,
                                                        call.db.store->municipality(), *year, *format,
                                                        fmt::format("opendata-{}.{}", *year,
                                                                    format_text.empty() ? "csv" : format_text)));
}

}  // namespace

void add_indicator_routes(Router& router) {
    router.add(
        {verb::get,
         "/api/v1/indicators",
         Access::SignedIn,
         "indicators.read",
         indicators,
         {"getIndicators",
          "The indicators of a period and an area, with the previous period",
          "indicators",
          {{"period", "YYYY, YYYY-Qn or YYYY-MM (required unless from/to or range is given)"},
           {"from", "A date range's first day, the first of a month (YYYY-MM-01), with to"},
           {"to", "A date range's last day, the last day of a month, with from"},
           {"range", "A named range of the catalogue (e.g. programma); compared with the same range a year earlier"},
           {"area", "A gemeente, wijk or buurt code, `priority` or `rest` (default: the whole municipality)"},
           {"coverage", "true: each figure says whether its sources in the delivery calendar delivered"},
           {"rate",
            "A rate code of the catalogue (per_1000_inwoners, ...): each count figure gains `rate`, null where the "
            "denominator is unknown or zero"}},
          "",
          {},
          {{200, "The figures", "IndicatorSet"},
           {400, "Bad period, range, area or rate", "Problem"},
           {401, "Not signed in", "Problem"},
           {403, "The role may not read indicators, or a public role asked for a range that is not a calendar period",
            "Problem"}}}});
    router.add({verb::get,
                "/api/v1/opendata/{year}",
                Access::SignedIn,
                "indicators.read",
                open_data,
                {"getOpenData",
                 "The open data of a year: every figure per period and area, suppressed ones empty",
                 "indicators",
                 {{"format", "csv (default) or json"}},
                 "",
                 {},
                 {{200, "The rows period,area,indicator,value (text/csv, or a JSON array)", "", "text/csv"},
                  {400, "Bad format", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not read indicators", "Problem"},
                  {404, "Not a year", "Problem"}}}});
    router.add({verb::get,
                "/api/v1/opendata/{year}/metadata",
                Access::SignedIn,
                "indicators.read",
                open_data_metadata,
                {"getOpenDataMetadata",
                 "The DCAT-AP-NL metadata of a year's open data",
                 "indicators",
                 {{"format", "csv (default) or json: the distribution it describes"}},
                 "",
                 {},
                 {{200, "A dcat:Dataset (JSON-LD)", "OpenDataMetadata"},
                  {400, "Bad format", "Problem"},
                  {401, "Not signed in", "Problem"},
                  {403, "The role may not read indicators", "Problem"},
                  {404, "Not a year", "Problem"}}}});
}

}  // namespace grip::api
