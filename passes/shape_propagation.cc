// Shape and dtype propagation (see shape_propagation.h): a driver. It walks the blocks, seeds
// what the graph inputs, constants, example inputs and `self`'s attributes say, joins the
// branches of If, and asks each node's shape rule, which its op carries (registered with the
// kernel: `r.add(schema, kernel).shape(rule)`, ir/shape_rule.h), through the context's catalog.
#include "passes/shape_propagation.h"

#include <algorithm>
#include <string>

#include "ir/shape_rule.h"
#include "ir/walk.h"

namespace tsrt::passes {

namespace {

using ir::Node;
using ir::norm_dim;
using ir::Sizes;
using ir::TensorFacts;
using ir::TypeKind;
using ir::TypePtr;

TensorFacts facts_of(const TypePtr& t) {
  if (t->kind != TypeKind::Tensor) return {};
  return TensorFacts{t->scalar_type, t->sizes, t->contiguous};
}

TensorFacts facts_of(const Tensor& t) {
  Sizes sizes(t.sizes().begin(), t.sizes().end());
  return TensorFacts{static_cast<int>(t.dtype()), sizes, t.is_contiguous()};
}

// What the catalog says about `n`'s op, or null (no schema, or an op the catalog lacks).
const ir::OpTraits* traits_of(const Node& n, const ir::OpCatalog* ops) {
  const ir::OpInfo* info = n.schema() && ops ? ops->info(n.schema()->qualified()) : nullptr;
  return info ? &info->traits : nullptr;
}

// In-place ops that change a tensor's sizes or strides (not only its data): their trait says so;
// an in-place op the catalog does not know ("aten::squeeze_", not a dunder builtin) may.
bool changes_metadata(const Node& n, const ir::OpCatalog* ops) {
  if (const ir::OpTraits* traits = traits_of(n, ops)) return traits->changes_metadata;
  const std::string& kind = n.kind();
  const size_t name = kind.find("::") + 2;
  return kind.rfind("aten::", 0) == 0 && kind.back() == '_' && kind.compare(name, 2, "__") != 0;
}

}  // namespace

bool always_contiguous_result(const Node& n, const ir::OpCatalog* ops) {
  if (n.kind() == "aten::contiguous") {  // depends on its memory_format argument
    const ir::Value* format = n.inputs().size() > 1 ? n.input(1) : nullptr;
    return format == nullptr || (format->node()->kind() == "prim::Constant" && format->node()->constant().is_int() &&
                                 format->node()->constant().to_int() == 0);
  }
  const ir::OpTraits* traits = traits_of(n, ops);
  return traits != nullptr && traits->contiguous_result;
}

struct ShapeInfo::Impl {
  ShapeInfo& self;
  const PassContext& context;
  bool attributes_fixed = false;  // no SetAttr or calls: GetAttr of self reads the loaded values
  std::unordered_map<const ir::Value*, ObjectPtr> objects;

  TensorFacts get(const ir::Value* v) const { return v ? facts_of(self.type(v)) : TensorFacts{}; }

  void set(const ir::Value* v, const TensorFacts& i) {
    if (v->type()->kind != TypeKind::Tensor) return;
    TypePtr t = ir::Type::tensor(i.dtype, i.sizes, i.contiguous);
    if (t->is_specialized_tensor()) self.types_[v] = t;
  }

  // One node as its shape rule sees it.
  class NodeShapes : public ir::ShapeContext {
   public:
    NodeShapes(const Node& n, Impl& impl) : ShapeContext(n), impl_(impl) {}
    using ShapeContext::set;
    using ShapeContext::set_int;
    TensorFacts tensor(const ir::Value* v) const override { return impl_.get(v); }
    std::optional<int64_t> int_value(const ir::Value* v) const override {
      return v ? impl_.self.int_value(v) : std::nullopt;
    }
    void set(size_t output, const TensorFacts& facts) override { impl_.set(node().output(output), facts); }
    void set_int(size_t output, int64_t value) override {
      if (node().output(output)->type()->kind == TypeKind::Int) impl_.self.ints_[node().output(output)] = value;
    }

   private:
    Impl& impl_;
  };

  void run(const ir::Graph& graph) {
    // A tensor whose sizes change in place invalidates everything derived from it: give up.
    if (ir::any_node(*graph.block(), [&](const Node& n) { return changes_metadata(n, context.ops); })) {
      return;
    }
    const auto& inputs = graph.inputs();
    size_t first = !inputs.empty() && inputs[0]->type()->kind == TypeKind::Class ? 1 : 0;
    if (first == 1 && context.self) {
      attributes_fixed = !ir::any_node(*graph.block(), [](const Node& n) {
        return n.kind() == "prim::SetAttr" || n.kind() == "prim::CallMethod" || n.kind() == "prim::CallFunction";
      });
      objects[inputs[0]] = context.self;
    }
    for (size_t i = 0; i < context.example_inputs.size() && first + i < inputs.size(); ++i) {
      const tsrt::Value& example = context.example_inputs[i];
      if (example.is_tensor() && example.to_tensor().defined()) set(inputs[first + i], facts_of(example.to_tensor()));
    }
    block(*graph.block());
  }

  void block(const ir::Block& b) {
    for (const Node* n : b.nodes()) node(*n);
  }

  static TensorFacts join(const TensorFacts& a, const TensorFacts& b) {
    TensorFacts out;
    if (a.dtype == b.dtype) out.dtype = a.dtype;
    if (a.sizes && b.sizes && a.sizes->size() == b.sizes->size()) {
      out.sizes = Sizes(a.sizes->size());
      for (size_t i = 0; i < a.sizes->size(); ++i) {
        if ((*a.sizes)[i] == (*b.sizes)[i]) (*out.sizes)[i] = (*a.sizes)[i];
      }
      out.contiguous = a.contiguous && b.contiguous;
    }
    return out;
  }

  void node(const Node& n) {
    const std::string& k = n.kind();
    if (k == "prim::If") {
      for (const ir::Block* b : n.blocks()) block(*b);
      for (size_t i = 0; i < n.outputs().size(); ++i) {
        set(n.output(i), join(get(n.blocks()[0]->outputs()[i]), get(n.blocks()[1]->outputs()[i])));
      }
      return;
    }
    if (!n.blocks().empty()) {  // prim::Loop and others: carried values stay as declared
      for (const ir::Block* b : n.blocks()) block(*b);
      return;
    }
    if (k == "prim::Constant") {
      const tsrt::Value& c = n.constant();
      if (c.is_tensor() && c.to_tensor().defined()) set(n.output(), facts_of(c.to_tensor()));
      if (c.is_int()) self.ints_[n.output()] = c.to_int();
      return;
    }
    if (k == "prim::GetAttr") {
      auto it = objects.find(n.input(0));
      if (!attributes_fixed || it == objects.end()) return;
      const ir::ClassType& cls = *it->second->type;
      int index = cls.attribute_index(n.name());
      if (index < 0 || static_cast<size_t>(index) >= it->second->slots.size()) return;
      const tsrt::Value& attr = it->second->slots[index];
      if (attr.is_object()) objects[n.output()] = attr.to_object();
      if (attr.is_tensor() && attr.to_tensor().defined()) set(n.output(), facts_of(attr.to_tensor()));
      return;
    }
    if (k == "prim::NumToTensor") {  // a 0-d tensor holding a number, tracked like the number
      if (n.inputs().size() != 1 || n.outputs().size() != 1) return;
      if (std::optional<int64_t> v = self.int_value(n.input(0))) self.ints_[n.output()] = *v;
      TypeKind t = n.input(0)->type()->kind;
      std::optional<int> dtype;
      if (t == TypeKind::Int) dtype = ir::kLongCode;
      if (t == TypeKind::Float) dtype = ir::kDoubleCode;
      if (t == TypeKind::Bool) dtype = ir::kBoolCode;
      set(n.output(), TensorFacts{dtype, Sizes{}, true});
      return;
    }
    const ir::OpInfo* info = n.schema() && context.ops ? context.ops->info(n.schema()->qualified()) : nullptr;
    if (info == nullptr || !info->shape) return;  // no rule: the outputs stay unknown
    NodeShapes shapes(n, *this);
    info->shape(shapes);
  }
};

ShapeInfo::ShapeInfo(const ir::Graph& graph, const PassContext& context) {
  Impl impl{*this, context};
  impl.run(graph);
}

ir::TypePtr ShapeInfo::type(const ir::Value* v) const {
  auto it = types_.find(v);
  return it == types_.end() ? v->type() : it->second;
}

std::optional<std::vector<int64_t>> ShapeInfo::sizes(const ir::Value* v) const {
  TypePtr t = type(v);
  if (t->kind != TypeKind::Tensor || !t->sizes) return std::nullopt;
  std::vector<int64_t> out;
  for (const auto& d : *t->sizes) {
    if (!d) return std::nullopt;
    out.push_back(*d);
  }
  return out;
}

std::optional<DType> ShapeInfo::dtype(const ir::Value* v) const {
  TypePtr t = type(v);
  if (t->kind != TypeKind::Tensor || !t->scalar_type) return std::nullopt;
  return static_cast<DType>(*t->scalar_type);
}

bool ShapeInfo::contiguous(const ir::Value* v) const {
  TypePtr t = type(v);
  return t->kind == TypeKind::Tensor && t->contiguous;
}

std::optional<int64_t> ShapeInfo::int_value(const ir::Value* v) const {
  if (v->node()->kind() == "prim::Constant" && v->node()->constant().is_int()) return v->node()->constant().to_int();
  auto it = ints_.find(v);
  return it == ints_.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

namespace {

// aten::size(x, d) / aten::size(x) as a constant where `info` knows the sizes, or null.
ir::Value* known_size(ir::Graph& graph, Node& n, const ShapeInfo& info) {
  if (n.kind() != "aten::size" || n.outputs().size() != 1) return nullptr;
  ir::Block* block = n.owning_block();
  if (n.inputs().size() == 2 && n.output()->type()->kind == TypeKind::Int) {
    TypePtr t = info.type(n.input(0));
    std::optional<int64_t> dim = info.int_value(n.input(1));
    if (!t->sizes || !dim) return nullptr;
    std::optional<int64_t> d = norm_dim(dim, t->sizes->size());
    if (!d || t->sizes->empty() || !(*t->sizes)[*d]) return nullptr;
    return graph.insert_constant(tsrt::Value(*(*t->sizes)[*d]), ir::Type::get(TypeKind::Int), block, &n);
  }
  if (n.inputs().size() == 1 && n.output()->type()->kind == TypeKind::List) {
    std::optional<std::vector<int64_t>> sizes = info.sizes(n.input(0));
    if (!sizes) return nullptr;
    std::vector<tsrt::Value> items(sizes->begin(), sizes->end());
    TypePtr int_type = ir::Type::get(TypeKind::Int);
    return graph.insert_constant(tsrt::Value(make_list(int_type, std::move(items))), ir::Type::list(int_type), block,
                                 &n);
  }
  return nullptr;
}

int set_types(ir::Block& block, const ShapeInfo& info) {
  int changed = 0;
  auto update = [&](ir::Value* v) {
    TypePtr t = info.type(v);
    if (t != v->type() && !(*t == *v->type())) {
      v->set_type(t);
      ++changed;
    }
  };
  for (ir::Value* v : block.inputs()) update(v);
  ir::walk(block, [&](Node& n) {
    for (ir::Value* v : n.outputs()) update(v);
    for (ir::Block* b : n.blocks()) {
      for (ir::Value* v : b->inputs()) update(v);
    }
  });
  return changed;
}

}  // namespace

int replace_known_sizes(ir::Graph& graph, const ShapeInfo& info) {
  int rewrites = 0;
  ir::walk(*graph.block(), [&](Node& n) {
    ir::Value* replacement = known_size(graph, n, info);
    if (replacement == nullptr) return;
    replacement->set_debug_name(n.output()->debug_name());
    n.output()->replace_all_uses_with(replacement);
    n.destroy();
    ++rewrites;
  });
  return rewrites;
}

int propagate_shapes(ir::Graph& graph, const PassContext& context) {
  ShapeInfo info(graph, context);
  int rewrites = set_types(*graph.block(), info);
  return rewrites + replace_known_sizes(graph, info);
}

TSRT_REGISTER_PASS("shape-prop",
                   "propagates tensor dtypes and sizes (specialised to example inputs if given); constant aten::size",
                   propagate_shapes);

}  // namespace tsrt::passes
