#pragma once
// JSON from outside (a delivery line, an API request body) parsed strictly:
// a key given twice in one object is an error. Boost.JSON's own parser keeps
// the last of duplicate keys, so `{"kind":"activity","kind":"person"}` would
// silently become a person; here it is refused instead.

#include <memory>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "common/result.h"

namespace grip {

class StrictJsonParser {
public:
    StrictJsonParser();
    ~StrictJsonParser();
    StrictJsonParser(const StrictJsonParser&) = delete;
    StrictJsonParser& operator=(const StrictJsonParser&) = delete;

    // One complete JSON text. The error is Invalid; its message is either
    // "not valid JSON (<reason>)" or, for a duplicate key, `duplicate_key()`
    // is set and the message says which key (never a value).
    Result<boost::json::value> parse(std::string_view text);

    // The key that came twice in the last failed parse ("" if none, or if the
    // key is not a plain name and so is not repeated in messages).
    const std::string& duplicate_key() const { return duplicate_key_; }
    bool had_duplicate() const { return had_duplicate_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string duplicate_key_;
    bool had_duplicate_ = false;
};

// Parses one JSON text strictly (see StrictJsonParser).
Result<boost::json::value> parse_json_strict(std::string_view text);

}  // namespace grip
