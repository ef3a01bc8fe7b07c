// Peephole rewrites of single nodes that change nothing observable:
//   aten::Int(prim::NumToTensor(x))          -> x        (traced shape arithmetic round trips)
//   aten::dropout(x, p, train=False)         -> x
//   aten::contiguous(x) when x is known contiguous       -> x
//   aten::to(x, dtype) to x's own dtype, without copy=True, to the same (cpu) device -> x
//   aten::slice(x, d, 0 or None, INT64_MAX or None, 1)   -> x
//   aten::size(x, d) / aten::size(x) of known sizes      -> a constant
// torch itself returns x (contiguous, to) or a view of all of x (full slice) in these cases, so
// the result aliases x either way; a result mutated in place is still left alone.
// What is known about x comes from ShapeInfo (types set by shape-prop, constants, producers).
#include <limits>

#include "ir/walk.h"
#include "passes/pass.h"
#include "passes/shape_propagation.h"

namespace tsrt::passes {

namespace {

const tsrt::Value* constant_of(const ir::Value* v) {
  return v->node()->kind() == "prim::Constant" ? &v->node()->constant() : nullptr;
}

bool is_constant_none(const ir::Value* v) {
  const tsrt::Value* c = constant_of(v);
  return c != nullptr && c->is_none();
}

std::optional<int64_t> constant_int(const ir::Value* v) {
  const tsrt::Value* c = constant_of(v);
  if (c == nullptr || !c->is_int()) return std::nullopt;
  return c->to_int();
}

// The input bound to the schema argument `name`, or null if the op has no such argument.
const ir::Value* arg(const ir::Node& n, const char* name) {
  if (!n.schema()) return nullptr;
  const auto& args = n.schema()->arguments;
  for (size_t i = 0; i < args.size() && i < n.inputs().size(); ++i) {
    if (args[i].name == name) return n.input(i);
  }
  return nullptr;
}

bool mutated_in_place(const ir::Value* v) {
  for (const ir::Use& use : v->uses()) {
    const std::string& k = use.user->kind();
    if (k.size() > 2 && k.back() == '_' && k[k.size() - 2] != '_') return true;
  }
  return false;
}

bool is_noop_contiguous(const ir::Node& n, const ShapeInfo& info, const ir::OpCatalog* ops) {
  if (!always_contiguous_result(n, ops)) return false;  // a memory format other than contiguous
  const ir::Value* x = n.input(0);
  return info.contiguous(x) || always_contiguous_result(*x->node(), ops);
}

bool is_noop_to(const ir::Node& n, const ShapeInfo& info) {
  if (!n.schema()) return false;
  const ir::Value* x = n.input(0);
  const ir::Value* copy = arg(n, "copy");
  const tsrt::Value* copy_value = copy ? constant_of(copy) : nullptr;
  if (copy && !(copy_value && copy_value->is_bool() && !copy_value->to_bool())) return false;
  for (const char* must_be_none : {"memory_format", "layout", "pin_memory"}) {
    const ir::Value* v = arg(n, must_be_none);
    if (v && !is_constant_none(v)) return false;
  }
  if (const ir::Value* device = arg(n, "device")) {
    const tsrt::Value* d = constant_of(device);
    if (!d || !(d->is_none() || (d->is_device() && d->to_device().name == "cpu"))) return false;
  }
  std::optional<DType> from = info.dtype(x);
  if (const ir::Value* other = arg(n, "other")) return from && from == info.dtype(other);
  const ir::Value* dtype = arg(n, "dtype");
  if (dtype == nullptr || is_constant_none(dtype)) return true;
  std::optional<int64_t> to = constant_int(dtype);
  return from && to && static_cast<int64_t>(*from) == *to;
}

bool is_full_slice(const ir::Node& n) {
  if (n.qualified_kind() != "aten::slice.Tensor") return false;
  const ir::Value* start = arg(n, "start");
  const ir::Value* end = arg(n, "end");
  const ir::Value* step = arg(n, "step");
  bool from_start = start && (is_constant_none(start) || constant_int(start) == int64_t{0});
  bool to_end = end && (is_constant_none(end) || constant_int(end) == std::numeric_limits<int64_t>::max());
  return from_start && to_end && step && constant_int(step) == int64_t{1};
}

// The value `n` can be replaced by, or null.
ir::Value* replacement_of(ir::Node* n, const ShapeInfo& info, const ir::OpCatalog* ops) {
  const std::string& kind = n->kind();
  ir::Value* replacement = nullptr;
  if (kind == "aten::Int" && n->inputs().size() == 1 && n->input(0)->node()->kind() == "prim::NumToTensor") {
    ir::Value* number = n->input(0)->node()->input(0);
    if (number->type()->kind == ir::TypeKind::Int) replacement = number;
  } else if ((kind == "aten::dropout" || kind == "aten::feature_dropout") && n->inputs().size() == 3) {
    const tsrt::Value* train = constant_of(n->input(2));
    if (train != nullptr && train->is_bool() && !train->to_bool()) replacement = n->input(0);
  } else if (n->outputs().size() == 1 && !mutated_in_place(n->output())) {
    bool noop = (kind == "aten::contiguous" && is_noop_contiguous(*n, info, ops)) ||
                (kind == "aten::to" && is_noop_to(*n, info)) || (kind == "aten::slice" && is_full_slice(*n));
    if (noop) replacement = n->input(0);
  }
  return replacement;
}

int rewrite_block(ir::Block& block, const ShapeInfo& info, const ir::OpCatalog* ops) {
  int changes = 0;
  ir::walk(block, [&](ir::Node& n) {
    ir::Value* replacement = replacement_of(&n, info, ops);
    if (replacement == nullptr) return;
    n.output()->replace_all_uses_with(replacement);
    n.destroy();
    ++changes;
  });
  return changes;
}

}  // namespace

int peephole(ir::Graph& graph, const PassContext& context) {
  // Shapes are read once: every rewrite replaces a value by one of the same dtype and sizes.
  PassContext ops_only;  // what the graph's types say, not specialised to examples or `self`
  ops_only.ops = context.ops;
  ShapeInfo info(graph, ops_only);
  int changes = rewrite_block(*graph.block(), info, context.ops);
  return changes + replace_known_sizes(graph, info);
}

TSRT_REGISTER_PASS("peephole",
                   "removes Int(NumToTensor(x)), eval dropout, no-op contiguous/to/full slices; constant known sizes",
                   peephole);

}  // namespace tsrt::passes
