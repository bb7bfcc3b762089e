// Rotterdam's residential wijken and their buurten with CBS codes, names and
// rounded numbers of inhabitants. Public statistics, no personal data. The
// four prioritised buurten are those of the programme's action plan.

#include <array>

#include "generator/city_layout.h"

namespace grip::generator {
namespace {

struct WijkRow {
    std::string_view code;
    std::string_view name;
};

struct BuurtRow {
    int wijk;  // index into kWijken
    std::string_view code;
    std::string_view name;
    int64_t inhabitants;
    bool priority;
};

constexpr std::array<WijkRow, 14> kWijken = {{
    {"WK059901", "Rotterdam Centrum"},
    {"WK059903", "Delfshaven"},
    {"WK059904", "Overschie"},
    {"WK059905", "Noord"},
    {"WK059906", "Hillegersberg-Schiebroek"},
    {"WK059908", "Kralingen-Crooswijk"},
    {"WK059910", "Feijenoord"},
    {"WK059912", "IJsselmonde"},
    {"WK059913", "Pernis"},
    {"WK059914", "Prins Alexander"},
    {"WK059915", "Charlois"},
    {"WK059916", "Hoogvliet"},
    {"WK059917", "Hoek van Holland"},
    {"WK059927", "Rozenburg"},
}};

constexpr std::array<BuurtRow, 80> kBuurten = {{
    {0, "BU05990110", "Stadsdriehoek", 16045, false},
    {0, "BU05990111", "Oude Westen", 9380, false},
    {0, "BU05990112", "Cool", 5870, false},
    {0, "BU05990113", "CS-kwartier", 975, false},
    {0, "BU05990118", "Nieuwe Werk", 1720, false},
    {0, "BU05990119", "Dijkzigt", 690, false},
    {1, "BU05990320", "Delfshaven", 6915, false},
    {1, "BU05990321", "Bospolder", 7055, false},
    {1, "BU05990322", "Tussendijken", 7110, false},
    {1, "BU05990323", "Spangen", 10190, false},
    {1, "BU05990324", "Nieuwe Westen", 19460, false},
    {1, "BU05990325", "Middelland", 11915, false},
    {1, "BU05990327", "Oud Mathenesse", 7085, true},
    {1, "BU05990328", "Witte Dorp", 585, false},
    {1, "BU05990329", "Schiemond", 5265, false},
    {2, "BU05990451", "Kleinpolder", 7700, false},
    {2, "BU05990452", "Noord Kethel", 55, false},
    {2, "BU05990454", "Schieveen", 345, false},
    {2, "BU05990455", "Zestienhoven", 2990, false},
    {2, "BU05990456", "Overschie", 6865, false},
    {2, "BU05990457", "Landzicht", 380, false},
    {3, "BU05990515", "Agniesebuurt", 4175, false},
    {3, "BU05990516", "Provenierswijk", 4605, false},
    {3, "BU05990531", "Bergpolder", 8005, false},
    {3, "BU05990532", "Blijdorp", 10220, false},
    {3, "BU05990534", "Liskwartier", 7590, false},
    {3, "BU05990535", "Oude Noorden", 17115, false},
    {3, "BU05990558", "Blijdorpsepolder", 120, false},
    {4, "BU05990660", "Schiebroek", 16660, false},
    {4, "BU05990661", "Hillegersberg Zuid", 8020, false},
    {4, "BU05990662", "Hillegersberg Noord", 7845, false},
    {4, "BU05990664", "Terbregge", 3470, false},
    {4, "BU05990665", "Molenlaankwartier", 8105, false},
    {5, "BU05990814", "Rubroek", 8335, false},
    {5, "BU05990836", "Nieuw Crooswijk", 3160, false},
    {5, "BU05990837", "Oud Crooswijk", 8265, false},
    {5, "BU05990841", "Kralingen West", 15880, false},
    {5, "BU05990842", "Kralingen Oost", 8075, false},
    {5, "BU05990843", "Kralingse Bos", 105, false},
    {5, "BU05990845", "De Esch", 4490, false},
    {5, "BU05990847", "Struisenburg", 5555, false},
    {6, "BU05991017", "Kop van Zuid", 2700, false},
    {6, "BU05991079", "Kop van Zuid - Entrepot", 7960, false},
    {6, "BU05991080", "Vreewijk", 14050, false},
    {6, "BU05991081", "Bloemhof", 14030, false},
    {6, "BU05991082", "Hillesluis", 11910, false},
    {6, "BU05991085", "Katendrecht", 4795, false},
    {6, "BU05991086", "Afrikaanderwijk", 8715, false},
    {6, "BU05991087", "Feijenoord", 7490, false},
    {6, "BU05991088", "Noordereiland", 3355, false},
    {7, "BU05991283", "Oud IJsselmonde", 5720, false},
    {7, "BU05991284", "Lombardijen", 13900, false},
    {7, "BU05991289", "Groot IJsselmonde", 28450, false},
    {7, "BU05991290", "Beverwaard", 12060, false},
    {8, "BU05991391", "Pernis", 4845, false},
    {9, "BU05991444", "'s-Gravenland", 8270, false},
    {9, "BU05991446", "Kralingseveer", 1630, false},
    {9, "BU05991448", "Prinsenland", 9905, false},
    {9, "BU05991449", "Het Lage Land", 10855, false},
    {9, "BU05991463", "Ommoord", 25560, false},
    {9, "BU05991466", "Zevenkamp", 16040, false},
    {9, "BU05991467", "Oosterflank", 10545, false},
    {9, "BU05991468", "Nesselande", 12635, false},
    {10, "BU05991570", "Charlois Zuidrand", 470, false},
    {10, "BU05991571", "Tarwewijk", 12310, true},
    {10, "BU05991572", "Carnisse", 11370, true},
    {10, "BU05991573", "Zuidwijk", 12700, false},
    {10, "BU05991574", "Oud Charlois", 13660, true},
    {10, "BU05991575", "Wielewaal", 435, false},
    {10, "BU05991576", "Zuidplein", 1250, false},
    {10, "BU05991577", "Pendrecht", 12380, false},
    {10, "BU05991578", "Zuiderpark", 1280, false},
    {10, "BU05991593", "Heijplaat", 1395, false},
    {11, "BU05991692", "Hoogvliet Noord", 12635, false},
    {11, "BU05991699", "Hoogvliet Zuid", 21980, false},
    {12, "BU05991701", "Strand en Duin", 2360, false},
    {12, "BU05991702", "Dorp", 7860, false},
    {12, "BU05991703", "Rijnpoort", 60, false},
    {13, "BU05992704", "Rozenburg", 12420, false},
    {13, "BU05992705", "Noordzeeweg", 0, false},
}};

}  // namespace

void add_rotterdam_areas(CityLayout& layout) {
    layout.gemeente_code = "GM0599";
    layout.gemeente_name = "Rotterdam";
    for (const WijkRow& wijk : kWijken) layout.wijken.push_back({wijk.code, wijk.name});
    for (const BuurtRow& b : kBuurten) {
        const int index = static_cast<int>(layout.buurten.size());
        if (b.priority) layout.priority_buurten.push_back(index);
        if (b.code == "BU05990327") layout.leegstand_focus = index;
        layout.buurten.push_back({b.code, b.name, b.wijk, b.inhabitants, b.priority});
    }
}

}  // namespace grip::generator
