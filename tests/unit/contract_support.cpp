#include "contract_support.h"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <boost/json.hpp>

namespace grip::testing {
namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    out += "'";
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool is_json_media_type(const std::string& content_type) {
    std::string mt = lower(content_type.substr(0, content_type.find(';')));
    const auto first = mt.find_first_not_of(" \t");
    const auto last = mt.find_last_not_of(" \t");
    mt = first == std::string::npos ? "" : mt.substr(first, last - first + 1);
    return mt == "application/json" || (mt.size() > 5 && mt.ends_with("+json"));
}

}  // namespace

std::string contract_dir() {
    return (std::filesystem::path(GRIP_TEST_DATA_DIR) / ".." / "contract").lexically_normal().string();
}

ContractResult check_contract(const std::string& openapi_file, const std::string& exchanges_file,
                              const std::string& routes_file) {
    const std::filesystem::path dir = contract_dir();
    const auto modules = dir / "node_modules";
    std::error_code ec;
    if (!std::filesystem::exists(modules / "ajv" / "package.json", ec) ||
        !std::filesystem::exists(modules / "@seriousme" / "openapi-schema-validator" / "package.json", ec)) {
        return {2, "contract check: " + modules.string() +
                       " is missing or incomplete: run scripts/setup (it runs npm ci --prefix tests/contract)"};
    }

    const char* node_env = std::getenv("GRIP_NODE");
    const std::string node = node_env != nullptr && *node_env != '\0' ? node_env : "node";
    std::string cmd = shell_quote(node) + " " + shell_quote((dir / "check-contract.mjs").string()) + " " +
                      shell_quote(openapi_file) + " " + shell_quote(exchanges_file);
    if (!routes_file.empty()) cmd += " " + shell_quote(routes_file);
    cmd += " 2>&1";

    std::FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
        return {-1, std::string("contract check: popen failed: ") + std::strerror(errno)};
    }
    ContractResult result{-1, ""};
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    if (status == -1) {
        result.output += std::string("contract check: pclose failed: ") + std::strerror(errno) + "\n";
    } else if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.exit_code = 128 + WTERMSIG(status);
    }
    if (result.exit_code == 127) {
        result.output += "contract check: '" + node + "' was not found: run scripts/setup (it installs nodejs)\n";
    }
    return result;
}

void record_exchange(const std::string& exchanges_file, const std::string& method, const std::string& route,
                     const std::string& target, int status, const std::string& content_type, const std::string& body) {
    boost::json::object line;
    line["method"] = method;
    line["route"] = route;
    line["target"] = target;
    line["status"] = status;
    if (content_type.empty()) {
        line["content_type"] = nullptr;
    } else {
        line["content_type"] = content_type;
    }
    boost::json::value parsed = nullptr;
    if (!content_type.empty() && is_json_media_type(content_type)) {
        boost::system::error_code parse_error;
        auto v = boost::json::parse(body, parse_error);
        if (!parse_error) {
            parsed = std::move(v);
        } else if (body.find_first_not_of(" \t\r\n") != std::string::npos) {
            line["body_not_json"] = true;  // the checker fails this exchange
        }
    }
    line["body"] = std::move(parsed);

    std::ofstream out(exchanges_file, std::ios::app | std::ios::binary);
    if (!out) throw std::runtime_error("record_exchange: cannot open " + exchanges_file);
    out << boost::json::serialize(line) << '\n';
    if (!out) throw std::runtime_error("record_exchange: cannot write " + exchanges_file);
}

}  // namespace grip::testing
