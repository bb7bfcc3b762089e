#pragma once
// The open data of a year: every figure of the year, its quarters and its
// months, for the whole municipality, every wijk and buurt and the priority
// and rest groups, as the disclosure rule publishes it (a suppressed value
// is empty), in CSV (`period,area,indicator,value`) or JSON, with metadata
// in the shape of DCAT-AP-NL (docs/disclosure.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "disclosure/public_figures.h"

namespace grip::disclosure {

enum class OpenDataFormat { Csv, Json };
std::optional<OpenDataFormat> parse_open_data_format(std::string_view text);

struct OpenDataRow {
    std::string period;        // 2023, 2023-Q1, 2023-01: the API's period codes
    std::string area;          // a gemeente, wijk or buurt code, `priority` or `rest`
    std::string indicator;     // a catalogue code; a distribution's part as code:value
    boost::json::value value;  // null when suppressed
};

std::vector<OpenDataRow> open_data_rows(const PublicFigures& figures);
std::string open_data_csv(const std::vector<OpenDataRow>& rows);
std::string open_data_json(const std::vector<OpenDataRow>& rows);

// The metadata of the data set: a dcat:Dataset (JSON-LD) with title,
// description, publisher, period, licence, the distribution `file_name` and
// each indicator's definition with the suppression rule.
boost::json::object open_data_metadata(const catalogue::Catalogue& catalogue, std::string_view municipality_code,
                                       int year, OpenDataFormat format, std::string_view file_name);

}  // namespace grip::disclosure
