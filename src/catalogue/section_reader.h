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

    // Each object of the list `key` of `root` with its path (`key[i]`); a
    // missing list is empty, a value that is not a list or not an object is
    // a problem.
    template <typename Each>
    void list(const boost::json::object& root, std::string_view key, Each&& each) {
        const auto* v = root.if_contains(key);
        if (!v) return;
        if (!v->is_array()) {
            problem(std::string(key), "must be a list");
            return;
        }
        for (size_t i = 0; i < v->get_array().size(); ++i) {
            const auto p = fmt::format("{}[{}]", key, i);
            if (!v->get_array()[i].is_object()) problem(p, "must be an object");
            else each(v->get_array()[i].get_object(), p);
        }
    }

private:
    std::vector<CatalogueProblem>& problems_;
};

}  // namespace grip::catalogue
