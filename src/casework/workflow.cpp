#include "casework/workflow.h"

#include <algorithm>

namespace grip::casework {
namespace {

template <typename T>
const T* by_key(const std::vector<T>& items, std::string_view key) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.key == key; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

bool State::has_tag(std::string_view tag) const { return std::find(tags.begin(), tags.end(), tag) != tags.end(); }

const State* CaseType::state(std::string_view key) const { return by_key(states, key); }
const Input* CaseType::input(std::string_view key) const { return by_key(inputs, key); }
const Transition* CaseType::transition(std::string_view key) const { return by_key(transitions, key); }

const CaseType* Workflows::find(std::string_view key) const { return by_key(types, key); }

}  // namespace grip::casework
