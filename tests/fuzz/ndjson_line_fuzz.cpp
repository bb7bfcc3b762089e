// One line of an NDJSON delivery, as `grip import` and POST /api/v1/deliveries
// read it: parsed as strict JSON (common/strict_json, as ingest/delivery.cpp
// does: a key given twice is an error), then an object is validated against
// the shipped catalogue.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "common/strict_json.h"
#include "fuzz_support.h"
#include "records/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto value = grip::parse_json_strict(text);
    if (!value || !value->is_object()) return 0;
    (void)grip::records::validate_record(value->get_object(), grip::fuzz::shipped_catalogue(),
                                         grip::records::ValueSource::Json);
    return 0;
}
