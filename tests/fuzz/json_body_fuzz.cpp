// The JSON body of an API request (sign-in, records, users, cases...), read
// by api::parse_json_object as json_object_body does for every JSON route,
// then, when it is an object, validated as a record (the body of
// PUT /api/v1/records/...).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/json_body.h"
#include "fuzz_support.h"
#include "records/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto object = grip::api::parse_json_object(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!object) return 0;
    (void)grip::records::validate_record(*object, grip::fuzz::shipped_catalogue(), grip::records::ValueSource::Json);
    return 0;
}
