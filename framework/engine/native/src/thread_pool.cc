#include "thread_pool.h"

#include <cstdlib>

namespace folio {

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::drain() {
  for (int task = next_.fetch_add(1); task < tasks_; task = next_.fetch_add(1)) (*job_)(task);
}

void ThreadPool::run(int tasks, const std::function<void(int)>& fn) {
  if (tasks <= 0) return;
  if (workers_.empty() || tasks == 1) {
    for (int task = 0; task < tasks; ++task) fn(task);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &fn;
    tasks_ = tasks;
    next_.store(0);
    busy_ = static_cast<int>(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  drain();
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return busy_ == 0; });
  job_ = nullptr;
}

void ThreadPool::work() {
  long seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    drain();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--busy_ == 0) done_.notify_one();
    }
  }
}

static int configured_threads() {
  if (const char* env = std::getenv("FOLIO_THREADS")) {
    int n = std::atoi(env);
    if (n >= 1) return n;
  }
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

}  // namespace folio
