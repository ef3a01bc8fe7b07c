// Runs a TorchScript file with stock libtorch and writes its outputs as .npy: the reference
// tsrt is compared against (corpus tests) and timed against (benchmarks).
//
//   reference_runner MODEL [--method M] [--input SPEC]... [--output-dir DIR] [--threads N]
//                    [--warmup N --iters N] [--op-counts] [--dump-nodes DIR] [--profile-ops FILE]
//
// Outputs are written as DIR/output_<i>.npy, flattened depth-first like the corpus manifest,
// and the inputs as libtorch received them as DIR/inputs.txt (one line each).
// With --iters, prints {"median_ms":..,"p90_ms":..,"min_ms":..,"iters":..} on stdout.
// With --dump-nodes DIR, runs the method's inlined graph with the tensor result of every
// top-level node as an extra output, and writes DIR/node_<k>.npy plus DIR/nodes.json
// ([{"kind", "file", "line"}]) so that `tsrt compare --per-op` can find the first divergence.
// With --op-counts, prints the node kinds of the method's inlined graph with their counts as
// JSON ({"aten::linear": 3, ...}) and runs nothing: tsrt's frontend is checked against it.
// With --profile-ops FILE ("-": stdout), runs the method a few more times under libtorch's own
// profiler and writes the calls and time per op kind as JSON (tools/reference/op_profile.h):
// the libtorch side of `tsrt compare --profile`.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <dlfcn.h>

#include <ATen/Parallel.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/script.h>

#include "runtime/error.h"
#include "tools/reference/op_profile.h"
#include "tools/reference/torch_io.h"

namespace {

struct Options {
  std::string model;
  std::string method = "forward";
  std::vector<std::string> inputs;
  std::string output_dir;
  int threads = 0;  // 0: libtorch's default
  int warmup = 0;
  int iters = 0;
  bool op_counts = false;
  std::string dump_nodes;  // directory for per-node outputs of the inlined graph
  std::string profile_ops;  // file for the per-op-kind profile ("-": stdout)
};

// Profiled runs after one unprofiled warm-up run: few, since the profiler itself costs per op.
constexpr int kProfiledRuns = 3;

const char kUsage[] =
    "usage: reference_runner MODEL [--method M] [--input SPEC]... [--output-dir DIR] "
    "[--threads N] [--warmup N --iters N] [--op-counts] [--dump-nodes DIR] [--profile-ops FILE]";

int parse_count(const std::string& flag, const std::string& text, int minimum) {
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  TSRT_CHECK(!text.empty() && *end == '\0' && value >= minimum && value <= 1000000,
              flag + ": expected an integer >= " + std::to_string(minimum) + ", got '" + text + "'");
  return static_cast<int>(value);
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      TSRT_CHECK(i + 1 < argc, arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--method") {
      options.method = value();
    } else if (arg == "--input") {
      options.inputs.push_back(value());
    } else if (arg == "--output-dir") {
      options.output_dir = value();
    } else if (arg == "--threads") {
      options.threads = parse_count(arg, value(), 1);
    } else if (arg == "--warmup") {
      options.warmup = parse_count(arg, value(), 0);
    } else if (arg == "--iters") {
      options.iters = parse_count(arg, value(), 1);
    } else if (arg == "--op-counts") {
      options.op_counts = true;
    } else if (arg == "--dump-nodes") {
      options.dump_nodes = value();
    } else if (arg == "--profile-ops") {
      options.profile_ops = value();
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw tsrt::Error("unknown option " + arg + "; " + kUsage);
    } else {
      TSRT_CHECK(options.model.empty(), "more than one MODEL given ('" + options.model + "', '" + arg + "')");
      options.model = arg;
    }
  }
  TSRT_CHECK(!options.model.empty(), std::string("no MODEL given; ") + kUsage);
  TSRT_CHECK(!options.output_dir.empty() || options.iters > 0 || options.op_counts || !options.dump_nodes.empty() ||
                  !options.profile_ops.empty(),
              "nothing to do: give --output-dir, --iters, --op-counts, --dump-nodes or --profile-ops");
  return options;
}

// libtorch errors carry a TorchScript traceback; the cause is its last line.
std::string one_line(const std::string& message) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    std::string line = message.substr(start, end - start);
    if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line);
    start = end + 1;
  }
  if (lines.empty()) return "unknown error";
  bool has_traceback = message.find("Traceback of TorchScript") != std::string::npos;
  std::string line = has_traceback ? lines.back() : lines.front();
  return line.substr(line.find_first_not_of(" \t"));
}

double percentile(const std::vector<double>& sorted_ms, double fraction) {
  size_t index = static_cast<size_t>(fraction * static_cast<double>(sorted_ms.size() - 1) + 0.5);
  return sorted_ms[std::min(index, sorted_ms.size() - 1)];
}

int run(const Options& options) {
  if (options.threads > 0) {
    at::set_num_interop_threads(options.threads);
    at::set_num_threads(options.threads);
  }
  torch::jit::Module module;
  try {
    module = torch::jit::load(options.model);
  } catch (const c10::Error& e) {
    throw tsrt::Error("cannot load " + options.model + ": " + one_line(e.what_without_backtrace()));
  }
  module.eval();
  auto method = module.find_method(options.method);
  TSRT_CHECK(method.has_value(), options.model + " has no method '" + options.method + "'");
  // Parsed against the method's argument types: they type an empty `list:`.
  const auto& formals = method->function().getSchema().arguments();
  std::vector<c10::IValue> inputs;
  for (size_t i = 0; i < options.inputs.size(); ++i) {
    c10::TypePtr expected = i + 1 < formals.size() ? formals[i + 1].type() : nullptr;
    inputs.push_back(tsrt::reference::parse_input_spec(options.inputs[i], expected));
  }
  if (!options.output_dir.empty()) {
    // The inputs as libtorch received them, for `tsrt compare` to show.
    std::ofstream described(options.output_dir + "/inputs.txt");
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::string name = i + 1 < formals.size() ? formals[i + 1].name() : "?";
      described << "input " << i << " '" << name << "': " << tsrt::reference::describe_input(inputs[i]) << "\n";
    }
  }

  if (options.op_counts) {
    std::shared_ptr<torch::jit::Graph> graph = method->graph()->copy();
    torch::jit::Inline(*graph);
    std::map<std::string, int> counts;
    std::vector<torch::jit::Block*> blocks{graph->block()};
    while (!blocks.empty()) {
      torch::jit::Block* b = blocks.back();
      blocks.pop_back();
      for (torch::jit::Node* n : b->nodes()) {
        ++counts[n->kind().toQualString()];
        for (torch::jit::Block* inner : n->blocks()) blocks.push_back(inner);
        // prim::fork keeps its body as a subgraph attribute rather than a block.
        if (n->hasAttribute(torch::jit::attr::Subgraph)) blocks.push_back(n->g(torch::jit::attr::Subgraph)->block());
      }
    }
    std::printf("{");
    bool first = true;
    for (const auto& [kind, count] : counts) {
      std::printf("%s\"%s\": %d", first ? "" : ", ", kind.c_str(), count);
      first = false;
    }
    std::printf("}\n");
    return 0;
  }

  if (!options.dump_nodes.empty()) {
    torch::NoGradGuard guard;
    std::shared_ptr<torch::jit::Graph> graph = method->graph()->copy();
    torch::jit::Inline(*graph);
    size_t original_outputs = graph->outputs().size();
    std::string listing = "[";
    std::vector<torch::jit::Value*> dumped;
    for (torch::jit::Node* n : graph->block()->nodes()) {
      if (n->outputs().size() != 1 || n->output()->type()->kind() != c10::TypeKind::TensorType) continue;
      if (n->kind() == c10::prim::Constant || n->kind() == c10::prim::GetAttr) continue;  // not computed
      std::string file;
      size_t line = 0;
      if (auto flc = n->sourceRange().file_line_col()) {
        file = std::get<0>(*flc);
        line = std::get<1>(*flc);
      }
      listing += std::string(dumped.empty() ? "" : ",") + "{\"kind\": \"" + n->kind().toQualString() +
                 "\", \"file\": \"" + file + "\", \"line\": " + std::to_string(line) + "}";
      dumped.push_back(n->output());
    }
    listing += "]\n";
    // A graph function returns one value: pack the original result and the dumped ones.
    std::vector<torch::jit::Value*> packed(graph->outputs().begin(), graph->outputs().end());
    packed.insert(packed.end(), dumped.begin(), dumped.end());
    torch::jit::Node* tuple = graph->insertNode(graph->createTuple(packed));
    while (!graph->outputs().empty()) graph->eraseOutput(0);
    graph->registerOutput(tuple->output());
    torch::jit::GraphFunction fn("dump_nodes", graph, nullptr);
    torch::jit::Stack stack;
    stack.push_back(module._ivalue());
    for (const auto& in : inputs) stack.push_back(in);
    try {
      fn.run(stack);
    } catch (const c10::Error& e) {
      throw tsrt::Error(options.model + ": " + one_line(e.what_without_backtrace()));
    }
    std::filesystem::create_directories(options.dump_nodes);
    for (size_t k = 0; k < dumped.size(); ++k) {
      tsrt::reference::write_npy(options.dump_nodes + "/node_" + std::to_string(k) + ".npy",
                                 stack.back().toTupleRef().elements()[original_outputs + k].toTensor());
    }
    std::FILE* f = std::fopen((options.dump_nodes + "/nodes.json").c_str(), "w");
    TSRT_CHECK(f != nullptr, "cannot write " + options.dump_nodes + "/nodes.json");
    std::fputs(listing.c_str(), f);
    std::fclose(f);
    return 0;
  }

  torch::NoGradGuard no_grad;
  auto call = [&]() {
    try {
      return (*method)(inputs);
    } catch (const c10::Error& e) {
      throw tsrt::Error(options.model + ": " + options.method + " failed: " + one_line(e.what_without_backtrace()));
    }
  };

  c10::IValue result;
  if (options.iters > 0) {
    for (int i = 0; i < options.warmup; ++i) result = call();
    std::vector<double> times_ms;
    for (int i = 0; i < options.iters; ++i) {
      auto start = std::chrono::steady_clock::now();
      result = call();
      auto stop = std::chrono::steady_clock::now();
      times_ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(times_ms.begin(), times_ms.end());
    std::printf("{\"median_ms\": %.4f, \"p90_ms\": %.4f, \"min_ms\": %.4f, \"iters\": %d}\n",
                percentile(times_ms, 0.5), percentile(times_ms, 0.9), times_ms.front(), options.iters);
  } else {
    result = call();
  }

  if (!options.output_dir.empty()) {
    tsrt::reference::write_outputs(options.output_dir, result);
  }
  if (!options.profile_ops.empty()) {
    // The runs above let the graph executor settle on its optimised plan; one more to be sure.
    call();
    std::string json = tsrt::reference::op_profile_json(
        tsrt::reference::profile_op_kinds([&] { call(); }, kProfiledRuns), kProfiledRuns);
    if (options.profile_ops == "-") {
      std::fputs(json.c_str(), stdout);
    } else {
      std::FILE* f = std::fopen(options.profile_ops.c_str(), "w");
      TSRT_CHECK(f != nullptr, "cannot write " + options.profile_ops);
      std::fputs(json.c_str(), f);
      std::fclose(f);
    }
  }
  return 0;
}

}  // namespace

namespace {

// torchvision's operators (torchvision::nms, roi_align, ...) live in its Python package's
// extension library, which registers them with libtorch when loaded (it needs no Python):
// load it if the package is installed, so models that call them run here as in Python.
void load_torchvision_ops() {
  const char* configured = std::getenv("TSRT_TORCHVISION_OPS");
  std::vector<std::string> candidates;
  if (configured != nullptr && *configured != '\0') candidates.push_back(configured);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/python3/dist-packages/torchvision", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("_C.", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == ".so") {
      candidates.push_back(entry.path().string());
    }
  }
  for (const std::string& path : candidates) {
    if (dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL) != nullptr) return;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    load_torchvision_ops();
    return run(parse_options(argc, argv));
  } catch (const tsrt::Error& e) {
    std::cerr << "reference_runner: " << e.what() << "\n";
  } catch (const c10::Error& e) {
    std::cerr << "reference_runner: " << one_line(e.what_without_backtrace()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "reference_runner: " << one_line(e.what()) << "\n";
  }
  return 1;
}
