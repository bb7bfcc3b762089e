// offload(): the work runs on the pool, the coroutine resumes on its own
// executor, with the result or the exception.

#include "http/offload.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <gtest/gtest.h>

#include "common/result.h"

namespace grip::http {
namespace {

// Runs `body` as a coroutine on a strand of an I/O context driven by this
// thread, to its end; an exception that escapes it fails the test.
template <class Body>
void run_on_strand(Body body) {
    asio::io_context io;
    auto strand = asio::make_strand(io);
    bool finished = false;
    asio::co_spawn(strand, body(strand), [&](std::exception_ptr error) {
        finished = true;
        if (error) ADD_FAILURE() << "an exception escaped the coroutine";
    });
    io.run();  // returns only when the coroutine is done: offload keeps the context busy
    EXPECT_TRUE(finished);
}

using Strand = asio::strand<asio::io_context::executor_type>;

TEST(Offload, RunsOnThePoolAndResumesOnTheCallersExecutor) {
    asio::thread_pool pool(2);
    const auto io_thread = std::this_thread::get_id();
    run_on_strand([&](Strand strand) -> asio::awaitable<void> {
        const std::thread::id worker = co_await offload(pool, [] { return std::this_thread::get_id(); });
        EXPECT_NE(worker, io_thread);
        EXPECT_EQ(std::this_thread::get_id(), io_thread);
        EXPECT_TRUE(strand.running_in_this_thread());
    });
}

TEST(Offload, PassesTheResultAndTheException) {
    asio::thread_pool pool(1);
    run_on_strand([&](Strand) -> asio::awaitable<void> {
        EXPECT_EQ(co_await offload(pool, [] { return std::string("from the pool"); }), "from the pool");

        // A result type without a default constructor.
        Result<int> failed = co_await offload(pool, []() -> Result<int> { return Error::not_found("no such record"); });
        EXPECT_FALSE(failed.ok());
        EXPECT_EQ(failed.error().message, "no such record");

        bool ran = false;
        co_await offload(pool, [&] { ran = true; });
        EXPECT_TRUE(ran);

        std::string caught;
        try {
            co_await offload(pool, []() -> int { throw std::runtime_error("the database is gone"); });
        } catch (const std::runtime_error& e) {
            caught = e.what();
        }
        EXPECT_EQ(caught, "the database is gone");

        try {
            co_await offload(pool, [] { throw std::logic_error("void, too"); });
        } catch (const std::logic_error& e) {
            caught = e.what();
        }
        EXPECT_EQ(caught, "void, too");
    });
}

TEST(Offload, WorksOnDataTheCoroutineOwns) {
    asio::thread_pool pool(1);
    run_on_strand([&](Strand) -> asio::awaitable<void> {
        // Owned data stays in the coroutine; the work captures it by reference.
        auto owned = std::make_unique<std::string>("kept in the coroutine frame");
        const size_t size = co_await offload(pool, [&] { return owned->size(); });
        EXPECT_EQ(size, owned->size());
    });
}

}  // namespace
}  // namespace grip::http
