// Freezing: specialises a method to the module instance it runs on. Chains of prim::GetAttr
// starting at `self` (graph input 0) are followed through the object tree, and every attribute
// that holds plain data (tensor, int, float, bool, str, None, Device, or lists/tuples of those,
// `training` included) becomes a prim::Constant holding that very value: tensors are shared,
// never copied, so freezing costs no memory. Submodules used as objects stay GetAttr.
//
// Freezing is only right for attributes whose value cannot change while the model is used:
//   * an attribute assigned by prim::SetAttr (in this graph, in a callee it still calls, or in
//     an already emitted method of any class in the tree) is left alone; names are matched
//     without looking at the object, which is conservative and needs no alias analysis;
//   * methods are emitted lazily, so some may not be visible yet (an exported `eval()` that
//     sets self.training): then only parameters and buffers are frozen, on the assumption
//     torch.jit.freeze makes too (it drops the other methods) that no method rebinds them;
//   * a tensor or list that some op may write into (an in-place op, list.append, a call it is
//     passed to: MutationInfo in passes/side_effects.h) is left alone, and so is every other
//     attribute sharing its memory (tied weights), and any attribute of that name that another
//     emitted method writes into (freezing would be right, as the constant is the same tensor,
//     but fold would then compute with the old contents);
//   * when calls remain (inlining stops at recursion and interface calls), the callee could
//     write into any tensor or list it reaches from self, so only immutable values (numbers,
//     strings, None) are frozen, and nothing if a callee is not known statically.
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "ir/walk.h"
#include "passes/pass.h"
#include "passes/side_effects.h"

namespace tsrt::passes {

namespace {

bool is_call(const ir::Node& n) { return n.kind() == "prim::CallMethod" || n.kind() == "prim::CallFunction"; }

// Collects the attribute names assigned in `block` and in everything it calls. Returns false if
// some callee is unknown (only known at run time), so anything may be assigned.
bool collect_assigned(const ir::Block& block, std::set<std::string>& names, std::set<const ir::Graph*>& seen,
                      bool& has_calls) {
  for (const ir::Node* n : block.nodes()) {
    if (n->kind() == "prim::SetAttr") names.insert(n->name());
    if (is_call(*n)) {
      has_calls = true;
      const ir::Function* callee = n->callee();
      if (callee == nullptr || !callee->graph) return false;
      if (seen.insert(callee->graph.get()).second &&
          !collect_assigned(*callee->graph->block(), names, seen, has_calls)) {
        return false;
      }
    }
    for (const ir::Block* b : n->blocks()) {
      if (!collect_assigned(*b, names, seen, has_calls)) return false;
    }
  }
  return true;
}

// Names of attributes whose tensor or list `graph` may write into (self.buf.add_(1) in a
// reset() method): folding a frozen buffer would miss those writes. Values passed to calls do
// not count, as every emitted method is looked at on its own; a function writing into a
// tensor it was passed is thus not seen (rare in models).
void collect_written(const ir::Graph& graph, std::set<std::string>& names) {
  MutationInfo mutation(graph, /*calls_write=*/false);
  ir::walk(*graph.block(), [&](const ir::Node& n) {
    if (n.kind() == "prim::GetAttr" && mutation.may_be_mutated(n.output())) names.insert(n.name());
  });
}

// Attribute names assigned (`names`) or written into (`written`) by methods already emitted for
// any class in the object tree. Returns false if a callee is unknown; `all_visible` says
// whether every method was emitted.
bool collect_assigned_in_tree(const ObjectPtr& root, std::set<std::string>& names, std::set<std::string>& written,
                              bool& all_visible) {
  std::set<const Object*> visited;
  std::set<const ir::Graph*> seen;
  std::vector<ObjectPtr> pending{root};
  bool unused_calls = false;
  while (!pending.empty()) {
    ObjectPtr obj = pending.back();
    pending.pop_back();
    if (!obj || !visited.insert(obj.get()).second) continue;
    if (obj->type) {
      for (const auto& [name, method] : obj->type->methods) {
        if (!method || !method->graph) all_visible = false;
        if (!method || !method->graph || !seen.insert(method->graph.get()).second) continue;
        if (!collect_assigned(*method->graph->block(), names, seen, unused_calls)) return false;
        collect_written(*method->graph, written);
      }
    }
    for (const tsrt::Value& slot : obj->slots) {
      if (slot.is_object()) pending.push_back(slot.to_object());
    }
  }
  return true;
}

// Plain data a constant can hold.
bool is_plain_data(const tsrt::Value& v) {
  switch (v.tag()) {
    case tsrt::Value::Tag::Tensor: return v.to_tensor().defined();
    case tsrt::Value::Tag::None:
    case tsrt::Value::Tag::Int:
    case tsrt::Value::Tag::Double:
    case tsrt::Value::Tag::Bool:
    case tsrt::Value::Tag::String:
    case tsrt::Value::Tag::Device:
      return true;
    case tsrt::Value::Tag::List:
      for (const tsrt::Value& item : v.to_list()->items) {
        if (!is_plain_data(item)) return false;
      }
      return true;
    case tsrt::Value::Tag::Tuple:
      for (const tsrt::Value& item : v.to_tuple()->items) {
        if (!is_plain_data(item)) return false;
      }
      return true;
    default:
      return false;
  }
}

bool is_immutable(const tsrt::Value& v) { return !v.is_tensor() && !v.is_list() && !v.is_tuple(); }

// The constant's type: exact for leaves (an Optional[Tensor] attribute holding a tensor is a
// Tensor constant), the declared type for containers (minus Optional).
ir::TypePtr constant_type(const tsrt::Value& v, const ir::TypePtr& declared) {
  using K = ir::TypeKind;
  switch (v.tag()) {
    case tsrt::Value::Tag::Tensor: return ir::Type::get(K::Tensor);
    case tsrt::Value::Tag::None: return ir::Type::get(K::None);
    case tsrt::Value::Tag::Int: return ir::Type::get(K::Int);
    case tsrt::Value::Tag::Double: return ir::Type::get(K::Float);
    case tsrt::Value::Tag::Bool: return ir::Type::get(K::Bool);
    case tsrt::Value::Tag::String: return ir::Type::get(K::Str);
    case tsrt::Value::Tag::Device: return ir::Type::get(K::Device);
    default:
      return declared->kind == K::Optional ? declared->contained.at(0) : declared;
  }
}

struct Candidate {
  ir::Node* node;
  tsrt::Value value;
  bool is_parameter_or_buffer;
};

void resolve(ir::Block& block, std::unordered_map<const ir::Value*, ObjectPtr>& objects,
             std::vector<Candidate>& candidates, std::vector<ir::Node*>& object_reads) {
  // Program order (an object's GetAttr before the GetAttrs of its attributes).
  ir::walk(block, [&](ir::Node& node) {
    ir::Node* n = &node;
    if (n->kind() != "prim::GetAttr" || n->inputs().size() != 1) return;
    auto owner = objects.find(n->input(0));
    if (owner == objects.end() || !owner->second->type) return;
    int slot = owner->second->type->attribute_index(n->name());
    if (slot < 0 || static_cast<size_t>(slot) >= owner->second->slots.size()) return;
    const tsrt::Value& value = owner->second->slots[slot];
    if (value.is_object()) {
      objects[n->output()] = value.to_object();
      object_reads.push_back(n);
    } else if (is_plain_data(value)) {
      const ir::ClassType::Attribute& attr = owner->second->type->attributes[slot];
      candidates.push_back({n, value, attr.is_parameter || attr.is_buffer});
    }
  });
}

}  // namespace

int freeze(ir::Graph& graph, const PassContext& context) {
  if (!context.self || graph.inputs().empty()) return 0;
  std::set<std::string> assigned;
  std::set<const ir::Graph*> seen{&graph};
  bool has_calls = false;
  if (!collect_assigned(*graph.block(), assigned, seen, has_calls)) return 0;
  bool all_visible = true;
  std::set<std::string> written_elsewhere;
  if (!collect_assigned_in_tree(context.self, assigned, written_elsewhere, all_visible)) return 0;

  std::unordered_map<const ir::Value*, ObjectPtr> objects{{graph.inputs()[0], context.self}};
  std::vector<Candidate> candidates;
  std::vector<ir::Node*> object_reads;
  resolve(*graph.block(), objects, candidates, object_reads);

  // Memory some op may write into, through any attribute that reads it.
  MutationInfo mutation(graph);
  std::unordered_set<const void*> written;
  for (const Candidate& c : candidates) {
    if (is_immutable(c.value) || !mutation.may_be_mutated(c.node->output())) continue;
    std::vector<const void*> ids;
    mutable_identities(c.value, ids);
    written.insert(ids.begin(), ids.end());
  }

  int frozen = 0;
  for (const Candidate& c : candidates) {
    if (assigned.count(c.node->name()) || (!all_visible && !c.is_parameter_or_buffer)) continue;
    if (!is_immutable(c.value)) {
      if (has_calls || written_elsewhere.count(c.node->name())) continue;
      std::vector<const void*> ids;
      mutable_identities(c.value, ids);
      bool shares_written = false;
      for (const void* id : ids) shares_written |= written.count(id) > 0;
      if (shares_written) continue;
    }
    ir::Node* n = c.node;
    ir::Value* constant = graph.insert_constant(c.value, constant_type(c.value, n->output()->type()),
                                                n->owning_block(), n);
    constant->node()->set_location(n->location());
    constant->set_debug_name(n->output()->debug_name());
    n->output()->replace_all_uses_with(constant);
    n->destroy();
    ++frozen;
  }
  // Reads of submodules that only led to frozen attributes are dead now (innermost first).
  for (auto it = object_reads.rbegin(); it != object_reads.rend(); ++it) {
    if ((*it)->is_alive() && !(*it)->output()->has_uses()) (*it)->destroy();
  }
  return frozen;
}

TSRT_REGISTER_PASS("freeze", "turns attributes of self (parameters, buffers, training, ...) into constants", freeze);

}  // namespace tsrt::passes
