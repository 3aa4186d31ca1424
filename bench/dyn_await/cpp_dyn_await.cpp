/*
 * cpp_dyn_await.cpp — dyn_await's work with C++20 coroutines: an outer
 * coroutine awaits obj->inner(i) n times, where obj is a heap-allocated
 * object reached through a pointer to its base class and inner is a
 * virtual member coroutine, so each await is a virtual call that creates
 * a coroutine frame on the heap.  The same loop awaiting a non-virtual
 * coroutine of the same body is run beside it.
 *
 *     dyn_await_cpp yield N [direct|virtual]   inner co_awaits a yield
 *                                              (requeued on a FIFO
 *                                              executor) once, returns i
 *     dyn_await_cpp ready N [direct|virtual]   inner returns i at once
 *
 * The task type, the executor and the yield are yield_chain's
 * (bench/yield_chain/cpp_chain.cpp): a lazy task<T> with symmetric
 * transfer both ways.  The promise counts the frames it allocates, which
 * gives the heap allocations per await.  The object pointer is read
 * through a volatile, so the compiler cannot devirtualise the call.
 * Output lines as bench_util.h says, named dyn_await_SHAPE/cpp_direct and
 * dyn_await_SHAPE/cpp_virtual.
 */
#include <array>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <utility>

#include "bench_util.h"

namespace {

thread_local std::uint64_t frames_allocated;

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
            frames_allocated++;
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

    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept
    {
        h_.promise().continuation = caller;
        return h_;
    }
    T await_resume() { return h_.promise().value; }

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

// The interface: what an async "method" through a pointer is in C++.
struct source {
    virtual task<std::uint64_t> inner(std::uint64_t i) = 0;
    virtual ~source() = default;
};

struct yielding final : source {
    executor &ex;
    explicit yielding(executor &e) : ex(e) {}
    task<std::uint64_t> inner(std::uint64_t i) override
    {
        co_await ex.yield();
        co_return i;
    }
};

struct ready final : source {
    task<std::uint64_t> inner(std::uint64_t i) override { co_return i; }
};

task<std::uint64_t> inner_yield(executor &ex, std::uint64_t i)
{
    co_await ex.yield();
    co_return i;
}

task<std::uint64_t> inner_ready(std::uint64_t i)
{
    co_return i;
}

task<std::uint64_t> direct_yield(executor &ex, std::uint64_t n)
{
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < n; i++)
        sum += co_await inner_yield(ex, i);
    co_return sum;
}

task<std::uint64_t> direct_ready(std::uint64_t n)
{
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < n; i++)
        sum += co_await inner_ready(i);
    co_return sum;
}

source *volatile the_object;

// One warm-up await, then n timed ones; *t0 is when they start and
// *allocs gets the frames they allocated.
task<std::uint64_t> through_virtual(std::uint64_t n, std::uint64_t *t0, std::uint64_t *allocs)
{
    std::uint64_t sum = co_await the_object->inner(0);
    std::uint64_t before = frames_allocated;
    *t0 = bench_now_ns();
    for (std::uint64_t i = 0; i < n; i++) {
        source *obj = the_object;
        sum += co_await obj->inner(i);
    }
    *allocs = frames_allocated - before;
    co_return sum;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4 || (std::strcmp(argv[1], "yield") != 0 &&
                                 std::strcmp(argv[1], "ready") != 0)) {
        std::fprintf(stderr, "usage: %s yield|ready N [direct|virtual]\n", argv[0]);
        return 2;
    }
    const char *only = argc == 4 ? argv[3] : "";
    bool yield = std::strcmp(argv[1], "yield") == 0;
    std::uint64_t n = bench_arg_count(argc, argv, 2);
    char name[32];
    std::snprintf(name, sizeof name, "dyn_await_%s", argv[1]);
    executor ex;

    if (std::strcmp(only, "virtual") != 0) {
        std::uint64_t t0 = bench_now_ns();
        std::uint64_t sum = yield ? direct_yield(ex, n).run_on(ex) : direct_ready(n).run_on(ex);
        std::uint64_t t1 = bench_now_ns();
        if (sum != n * (n - 1) / 2)
            bench_fail("the direct await returned a wrong sum");
        bench_report2(name, "cpp_direct", "ns_per_await", (double)(t1 - t0) / (double)n);
    }
    if (std::strcmp(only, "direct") == 0)
        return 0;
    source *obj = yield ? static_cast<source *>(new yielding(ex)) : new ready();
    the_object = obj;
    std::uint64_t t0 = 0, allocs = 0;
    std::uint64_t sum = through_virtual(n, &t0, &allocs).run_on(ex);
    std::uint64_t t1 = bench_now_ns();
    delete obj;
    if (sum != n * (n - 1) / 2)
        bench_fail("the await through a virtual call returned a wrong sum");
    bench_report2(name, "cpp_virtual", "ns_per_await", (double)(t1 - t0) / (double)n);
    bench_report2(name, "cpp_virtual", "allocs_per_await", (double)allocs / (double)n);
    return 0;
}
