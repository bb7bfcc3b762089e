#include "generator/bag_addresses.h"

#include <array>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "generator/city_layout.h"
#include "generator/ndjson_sink.h"
#include "generator/population.h"

namespace grip::generator {
namespace {

constexpr std::array<std::string_view, 8> kStreets = {"Havenstraat", "Maasboulevard", "Kade",     "Dijkweg",
                                                      "Lindenlaan",  "Schiekade",     "Veerlaan", "Molenstraat"};

std::string text(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    return {};
}

}  // namespace

Status write_bag_addresses(const CityOptions& options, std::ostream& out) {
    const int last_year = options.first_year + options.years - 1;
    const CityLayout layout = build_city_layout(options.first_year, last_year, options.seed);
    // The address records exactly as the city writes them, turned into rows.
    std::ostringstream records;
    Population population;
    NdjsonSink sink(records, ProgressCallback{}, options.addresses);
    write_addresses(layout, options.addresses, options.seed, population, sink);
    TRY(sink.finish());
    const std::string municipality(layout.gemeente_code.substr(2));  // GM0599 -> 0599
    out << "nummeraanduiding_id;postcode;huisnummer;huisletter;huisnummertoevoeging;openbareruimtenaam;woonplaatsnaam;"
           "buurtcode\n";
    std::istringstream lines(records.str());
    std::string line;
    int64_t n = 0;
    while (std::getline(lines, line)) {
        const auto r = boost::json::parse(line).as_object();
        std::string postcode = text(r, "postcode");
        std::erase(postcode, ' ');
        const std::string suffix = text(r, "suffix");
        // The generator's suffixes are a letter (A, B, C) or an addition (1, 2, 3, bis).
        const bool letter = suffix.size() == 1 && suffix[0] >= 'A' && suffix[0] <= 'Z';
        const auto street = kStreets[static_cast<size_t>(std::stoi(postcode.substr(0, 4))) % kStreets.size()];
        out << fmt::format("{}20{:010};{};{};{};{};{};{};{}\n", municipality, ++n, postcode, text(r, "house_number"),
                           letter ? suffix : "", letter ? "" : suffix, street, text(r, "city"), text(r, "area"));
    }
    if (!out) return Error::io("cannot write the address list");
    return ok_status();
}

}  // namespace grip::generator
