// Constant folding: a node whose inputs are all prim::Constant is run once, now, through the
// context's evaluator (the runtime gives the kernel registry's), and its outputs become
// constants. After freezing this turns weight transposes, shape arithmetic on constants and
// eval-mode flags into constants.
//
// Not folded (the result could differ from running the node each call):
//   * side effects, in-place or container mutation, calls, nodes with blocks;
//   * random or uninitialised results (rand*, dropout in training, bernoulli, empty, ...);
//   * prim ops the interpreter runs itself, except ListConstruct / TupleConstruct of constants;
//   * a node reading a tensor or list that some op may write into (MutationInfo), or whose
//     result may be written or is returned from the graph: a constant is one object shared by
//     every call, while the node made a fresh one each time;
//   * a node whose kernel throws: the error stays where and when the model would raise it;
//   * results holding more elements (tensor elements and list items) than the largest constant
//     the node reads, or than 64K when it reads nothing that large (creation ops, ranges):
//     folding must not make a model's data grow much (a transposed weight is allowed, a
//     broadcast of two vectors into a matrix is not).
#include <algorithm>
#include <string>

#include "ir/walk.h"
#include "passes/pass.h"
#include "passes/side_effects.h"

namespace tsrt::passes {

namespace {

constexpr int64_t kMaxCreatedElements = int64_t{1} << 16;

// Tensor elements plus list/tuple items: what a constant holds.
int64_t elements(const tsrt::Value& v) {
  if (v.is_tensor()) return v.to_tensor().defined() ? v.to_tensor().numel() : 0;
  int64_t total = 0;
  if (v.is_list()) {
    for (const tsrt::Value& item : v.to_list()->items) total += 1 + elements(item);
  }
  if (v.is_tuple()) {
    for (const tsrt::Value& item : v.to_tuple()->items) total += 1 + elements(item);
  }
  return total;
}

bool is_constant(const ir::Value* v) { return v->node()->kind() == "prim::Constant"; }

bool is_foldable_kind(const ir::Node& n, const PassContext& context) {
  if (n.kind() == "prim::ListConstruct" || n.kind() == "prim::TupleConstruct") return true;
  return n.schema() != nullptr && context.evaluate && context.ops && context.ops->info(n.schema()->qualified());
}

// The node's outputs computed now, or false if it must not (or cannot) be folded.
bool evaluate(const ir::Node& n, const PassContext& context, std::vector<tsrt::Value>& results) {
  std::vector<tsrt::Value> args;
  for (const ir::Value* v : n.inputs()) args.push_back(v->node()->constant());
  if (n.kind() == "prim::ListConstruct") {
    const ir::TypePtr& t = n.output()->type();
    ir::TypePtr elem = t->kind == ir::TypeKind::List ? t->contained[0] : ir::Type::get(ir::TypeKind::Any);
    results = {tsrt::Value(make_list(elem, std::move(args)))};
    return true;
  }
  if (n.kind() == "prim::TupleConstruct") {
    auto tuple = std::make_shared<TupleObj>(TupleObj{std::move(args), nullptr});
    if (n.output()->type()->kind == ir::TypeKind::Class) tuple->type = n.output()->type();  // NamedTuple
    results = {tsrt::Value(TuplePtr(std::move(tuple)))};
    return true;
  }
  try {
    results = context.evaluate(n.schema()->qualified(), std::move(args));
  } catch (const std::exception&) {
    return false;
  }
  return results.size() == n.outputs().size();
}

class Folder {
 public:
  Folder(ir::Graph& graph, const PassContext& context) : graph_(graph), context_(context), mutation_(graph) {}

  // Nodes with blocks are never folded, so visiting a node before its blocks folds as much.
  int fold(ir::Block& block) {
    int folded = 0;
    ir::walk(block, [&](ir::Node& n) {
      if (!may_fold(n)) return;
      std::vector<tsrt::Value> results;
      if (!evaluate(n, context_, results) || too_large(n, results)) return;
      for (size_t i = 0; i < results.size(); ++i) {
        ir::Value* out = n.output(i);
        ir::Value* constant = graph_.insert_constant(results[i], out->type(), n.owning_block(), &n);
        constant->node()->set_location(n.location());
        constant->set_debug_name(out->debug_name());
        out->replace_all_uses_with(constant);
      }
      n.destroy();
      ++folded;
    });
    return folded;
  }

 private:
  bool may_fold(const ir::Node& n) const {
    if (n.kind() == "prim::Constant" || n.outputs().empty() || !n.blocks().empty()) return false;
    if (has_side_effects(n) || is_nondeterministic(n) || !is_foldable_kind(n, context_)) return false;
    for (const ir::Value* v : n.inputs()) {
      if (!is_constant(v) || mutation_.may_be_mutated(v)) return false;
    }
    for (const ir::Value* v : n.outputs()) {
      if (mutation_.may_be_mutated(v) || mutation_.escapes(v)) return false;
    }
    return true;
  }

  static bool too_large(const ir::Node& n, const std::vector<tsrt::Value>& results) {
    int64_t largest_input = 0;
    for (const ir::Value* v : n.inputs()) largest_input = std::max(largest_input, elements(v->node()->constant()));
    int64_t created = 0;
    for (const tsrt::Value& r : results) created += elements(r);
    return created > std::max(largest_input, kMaxCreatedElements);
  }

  ir::Graph& graph_;
  const PassContext& context_;
  MutationInfo mutation_;
};

}  // namespace

int fold_constants(ir::Graph& graph, const PassContext& context) {
  return Folder(graph, context).fold(*graph.block());
}

TSRT_REGISTER_PASS("fold", "evaluates nodes whose inputs are all constants and replaces them by their results",
                   fold_constants);

}  // namespace tsrt::passes
