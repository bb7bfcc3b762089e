#pragma once
// Expected failures are values: a Result<T> holds either a T or an Error.
// Exceptions are kept for start-up failures and bugs (see docs/style).
// Every layer uses the same Error (its refusal reasons included), so that
// TRY unwraps any expected failure anywhere: a case service's refusal, a
// store's failure and a handler's answer compose without hand-written
// returns. Result<T, E> takes another error type where one is needed (in
// the style of Ladybird's ErrorOr<T, E>).

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace grip {

enum class ErrorCode {
    Invalid,      // bad input: a field, a line, a file
    NotFound,     // a record, a file or a reference that does not exist
    Conflict,     // a rule of the domain refuses the change
    Io,           // the file system or the disk failed
    Storage,      // the store failed (corruption, full disk, locked)
    Unsupported,  // a format or feature that this build does not handle
    Busy,         // the store is held by another process, or writes waited too long: try again shortly
};

// Whether an error is the store's (or the disk's) rather than the request's:
// a write that meets one fails with its whole transaction.
inline bool is_store_failure(ErrorCode code) {
    return code == ErrorCode::Storage || code == ErrorCode::Io || code == ErrorCode::Busy;
}

// One reason of a refusal: the field it is about (a field name, a JSON
// pointer, or a name such as "role" or "transition") and what is wrong with
// it, never the value. The API gives them as the problem's invalid_params.
struct Reason {
    std::string field;
    std::string reason;
};

struct Error {
    ErrorCode code = ErrorCode::Invalid;
    std::string message;
    // Every reason of a refusal, when the caller can act on each one (the
    // fields of a case's step); empty for most errors.
    std::vector<Reason> reasons = {};

    static Error invalid(std::string m) { return {ErrorCode::Invalid, std::move(m)}; }
    static Error not_found(std::string m) { return {ErrorCode::NotFound, std::move(m)}; }
    static Error conflict(std::string m) { return {ErrorCode::Conflict, std::move(m)}; }
    static Error io(std::string m) { return {ErrorCode::Io, std::move(m)}; }
    static Error storage(std::string m) { return {ErrorCode::Storage, std::move(m)}; }
    static Error unsupported(std::string m) { return {ErrorCode::Unsupported, std::move(m)}; }
    static Error busy(std::string m) { return {ErrorCode::Busy, std::move(m)}; }

    // The same error with the reasons of its refusal.
    Error with(std::vector<Reason> why) && {
        reasons = std::move(why);
        return std::move(*this);
    }
};

template <typename T, typename E = Error>
class [[nodiscard]] Result {
public:
    using ValueType = T;
    using ErrorType = E;

    Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
    Result(E error) : state_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const { return std::get<1>(state_); }
    E&& take_error() { return std::get<1>(std::move(state_)); }

private:
    std::variant<T, E> state_;
};

struct Ok {};

// Status is a Result that carries no value.
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace grip

// TRY(expr): evaluate a Result; return its error from the enclosing function,
// or yield its value. Uses a GNU statement expression (g++ and clang).
#define GRIP_CONCAT_INNER(a, b) a##b
#define GRIP_CONCAT(a, b) GRIP_CONCAT_INNER(a, b)
#define TRY(expr)                                                                                             \
    __extension__({                                                                                           \
        auto GRIP_CONCAT(try_result_, __LINE__) = (expr);                                                     \
        if (!GRIP_CONCAT(try_result_, __LINE__).ok()) return GRIP_CONCAT(try_result_, __LINE__).take_error(); \
        std::move(GRIP_CONCAT(try_result_, __LINE__)).value();                                                \
    })
