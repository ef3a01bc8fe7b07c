// Fuses chains of unary elementwise ops into one tsrt::elementwise_chain node
// (kernels/fused_elementwise.cc), which reads and writes each element once for the whole chain:
//   %a = aten::mul(%x, 2.0); %b = aten::add(%a, 1, 1); %c = aten::sigmoid(%b)
//   -> %c = tsrt::elementwise_chain(%x, ["mul", "add_int", "sigmoid"], [2., 1., 0.])
// A chain is a maximal run of >= 2 supported nodes in one block, each taking the previous
// node's output as its tensor input when that output has no other use. Supported: the ops
// registered with the elementwise-chainable trait (ir::ChainStep), today add, sub, rsub (alpha a
// constant 1), mul, div with a constant int or float scalar; relu, tanh, sigmoid, exp, neg; gelu
// with approximate="none". In-place variants (relu_, add_) are left alone.
// Not in the default pipeline.
#include <cmath>
#include <string>
#include <vector>

#include "ir/op_info.h"
#include "ir/walk.h"
#include "passes/pass.h"

namespace tsrt::passes {

namespace {

const char* const kChainOp = "tsrt::elementwise_chain";

const tsrt::Value* constant_of(const ir::Value* v) {
  return v->node()->kind() == "prim::Constant" ? &v->node()->constant() : nullptr;
}

// A constant int or float (not bool, which torch's Scalar also admits).
bool constant_number(const ir::Value* v) {
  const tsrt::Value* c = constant_of(v);
  if (c == nullptr) return false;
  // Ints beyond 2^53 would round twice on their way to float (via the chain's float[]).
  if (c->is_int()) return std::llabs(c->to_int()) <= (int64_t{1} << 53);
  return c->is_double();
}

// `v` is the constant `required` (a str, int, float or bool).
bool is_constant(const ir::Value* v, const tsrt::Value& required) {
  const tsrt::Value* c = constant_of(v);
  if (c == nullptr) return false;
  if (required.is_string()) return c->is_string() && c->to_string() == required.to_string();
  if (required.is_bool()) return c->is_bool() && c->to_bool() == required.to_bool();
  if (required.is_int()) return c->is_int() && c->to_int() == required.to_int();
  return c->is_double() && required.is_double() && c->to_double() == required.to_double();
}

struct Step {
  std::string name;
  double scalar = 0.0;
};

// `n` as a chain step (its op has the elementwise-chainable trait), or false when it cannot be one.
bool as_step(const ir::Node& n, const ir::OpCatalog& ops, Step& out) {
  if (n.outputs().size() != 1 || n.blocks().size() > 0 || n.inputs().empty()) return false;
  const ir::OpInfo* info = ops.info(n.qualified_kind());
  if (info == nullptr || !info->traits.chain) return false;
  const ir::ChainStep& op = *info->traits.chain;
  const size_t fixed_from = 1 + op.has_scalar + op.has_alpha;
  if (n.inputs().size() != fixed_from + op.fixed_args.size()) return false;
  for (size_t i = 0; i < op.fixed_args.size(); ++i) {
    if (!is_constant(n.input(fixed_from + i), op.fixed_args[i])) return false;
  }
  if (op.has_alpha) {
    const tsrt::Value* alpha = constant_of(n.input(2));
    if (!constant_number(n.input(2)) || alpha->to_double() != 1.0) return false;
  }
  out.name = op.name;
  out.scalar = 0.0;
  if (op.has_scalar) {
    if (!constant_number(n.input(1))) return false;
    const tsrt::Value* s = constant_of(n.input(1));
    // The kernel's composition passes an int scalar on as an int, so int tensors stay int.
    if (s->is_int()) out.name += "_int";
    out.scalar = s->to_double();
  }
  return true;
}

// The step after `n` in its chain: the only user of n's output, when it is a step taking that
// output as its tensor input.
ir::Node* next_in_chain(const ir::Node& n, const ir::OpCatalog& ops) {
  const ir::Value* out = n.output();
  if (out->uses().size() != 1) return nullptr;
  const ir::Use& use = out->uses()[0];
  Step ignored;
  if (use.index != 0 || use.user->owning_block() != n.owning_block() || !as_step(*use.user, ops, ignored)) {
    return nullptr;
  }
  return use.user;
}

// Fuses the chain that starts at `n`, if one does; true if it did.
bool fuse_chain_from(ir::Node* n, const ir::OpCatalog& ops, const ir::FunctionSchema* schema) {
  ir::Block& block = *n->owning_block();
  Step step;
  if (!as_step(*n, ops, step)) return false;
  // A chain starts where its tensor input is not itself the end of a chain link.
  const ir::Node* producer = n->input(0)->node();
  Step before;
  if (as_step(*producer, ops, before) && next_in_chain(*producer, ops) == n) return false;
  std::vector<ir::Node*> chain = {n};
  std::vector<Step> steps = {step};
  for (ir::Node* next = next_in_chain(*n, ops); next != nullptr; next = next_in_chain(*next, ops)) {
    Step s;
    as_step(*next, ops, s);
    chain.push_back(next);
    steps.push_back(s);
  }
  if (chain.size() < 2) return false;

  ir::Graph& graph = *block.graph();
  ir::Node* last = chain.back();
  std::vector<tsrt::Value> names, scalars;
  for (const Step& s : steps) {
    names.emplace_back(s.name);
    scalars.emplace_back(s.scalar);
  }
  ir::TypePtr str = ir::Type::get(ir::TypeKind::Str), flt = ir::Type::get(ir::TypeKind::Float);
  ir::Value* ops_value = graph.insert_constant(tsrt::Value(make_list(str, names)), ir::Type::list(str), &block, last);
  ir::Value* scalars_value =
      graph.insert_constant(tsrt::Value(make_list(flt, scalars)), ir::Type::list(flt), &block, last);
  ir::Node* fused_node = graph.create(kChainOp, {n->input(0), ops_value, scalars_value}, 1);
  fused_node->set_schema(schema);
  fused_node->set_location(last->location());
  block.insert_before(fused_node, last);
  fused_node->output()->set_type(last->output()->type());
  fused_node->output()->set_debug_name(last->output()->debug_name());
  last->output()->replace_all_uses_with(fused_node->output());
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) (*it)->destroy();
  return true;
}

int fuse_block(ir::Block& block, const ir::OpCatalog& ops, const ir::FunctionSchema* schema) {
  int fused = 0;
  ir::walk(block, [&](ir::Node& n) { fused += fuse_chain_from(&n, ops, schema); });
  return fused;
}

}  // namespace

int fuse_elementwise(ir::Graph& graph, const PassContext& context) {
  const ir::OpInfo* chain = context.ops ? context.ops->info(kChainOp) : nullptr;
  if (chain == nullptr) return 0;  // no chain op to fuse into
  return fuse_block(*graph.block(), *context.ops, &chain->schema);
}

TSRT_REGISTER_PASS("fuse-elementwise",
                   "fuses chains of unary elementwise ops (scalar add/sub/rsub/mul/div, relu, tanh, sigmoid, exp, "
                   "neg, gelu) into one loop; not in default",
                   fuse_elementwise);

}  // namespace tsrt::passes
