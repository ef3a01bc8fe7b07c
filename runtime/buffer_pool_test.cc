// The steady state allocates no tensor memory: after warm-up, a forward's buffers all come
// from the pool (BufferPool::Stats::system_allocations stays put) and the outputs stay right.
#include "runtime/buffer_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <new>

#include "frontends/npy/value_io.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"

// Every operator new in this test binary is counted, to report the small allocations (frames,
// argument vectors, shared_ptr control blocks) a forward still makes besides tensor memory.
static std::atomic<uint64_t> g_new_calls{0};

namespace tsrt {
namespace {

TEST(BufferPool, ReusesAFreedBlockOfTheSameClass) {
  BufferPool& pool = BufferPool::global();
  size_t capacity = 0;
  void* a = pool.allocate(1000, &capacity);
  EXPECT_GE(capacity, 1000u);
  EXPECT_LE(capacity, 1250u);  // four classes per power of two: at most 25 % slack
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  pool.release(a, capacity);
  BufferPool::Stats before = pool.stats();
  size_t again = 0;
  void* b = pool.allocate(990, &again);  // same class
  EXPECT_EQ(again, capacity);
  EXPECT_EQ(b, a);
  EXPECT_EQ(pool.stats().system_allocations, before.system_allocations);
  pool.release(b, again);
}

TEST(BufferPool, HoldsNoMoreThanItsLimit) {
  BufferPool& pool = BufferPool::global();
  pool.trim();
  size_t old_limit = pool.stats().limit_bytes;
  pool.set_limit(1 << 20);
  size_t c1 = 0, c2 = 0;
  void* a = pool.allocate(900 << 10, &c1);
  void* b = pool.allocate(900 << 10, &c2);
  pool.release(a, c1);
  pool.release(b, c2);  // would exceed 1 MiB cached: goes back to the system
  EXPECT_LE(pool.stats().cached_bytes, size_t{1} << 20);
  EXPECT_GT(pool.stats().cached_bytes, 0u);
  pool.set_limit(old_limit);
}

// Runs every case of `model` `times` times, checking outputs each time.
void run_cases(const Module& module, const std::vector<testing::ModelCase>& cases, int times) {
  for (int i = 0; i < times; ++i) {
    for (const testing::ModelCase& c : cases) EXPECT_EQ(testing::check_outputs(module, c), "") << c.name;
  }
}

class SteadyState : public ::testing::TestWithParam<std::string> {};

TEST_P(SteadyState, ForwardAsksTheSystemForNoTensorMemoryAfterWarmUp) {
  std::vector<testing::ModelCase> cases;
  for (const testing::ModelCase& c : testing::read_corpus_manifest()) {
    if (c.file == GetParam() + ".pt") cases.push_back(c);
  }
  ASSERT_FALSE(cases.empty()) << "no corpus case for " << GetParam();
  Module module = load(testing::corpus_dir() + "/" + cases[0].file);
  run_cases(module, cases, 2);  // warm-up: the pool learns the sizes
  BufferPool::Stats before = BufferPool::global().stats();
  run_cases(module, cases, 5);
  BufferPool::Stats after = BufferPool::global().stats();
  EXPECT_EQ(after.system_allocations, before.system_allocations);
  EXPECT_GT(after.reuses, before.reuses);

  // Small heap allocations of a bare call (not asserted; reported for docs/status.md).
  const testing::ModelCase& c = cases[0];
  std::vector<Value> inputs;
  for (const std::string& spec : c.inputs) inputs.push_back(npy::parse_input_spec(testing::resolve_corpus_spec(spec)));
  uint64_t new_calls_before = g_new_calls.load();
  for (int i = 0; i < 5; ++i) module.call(c.method, inputs);
  std::string per_call = std::to_string((g_new_calls.load() - new_calls_before) / 5);
  ::testing::Test::RecordProperty("operator_new_per_call", per_call);
  std::printf("%s: %s operator new calls per forward (tensor buffers: none)\n", GetParam().c_str(), per_call.c_str());
}

// Traced BERT, a conv net, and scripted control flow (loops, lists, strings).
INSTANTIATE_TEST_SUITE_P(Corpus, SteadyState,
                         ::testing::Values("bert_tiny_traced", "small_convnet_traced", "seed_rnn_loop_scripted",
                                           "cf_while_break_continue", "cf_containers"));

}  // namespace
}  // namespace tsrt

void* operator new(std::size_t n) {
  g_new_calls.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
