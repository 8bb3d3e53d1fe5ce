#include "thread_pool.h"

#include <cstdlib>

#ifdef __linux__
#include <sched.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FOLIO_PAUSE() _mm_pause()
#else
#define FOLIO_PAUSE() std::this_thread::yield()
#endif

namespace folio {
namespace {
// A few microseconds of polling before a worker sleeps: long enough to catch the next kernel of
// a step, short enough not to starve the JavaScript thread (measured: 2000 beat 0 and 20000).
constexpr int kSpins = 2000;

// state_ packs four 16-bit fields: generation | task count | claimed from the front | claimed
// from the back. The calling thread takes tasks from the front, workers from the back: with two
// threads each gets a contiguous half, the rows it will likely handle in the next kernel too,
// which keeps them in its own cache.
constexpr int kField = 16;
constexpr std::uint64_t kFieldMask = (1ull << kField) - 1;
constexpr int kMaxTasksPerRound = static_cast<int>(kFieldMask);

std::uint64_t generation_of(std::uint64_t s) { return s >> (3 * kField); }
int tasks_of(std::uint64_t s) { return static_cast<int>((s >> (2 * kField)) & kFieldMask); }
int front_of(std::uint64_t s) { return static_cast<int>((s >> kField) & kFieldMask); }
int back_of(std::uint64_t s) { return static_cast<int>(s & kFieldMask); }
}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::drain(std::uint64_t generation, bool from_front) {
  const std::uint64_t step = from_front ? 1ull << kField : 1ull;
  std::uint64_t s = state_.load(std::memory_order_acquire);
  for (;;) {
    if (generation_of(s) != generation || front_of(s) + back_of(s) >= tasks_of(s)) return;
    // A compare-exchange rather than fetch_add: a stale claim must leave a newer job untouched.
    if (!state_.compare_exchange_weak(s, s + step, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    (*job_)(from_front ? front_of(s) : tasks_of(s) - 1 - back_of(s));
    done_.fetch_add(1, std::memory_order_release);
    s = state_.load(std::memory_order_acquire);
  }
}

void ThreadPool::run(int tasks, const std::function<void(int)>& fn) {
  if (tasks <= 0) return;
  if (workers_.empty() || tasks == 1) {
    for (int task = 0; task < tasks; ++task) fn(task);
    return;
  }
  for (int first = 0; first < tasks; first += kMaxTasksPerRound) {
    int count = std::min(kMaxTasksPerRound, tasks - first);
    if (first == 0) {
      run_round(count, fn);
    } else {
      std::function<void(int)> shifted = [&](int task) { fn(first + task); };
      run_round(count, shifted);
    }
  }
}

void ThreadPool::run_round(int tasks, const std::function<void(int)>& fn) {
  job_ = &fn;
  done_.store(0, std::memory_order_relaxed);
  std::uint64_t generation = (generation_of(state_.load(std::memory_order_relaxed)) + 1) & kFieldMask;
  {
    // Publishing under the lock means a worker about to sleep either sees the new generation
    // in its wait predicate or is woken by the notify below.
    std::lock_guard<std::mutex> lock(mutex_);
    state_.store((generation << (3 * kField)) | (static_cast<std::uint64_t>(tasks) << (2 * kField)), std::memory_order_release);
  }
  wake_.notify_all();
  drain(generation, true);
  // Only tasks already claimed remain; each finishes without waiting on anything.
  while (done_.load(std::memory_order_acquire) != tasks) FOLIO_PAUSE();
  job_ = nullptr;
}

void ThreadPool::work() {
  std::uint64_t seen = 0;
  for (;;) {
    std::uint64_t current = generation_of(state_.load(std::memory_order_acquire));
    for (int spin = 0; current == seen && spin < kSpins && !stopping_.load(std::memory_order_relaxed); ++spin) {
      FOLIO_PAUSE();
      current = generation_of(state_.load(std::memory_order_acquire));
    }
    if (current == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_.load() || generation_of(state_.load()) != seen; });
      current = generation_of(state_.load(std::memory_order_acquire));
    }
    if (stopping_.load()) return;
    seen = current;
    drain(current, false);
  }
}

static int configured_threads() {
  if (const char* env = std::getenv("FOLIO_THREADS")) {
    int n = std::atoi(env);
    if (n >= 1) return n;
  }
#ifdef __linux__
  // The cores this process may run on (taskset, a container's cpuset), not all the machine has:
  // more threads than cores would only take turns.
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 0) return CPU_COUNT(&allowed);
#endif
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

ThreadPool& pool() {
  static ThreadPool instance(configured_threads());
  return instance;
}

void parallel_for(long n, long grain, const std::function<void(long, long)>& fn) {
  int threads = pool().size();
  if (n <= grain || threads == 1) {
    fn(0, n);
    return;
  }
  int parts = static_cast<int>(std::min<long>(threads, (n + grain - 1) / grain));
  long chunk = (n + parts - 1) / parts;
  pool().run(parts, [&](int part) {
    long begin = part * chunk;
    long end = std::min(n, begin + chunk);
    if (begin < end) fn(begin, end);
  });
}

std::vector<Piece> pieces_of(const std::vector<long>& sizes, long max_piece) {
  std::vector<Piece> pieces;
  for (long array = 0; array < static_cast<long>(sizes.size()); ++array) {
    for (long begin = 0; begin < sizes[array]; begin += max_piece) {
      pieces.push_back({array, begin, std::min(sizes[array], begin + max_piece)});
    }
  }
  return pieces;
}

}  // namespace folio
