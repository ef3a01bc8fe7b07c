// The steady-state forward takes no memory from the system after warm-up: tensor buffers come
// from the BufferPool, and tsrt's own code makes no heap allocation at all (sizes live inline,
// kernels return through the stack, oneDNN primitives and their memory objects are cached per
// thread). What oneDNN allocates inside dnnl_primitive_execute (its execution context) is
// counted apart: it is the library's, not tsrt's.
#include <dlfcn.h>
#include <execinfo.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "frontends/npy/value_io.h"
#include "runtime/buffer_pool.h"
#include "runtime/module.h"
#include "runtime/profiler.h"
#include "tests/corpus_models.h"

namespace {

// Counting is switched on only around the measured calls; each allocation made then is
// attributed by walking its stack (slow, test only).
std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_own{0};     // tsrt's code (and the standard library on its behalf)
std::atomic<uint64_t> g_onednn{0};  // by oneDNN while it runs a primitive
thread_local bool t_in_hook = false;

thread_local bool t_calling_thread = false;  // the thread that runs the forward

// oneDNN's own: made below dnnl_primitive_execute, or by oneDNN code on one of the OpenMP
// threads its primitives run on (their stacks do not reach back to the call).
bool made_by_onednn() {
  void* frames[64];
  int n = backtrace(frames, 64);
  bool in_library = false;
  for (int i = 0; i < n; ++i) {
    Dl_info info;
    if (dladdr(frames[i], &info) == 0) continue;
    if (info.dli_sname != nullptr && std::strcmp(info.dli_sname, "dnnl_primitive_execute") == 0) return true;
    if (info.dli_fname != nullptr && std::strstr(info.dli_fname, "libdnnl") != nullptr) in_library = true;
  }
  return in_library && !t_calling_thread;
}

void count_allocation() {
  if (!g_counting.load(std::memory_order_relaxed) || t_in_hook) return;
  t_in_hook = true;
  (made_by_onednn() ? g_onednn : g_own).fetch_add(1, std::memory_order_relaxed);
  t_in_hook = false;
}

}  // namespace

void* operator new(std::size_t n) {
  count_allocation();
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  count_allocation();
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace tsrt {
namespace {

struct Counts {
  uint64_t own = 0, onednn = 0;
};

// Allocations per call of `c`'s method over `times` calls, after `warmup` calls (all of them
// observed by `observer` when given).
Counts allocations_per_call(const Module& module, const testing::ModelCase& c, int warmup, int times,
                            runtime::OpObserver* observer = nullptr) {
  std::vector<Value> inputs;
  for (const std::string& spec : c.inputs) inputs.push_back(npy::parse_input_spec(testing::resolve_corpus_spec(spec)));
  for (int i = 0; i < warmup; ++i) module.call(c.method, inputs, observer);
  std::vector<std::vector<Value>> copies(static_cast<size_t>(times), inputs);  // moved in: not counted
  void* warm[4];
  backtrace(warm, 4);  // the first backtrace loads the unwinder (it allocates): not inside a count
  uint64_t own0 = g_own.load(), onednn0 = g_onednn.load();
  t_calling_thread = true;
  g_counting = true;
  for (int i = 0; i < times; ++i) module.call(c.method, std::move(copies[static_cast<size_t>(i)]), observer);
  g_counting = false;
  t_calling_thread = false;
  return {(g_own.load() - own0) / times, (g_onednn.load() - onednn0) / times};
}

std::vector<testing::ModelCase> cases_of(const std::string& model) {
  std::vector<testing::ModelCase> cases;
  for (const testing::ModelCase& c : testing::read_corpus_manifest()) {
    if (c.file == model + ".pt") cases.push_back(c);
  }
  return cases;
}

class SteadyState : public ::testing::TestWithParam<std::string> {};

TEST_P(SteadyState, ForwardAsksTheSystemForNoTensorMemoryAfterWarmUp) {
  std::vector<testing::ModelCase> cases = cases_of(GetParam());
  ASSERT_FALSE(cases.empty()) << "no corpus case for " << GetParam();
  Module module = load(testing::corpus_dir() + "/" + cases[0].file);
  for (int i = 0; i < 2; ++i) {  // warm-up: the pool learns the sizes
    for (const testing::ModelCase& c : cases) EXPECT_EQ(testing::check_outputs(module, c), "") << c.name;
  }
  BufferPool::Stats before = BufferPool::global().stats();
  for (int i = 0; i < 5; ++i) {
    for (const testing::ModelCase& c : cases) EXPECT_EQ(testing::check_outputs(module, c), "") << c.name;
  }
  BufferPool::Stats after = BufferPool::global().stats();
  EXPECT_EQ(after.system_allocations, before.system_allocations);
  EXPECT_GT(after.reuses, before.reuses);

  // Small allocations: reported for every model (control flow builds lists and strings, which
  // are values the program asks for), asserted below for the tensor programs.
  Counts counts = allocations_per_call(module, cases[0], 2, 5);
  std::printf("%s: %llu heap allocations per call by tsrt, %llu inside oneDNN's primitive execution\n",
              GetParam().c_str(), static_cast<unsigned long long>(counts.own),
              static_cast<unsigned long long>(counts.onednn));
  ::testing::Test::RecordProperty("allocations_per_call", std::to_string(counts.own));
}

// Traced BERT, a conv net, and scripted control flow (loops, lists, strings).
INSTANTIATE_TEST_SUITE_P(Corpus, SteadyState,
                         ::testing::Values("bert_tiny_traced", "small_convnet_traced", "seed_rnn_loop_scripted",
                                           "cf_while_break_continue", "cf_containers"));

// The traced tensor programs make no heap allocation of their own per forward.
class NoAllocation : public ::testing::TestWithParam<std::string> {};

TEST_P(NoAllocation, TracedForwardAllocatesNothingAfterWarmUp) {
  std::vector<testing::ModelCase> cases = cases_of(GetParam());
  ASSERT_FALSE(cases.empty()) << "no corpus case for " << GetParam();
  Module module = load(testing::corpus_dir() + "/" + cases[0].file);
  EXPECT_EQ(testing::check_outputs(module, cases[0]), "");
  Counts counts = allocations_per_call(module, cases[0], 3, 5);
  EXPECT_EQ(counts.own, 0u) << GetParam() << " allocated " << counts.own << " times per forward";
}

// The profiler too, once it has seen each node: allocations inside the runs it times would
// perturb the kernels (runtime/profiler.h).
TEST_P(NoAllocation, ProfiledForwardAllocatesNothingAfterTheFirst) {
  std::vector<testing::ModelCase> cases = cases_of(GetParam());
  ASSERT_FALSE(cases.empty()) << "no corpus case for " << GetParam();
  Module module = load(testing::corpus_dir() + "/" + cases[0].file);
  runtime::Profiler profiler;
  Counts counts = allocations_per_call(module, cases[0], 3, 5, &profiler);
  EXPECT_EQ(counts.own, 0u) << GetParam() << " allocated " << counts.own << " times per profiled forward";
  EXPECT_GT(profiler.totals().size(), 3u);  // it did record the runs
}

INSTANTIATE_TEST_SUITE_P(Traced, NoAllocation, ::testing::Values("bert_tiny_traced", "small_convnet_traced"));

}  // namespace
}  // namespace tsrt
