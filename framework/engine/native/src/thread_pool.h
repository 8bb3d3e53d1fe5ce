// A fixed pool of worker threads for data-parallel loops; the calling thread works too.
// Workers spin briefly between jobs before sleeping: a training step issues hundreds of small
// kernels back to back, and waking a sleeping thread costs more than most of them take.
#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace folio {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(task) for task in [0, tasks), spread over the pool; returns when all are done.
  // Not re-entrant: fn must not call run() itself.
  void run(int tasks, const std::function<void(int)>& fn);

 private:
  void work();
  void drain();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  const std::function<void(int)>* job_ = nullptr;
  int tasks_ = 0;
  std::atomic<int> next_{0};
  std::atomic<int> busy_{0};
  std::atomic<long> generation_{0};
  std::atomic<bool> stopping_{false};
};

// The process-wide pool (FOLIO_THREADS, else the hardware's thread count).
ThreadPool& pool();

// Splits [0, n) into contiguous chunks of at least `grain` and runs fn(begin, end) on the pool;
// runs inline when n is at most `grain`, where threads would cost more than they save.
void parallel_for(long n, long grain, const std::function<void(long, long)>& fn);

}  // namespace folio
