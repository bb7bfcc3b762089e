#include "disclosure/open_data.h"

#include <fmt/format.h>

#include "common/dutch_text.h"

namespace grip::disclosure {
namespace json = boost::json;

std::optional<OpenDataFormat> parse_open_data_format(std::string_view text) {
    if (text == "csv") return OpenDataFormat::Csv;
    if (text == "json") return OpenDataFormat::Json;
    return std::nullopt;
}

std::vector<OpenDataRow> open_data_rows(const PublicFigures& figures) {
    std::vector<OpenDataRow> out;
    const auto& table = figures.table();
    // The sets come period by period, each for every area.
    for (const auto& set : figures.sets()) {
        if (set.period.year() != figures.year()) continue;
        const std::string period = set.period.text();
        for (int s = 0; s < static_cast<int>(table.series().size()); ++s) {
            const auto& series = table.series()[static_cast<size_t>(s)];
            const auto* f = set.find(series.indicator);
            if (!f) continue;
            OpenDataRow row{period, set.area_code,
                            series.part.empty() ? series.indicator
                                                : fmt::format("{}:{}", series.indicator, series.part),
                            nullptr};
            const bool hidden =
                figures.of(set.period, set.area_key, series.indicator, series.part) != Publication::Published;
            if (!hidden) {
                if (series.part.empty()) {
                    row.value = f->value;
                } else {
                    row.value = 0;
                    for (const auto& e : f->value.get_array())
                        if (e.get_array()[0].as_string() == series.part) row.value = e.get_array()[1];
                }
            }
            out.push_back(std::move(row));
        }
    }
    return out;
}

namespace {

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line end.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string open_data_csv(const std::vector<OpenDataRow>& rows) {
    std::string out = "period,area,indicator,value\r\n";
    for (const auto& r : rows) {
        out += csv_field(r.period) + ',' + csv_field(r.area) + ',' + csv_field(r.indicator) + ',';
        if (!r.value.is_null()) out += json::serialize(r.value);
        out += "\r\n";
    }
    return out;
}

std::string open_data_json(const std::vector<OpenDataRow>& rows) {
    json::array out;
    for (const auto& r : rows)
        out.push_back(
            json::object{{"period", r.period}, {"area", r.area}, {"indicator", r.indicator}, {"value", r.value}});
    return json::serialize(out) + "\n";
}

json::object open_data_metadata(const catalogue::Catalogue& catalogue, std::string_view municipality_code, int year,
                                OpenDataFormat format, std::string_view file_name) {
    const std::string name = catalogue.municipality_name_of(municipality_code);
    const bool csv = format == OpenDataFormat::Csv;
    const std::string rule = fmt::format(
        "Aantallen personen (en adressen van personen) onder de drempel (standaard {}) zijn onderdrukt onder het "
        "niveau van de hele gemeente (buurt, wijk, prioritaire en overige wijken): de waarde is leeg. Ook zijn cellen "
        "onderdrukt waaruit een onderdrukte cel terug te rekenen zou zijn (secundaire onderdrukking: een wijk min "
        "haar andere buurten, prioritair plus overig tegen de gemeente, een deel tegen het totaal, een kwartaal tegen "
        "het jaar, een maand tegen het kwartaal). Aantallen van het eigen werk van de gemeente (campagnerondes, "
        "bijeenkomsten, controles, informatiepunten) worden nooit onderdrukt.",
        dutch_number(catalogue.report.public_threshold));
    json::array indicators;
    for (const auto& d : catalogue.indicators) {
        json::object o{{"@type", "grip:Indicator"}, {"dct:identifier", d.code},
                       {"dct:title", d.label},      {"dct:description", d.definition},
                       {"grip:theme", d.theme},     {"grip:measure", catalogue::measure_name(d.measure)},
                       {"grip:unit", d.unit},       {"grip:countsPeople", d.counts_people}};
        if (d.counts_people) o["grip:threshold"] = threshold_of(catalogue, d);
        if (d.measure == catalogue::Measure::Distribution)
            o["grip:parts"] = fmt::format("one row per value of {} as {}:VALUE", d.attribute, d.code);
        indicators.push_back(std::move(o));
    }
    auto column = [](const char* name, const char* title, const char* description) {
        return json::object{{"csvw:name", name}, {"csvw:title", title}, {"dct:description", description}};
    };
    json::object distribution{
        {"@type", "dcat:Distribution"},
        {"dct:title", fmt::format("{} {} ({})", catalogue.programme, year, csv ? "CSV" : "JSON")},
        {"dcat:accessURL", std::string(file_name)},
        {"dcat:downloadURL", std::string(file_name)},
        {"dct:format", csv ? "http://publications.europa.eu/resource/authority/file-type/CSV"
                           : "http://publications.europa.eu/resource/authority/file-type/JSON"},
        {"dcat:mediaType", csv ? "https://www.iana.org/assignments/media-types/text/csv"
                               : "https://www.iana.org/assignments/media-types/application/json"},
        {"dct:license", catalogue.report.open_data_license},
        {"csvw:tableSchema",
         json::object{
             {"csvw:column",
              json::array{
                  column("period", "Periode", "Het jaar (2023), een kwartaal (2023-Q1) of een maand (2023-01)."),
                  column("area", "Gebied",
                         "De gemeente (CBS-code), een wijk- of buurtcode, 'priority' (de prioritaire wijken) of 'rest' "
                         "(de overige)."),
                  column("indicator", "Indicator",
                         "De code van de indicator (zie grip:indicators); een deel van een verdeling als code:waarde."),
                  column("value", "Waarde", "Het getal; leeg als het is onderdrukt.")}}}}};
    return json::object{
        {"@context", json::object{{"dcat", "http://www.w3.org/ns/dcat#"},
                                  {"dct", "http://purl.org/dc/terms/"},
                                  {"foaf", "http://xmlns.com/foaf/0.1/"},
                                  {"csvw", "http://www.w3.org/ns/csvw#"},
                                  {"grip", "https://grip.example/ns#"}}},
        {"@type", "dcat:Dataset"},
        {"dct:identifier", fmt::format("grip-{}-{}", municipality_code, year)},
        {"dct:title", fmt::format("{} {}: indicatoren {}", catalogue.programme, name, year)},
        {"dct:description",
         fmt::format("De indicatoren van het programma '{}' van {} over {}, per jaar, kwartaal en maand, voor de hele "
                     "gemeente, elke wijk en buurt en de prioritaire en overige wijken. {}",
                     catalogue.programme, name, year, rule)},
        {"dct:publisher", json::object{{"@type", "foaf:Agent"},
                                       {"foaf:name", fmt::format("Gemeente {}", name)},
                                       {"dct:identifier", std::string(municipality_code)}}},
        {"dct:temporal", json::object{{"@type", "dct:PeriodOfTime"},
                                      {"dcat:startDate", fmt::format("{}-01-01", year)},
                                      {"dcat:endDate", fmt::format("{}-12-31", year)}}},
        {"dct:spatial", std::string(municipality_code)},
        {"dct:language", "http://publications.europa.eu/resource/authority/language/NLD"},
        {"dct:accessRights", "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
        {"dct:license", catalogue.report.open_data_license},
        {"dcat:distribution", json::array{std::move(distribution)}},
        {"grip:suppressionRule", rule},
        {"grip:indicators", std::move(indicators)}};
}

}  // namespace grip::disclosure
