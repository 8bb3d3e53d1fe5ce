// A fixed pool of worker threads for data-parallel loops; the calling thread works too.
// Workers spin briefly between jobs before sleeping: a training step issues hundreds of small
// kernels back to back, and waking a sleeping thread costs more than most of them take. The
// caller never waits for a worker to wake: it claims tasks itself and waits only for tasks a
// worker has already started, so a kernel is never slower than on one thread.
#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
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
  // Runs tasks of generation `generation` until none is left to claim: the caller's from the
  // front of the list, workers' from the back.
  void drain(std::uint64_t generation, bool from_front);
  void run_round(int tasks, const std::function<void(int)>& fn);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  const std::function<void(int)>* job_ = nullptr;
  // One word, so that a claim checks the generation, the task count and the next task at once:
  // a worker that wakes late can never take (or skip) a task of a newer job.
  std::atomic<std::uint64_t> state_{0};
  std::atomic<int> done_{0};
  std::atomic<bool> stopping_{false};
};

// The process-wide pool (FOLIO_THREADS, else the hardware's thread count).
ThreadPool& pool();

// Splits [0, n) into contiguous chunks of at least `grain` and runs fn(begin, end) on the pool;
// runs inline when n is at most `grain`, where threads would cost more than they save.
void parallel_for(long n, long grain, const std::function<void(long, long)>& fn);

// A stretch [begin, end) of array `array`: work for one task when many arrays of very different
// sizes (all of a model's parameters, say) are processed as one parallel job.
struct Piece {
  long array, begin, end;
};
// Cuts each array of sizes[i] elements into pieces of at most max_piece elements.
std::vector<Piece> pieces_of(const std::vector<long>& sizes, long max_piece);

}  // namespace folio
