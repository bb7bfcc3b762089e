#pragma once
// What the readers of the catalogue's sections share (quality, signals,
// ranges and targets): each problem with its JSON path, unknown fields, and
// a required or optional non-empty text.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "catalogue/catalogue_loader.h"

namespace grip::catalogue {

class SectionReader {
public:
    explicit SectionReader(std::vector<CatalogueProblem>& problems) : problems_(problems) {}

    void problem(std::string path, std::string message) { problems_.push_back({std::move(path), std::move(message)}); }

    void known_keys(const boost::json::object& o, const std::string& path,
                    std::initializer_list<std::string_view> keys) {
        for (const auto& kv : o) {
            bool found = false;
            for (auto k : keys) found = found || kv.key() == k;
            if (!found) problem(fmt::format("{}.{}", path, std::string_view(kv.key())), "unknown field");
        }
    }

    std::string text(const boost::json::object& o, std::string_view key, const std::string& path, bool required) {
        const auto* v = o.if_contains(key);
        if (!v) {
            if (required) problem(fmt::format("{}.{}", path, key), "required");
            return {};
        }
        if (!v->is_string() || v->get_string().empty()) {
            problem(fmt::format("{}.{}", path, key), "must be a non-empty string");
            return {};
        }
        return std::string(v->get_string());
    }

private:
    std::vector<CatalogueProblem>& problems_;
};

}  // namespace grip::catalogue
