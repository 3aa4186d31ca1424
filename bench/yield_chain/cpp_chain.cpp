/*
 * cpp_chain.cpp — the yield_chain benchmark with C++20 coroutines.
 *
 * The comparison C++ programmers would make: a lazy task<T> whose
 * co_await hands control to the child by symmetric transfer (await_suspend
 * returns the child's handle, final_suspend returns the parent's), and a
 * yield awaitable that queues the suspended coroutine on a minimal FIFO
 * executor.  This is the usual shape of cppcoro-style task types, written
 * out so that nothing but the standard library is needed.
 *
 * Two differences from Pinion are inherent and are what the numbers show:
 * every coroutine frame is allocated on the heap (unless the compiler
 * elides it), where Pinion nests a child's frame in its parent's; and the
 * executor resumes the innermost coroutine directly, where Pinion polls
 * down from the task's root, so C++ resume cost does not grow with depth.
 * The promise counts its allocations so the first difference is measured
 * rather than asserted.  Built twice, by g++ and by clang++.
 */
#include <array>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <utility>
#include <vector>

#include "yield_main.h"

namespace {

// Coroutine frames are allocated through the promise's operator new, which
// receives no context; these counters are how it reports to bench_frames.
struct frame_allocations {
    std::size_t count = 0;
    std::size_t sizes[2] = {0, 0}; // of the first two frames allocated
};
thread_local frame_allocations allocations;

// A FIFO run queue of suspended coroutines in a power-of-two ring.
class executor {
  public:
    void schedule(std::coroutine_handle<> h)
    {
        if (tail_ - head_ == ring_.size())
            bench_fail("executor run queue full");
        ring_[tail_++ & (ring_.size() - 1)] = h;
    }

    void run()
    {
        while (head_ != tail_)
            ring_[head_++ & (ring_.size() - 1)].resume();
    }

    // co_await ex.yield(): go to the back of the queue.  Returning void
    // from await_suspend hands control back to run().
    auto yield()
    {
        struct awaiter {
            executor &ex;
            bool await_ready() const noexcept { return false; }
            void await_suspend(std::coroutine_handle<> h) { ex.schedule(h); }
            void await_resume() const noexcept {}
        };
        return awaiter{*this};
    }

  private:
    std::array<std::coroutine_handle<>, 64> ring_{};
    std::size_t head_ = 0, tail_ = 0;
};

template <class T> class task {
  public:
    struct promise_type {
        T value{};
        std::coroutine_handle<> continuation;

        task get_return_object() { return task{handle::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }

        struct final_awaiter {
            bool await_ready() noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept
            {
                std::coroutine_handle<> next = h.promise().continuation;
                return next ? next : std::noop_coroutine();
            }
            void await_resume() noexcept {}
        };
        final_awaiter final_suspend() noexcept { return {}; }

        void return_value(T v) { value = v; }
        void unhandled_exception() { std::terminate(); }

        static void *operator new(std::size_t size)
        {
            if (allocations.count < 2)
                allocations.sizes[allocations.count] = size;
            allocations.count++;
            return ::operator new(size);
        }
        static void operator delete(void *p) noexcept { ::operator delete(p); }
    };
    using handle = std::coroutine_handle<promise_type>;

    explicit task(handle h) : h_(h) {}
    task(task &&other) noexcept : h_(std::exchange(other.h_, {})) {}
    task(const task &) = delete;
    task &operator=(const task &) = delete;
    task &operator=(task &&) = delete;
    ~task()
    {
        if (h_)
            h_.destroy();
    }

    // co_await child: start it by symmetric transfer; it resumes us when done.
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept
    {
        h_.promise().continuation = caller;
        return h_;
    }
    T await_resume() { return h_.promise().value; }

    // Runs this task as the root on ex until the queue is empty.
    T run_on(executor &ex)
    {
        ex.schedule(h_);
        ex.run();
        if (!h_.done())
            bench_fail("root task did not finish");
        return h_.promise().value;
    }

  private:
    handle h_;
};

task<std::uint64_t> inner(executor &ex, std::uint64_t i)
{
    co_await ex.yield();
    co_return i;
}

task<std::uint64_t> outer(executor &ex, std::uint64_t n)
{
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < n; i++)
        sum += co_await inner(ex, i);
    co_return sum;
}

// chain<K> awaits chain<K-1>; chain<0> does the yielding.
template <unsigned K> task<std::uint64_t> chain(executor &ex, std::uint64_t n)
{
    if constexpr (K == 0) {
        std::uint64_t k = 0;
        while (k < n) {
            co_await ex.yield();
            k++;
        }
        co_return k;
    } else {
        co_return co_await chain<K - 1>(ex, n);
    }
}

template <unsigned K> std::uint64_t run_chain(std::uint64_t n)
{
    executor ex;
    return chain<K>(ex, n).run_on(ex);
}

template <std::size_t... K> constexpr auto chain_table(std::index_sequence<K...>)
{
    return std::array<std::uint64_t (*)(std::uint64_t), sizeof...(K)>{&run_chain<K>...};
}

} // namespace

std::uint64_t bench_chain(std::uint64_t n)
{
    executor ex;
    return outer(ex, n).run_on(ex);
}

std::uint64_t bench_depth(unsigned depth, std::uint64_t n)
{
    static constexpr auto run = chain_table(std::make_index_sequence<BENCH_MAX_DEPTH>{});
    return depth >= 1 && depth <= BENCH_MAX_DEPTH ? run[depth - 1](n) : 0;
}

void bench_frames(void)
{
    const std::uint64_t n = 1000;
    allocations = frame_allocations{};
    if (bench_chain(n) != n * (n - 1) / 2)
        bench_fail("bench_chain returned a wrong sum");
    // outer's frame is allocated first, then the first inner's.  A frame
    // whose allocation the compiler elided (clang does, when a child's
    // lifetime nests in its parent's) has no size to report.
    char name[64];
    if (allocations.count >= 1) {
        snprintf(name, sizeof name, "frame/outer_%s", BENCH_VARIANT);
        bench_report(name, "bytes", (double)allocations.sizes[0]);
    }
    if (allocations.count >= 2) {
        snprintf(name, sizeof name, "frame/inner_%s", BENCH_VARIANT);
        bench_report(name, "bytes", (double)allocations.sizes[1]);
    }
    bench_report2("yield_chain", BENCH_VARIANT, "heap_allocs_per_yield",
                  (double)allocations.count / (double)n);
}
