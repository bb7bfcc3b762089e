#include "ingest/bag_address_list.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace grip::ingest {
namespace {

constexpr std::array<std::string_view, 4> kIdNames = {"nummeraanduiding_id", "bag_id", "adresseerbaarobject_id",
                                                      "identificatie"};

template <size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool looks_like_bag_list(const std::vector<std::string>& columns) {
    auto has = [&](std::string_view n) { return std::find(columns.begin(), columns.end(), n) != columns.end(); };
    const bool id =
        std::any_of(columns.begin(), columns.end(), [](const std::string& c) { return one_of(c, kIdNames); });
    return id && has("postcode") && has("huisnummer") && !has("kind");
}

Result<BagColumns> bag_columns(const std::vector<std::string>& columns) {
    BagColumns out;
    std::optional<size_t> id, postcode, number;
    for (size_t i = 0; i < columns.size(); ++i) {
        const std::string_view c = columns[i];
        std::optional<size_t>* slot = nullptr;
        // The nummeraanduiding is the address itself; the other ids stand in when it is absent.
        if (c == "nummeraanduiding_id") {
            id = i;
            continue;
        }
        if (one_of(c, kIdNames)) {
            if (!id) id = i;
            continue;
        }
        if (c == "postcode") slot = &postcode;
        else if (c == "huisnummer") slot = &number;
        else if (c == "huisletter") slot = &out.letter;
        else if (c == "huisnummertoevoeging" || c == "toevoeging") slot = &out.addition;
        else if (c == "straat" || c == "openbareruimtenaam") slot = &out.street;
        else if (c == "woonplaats" || c == "woonplaatsnaam") slot = &out.city;
        else if (c == "buurtcode" || c == "buurt") slot = &out.buurt;
        if (!slot)
            return Error::invalid(fmt::format(
                "1: {}: not a column of a BAG address list (nummeraanduiding_id, postcode, huisnummer, huisletter, "
                "huisnummertoevoeging, straat, woonplaats, buurtcode)",
                c));
        if (*slot) return Error::invalid(fmt::format("1: {}: the same field twice in a BAG address list", c));
        *slot = i;
    }
    if (!id) return Error::invalid("1: nummeraanduiding_id: a BAG address list needs the BAG id of each address");
    if (!postcode) return Error::invalid("1: postcode: a BAG address list needs a postcode column");
    if (!number) return Error::invalid("1: huisnummer: a BAG address list needs a huisnummer column");
    out.id = *id;
    out.postcode = *postcode;
    out.house_number = *number;
    return out;
}

std::string bag_suffix(std::string_view letter, std::string_view addition) {
    if (letter.empty()) return std::string(addition);
    if (addition.empty()) return std::string(letter);
    return fmt::format("{}-{}", letter, addition);
}

boost::json::object bag_address(const BagColumns& c, const CsvRow& row) {
    auto cell = [&](std::optional<size_t> i) { return i && *i < row.cell_count() ? row.cell(*i) : std::string_view(); };
    boost::json::object r;
    r.emplace("kind", "address");
    auto put = [&](std::string_view key, std::string_view value) {
        if (!value.empty()) r.emplace(key, value);
    };
    put("id", cell(c.id));
    put("postcode", cell(c.postcode));
    put("house_number", cell(c.house_number));
    put("suffix", bag_suffix(cell(c.letter), cell(c.addition)));
    put("street", cell(c.street));
    put("city", cell(c.city));
    put("area", cell(c.buurt));
    return r;
}

}  // namespace grip::ingest
