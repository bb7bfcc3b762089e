// One line of an NDJSON delivery, as `grip import` and POST /api/v1/deliveries
// read it: parsed as JSON (the same parser settings as ingest/delivery.cpp),
// then an object is validated against the shipped catalogue.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "fuzz_support.h"
#include "records/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    boost::json::parser parser;
    boost::system::error_code ec;
    parser.write(text.data(), text.size(), ec);
    if (ec) return 0;
    boost::json::value value = parser.release();
    if (!value.is_object()) return 0;
    (void)grip::records::validate_record(value.get_object(), grip::fuzz::shipped_catalogue(),
                                         grip::records::ValueSource::Json);
    return 0;
}
