#pragma once
// Running blocking work (the database, the indicators) off the I/O threads:
//
//     Response r = co_await offload(pool, [&] { return store.read(id); });
//
// f runs on the pool; the coroutine resumes on its own executor (for a
// connection: its strand) with f's result, or with f's exception rethrown.
// While f runs, the I/O context counts it as work, so run() does not return
// underneath it. f's result need not be default-constructible (Result<T>).
//
// Capture by reference ([&]): the coroutine's frame outlives the call. g++ 12
// destroys a temporary lambda twice when it appears in a co_await expression
// and captures something with a destructor by value (a std::string, a
// unique_ptr): a double free. offload() therefore refuses function objects
// that are not trivially destructible; keep owned data in the coroutine and
// capture it by reference. The same holds for any lambda written inside a
// co_await expression, with or without offload.

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace grip::http {

namespace asio = boost::asio;

namespace detail {

// Posts f to the pool; its outcome is handed to `handler` on the handler's
// own executor, which is kept from running out of work meanwhile.
template <class F>
struct OffloadInitiation {
    using Value = std::invoke_result_t<F>;

    asio::thread_pool* pool;

    template <class Handler>
    void operator()(Handler handler, F f) const {
        auto home = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
        asio::post(*pool, [handler = std::move(handler), home = std::move(home), f = std::move(f)]() mutable {
            std::exception_ptr error;
            if constexpr (std::is_void_v<Value>) {
                try {
                    f();
                } catch (...) {
                    error = std::current_exception();
                }
                asio::post(home, [handler = std::move(handler), error]() mutable { std::move(handler)(error); });
            } else {
                std::optional<Value> value;
                try {
                    value.emplace(f());
                } catch (...) {
                    error = std::current_exception();
                }
                asio::post(home, [handler = std::move(handler), error, value = std::move(value)]() mutable {
                    std::move(handler)(error, std::move(value));
                });
            }
        });
    }
};

}  // namespace detail

template <class F>
asio::awaitable<std::invoke_result_t<F>> offload(asio::thread_pool& pool, F f) {
    using Value = std::invoke_result_t<F>;
    static_assert(!std::is_reference_v<Value>, "offload: f must return a value, not a reference");
#if defined(__GNUC__) && !defined(__clang__)
    static_assert(std::is_trivially_destructible_v<F>,
                  "offload: capture by reference ([&]); g++ destroys a lambda with by-value captures twice in a "
                  "co_await expression (see offload.h)");
#endif
    using Token = decltype(asio::use_awaitable);
    if constexpr (std::is_void_v<Value>) {
        co_await asio::async_initiate<Token, void(std::exception_ptr)>(detail::OffloadInitiation<F>{&pool},
                                                                       asio::use_awaitable, std::move(f));
    } else {
        std::optional<Value> value =
            co_await asio::async_initiate<Token, void(std::exception_ptr, std::optional<Value>)>(
                detail::OffloadInitiation<F>{&pool}, asio::use_awaitable, std::move(f));
        co_return std::move(*value);
    }
}

}  // namespace grip::http
