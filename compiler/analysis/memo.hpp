#pragma once
// Memos of the schedule computations that are pure functions of a schedule (its cron text, zone, `from`, `until`)
// and a horizon: fire sequences (analyses.cpp) and the schedule proofs (schedules.cpp). The language server compiles
// the same project again after every edit, and an edit changes few schedules: the analyses of the next compilation
// take the others' results from here instead of computing them again. A result depends on nothing but its key, so
// a kept one is exactly what computing would give (LspSession.ScheduleMemosGiveTheColdResult compares). Process-wide,
// safe from several threads at once, and bounded: a memo that would hold more than its weight (elements of the
// results) forgets everything and starts again.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>

namespace schedc::analysis {

template <class Key, class Value>
class Memo {
 public:
  explicit Memo(std::size_t max_weight) : max_weight_(max_weight) {}

  // The kept result of `key`, or null.
  std::shared_ptr<const Value> find(const Key& key) const {
    std::lock_guard lock(mu_);
    auto it = kept_.find(key);
    return it == kept_.end() ? nullptr : it->second;
  }
  // Keeps `value` as the result of `key`; `weight`: what it holds (elements), counted against the bound.
  void keep(const Key& key, std::shared_ptr<const Value> value, std::size_t weight) {
    std::lock_guard lock(mu_);
    if (weight + 1 > max_weight_) return;
    if (weight_ + weight + 1 > max_weight_) {
      kept_.clear();
      weight_ = 0;
    }
    if (kept_.emplace(key, std::move(value)).second) weight_ += weight + 1;
  }
  void clear() {
    std::lock_guard lock(mu_);
    kept_.clear();
    weight_ = 0;
  }

 private:
  mutable std::mutex mu_;
  std::map<Key, std::shared_ptr<const Value>> kept_;
  std::size_t weight_ = 0;
  const std::size_t max_weight_;
};

// Forgets every kept schedule result (the next compilation computes them all, as a first one does): for tests
// that compare a warm compilation with a cold one.
void clear_schedule_memos();
void clear_proof_memo();  // schedules.cpp's alone

}  // namespace schedc::analysis
