// Shape and dtype propagation (see shape_propagation.h). Every rule below follows what stock
// torch returns for the op: result sizes, the dtype after torch's type promotion, and whether
// the result is contiguous. A rule that cannot be sure leaves that part unknown.
#include "passes/shape_propagation.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <string>

namespace tsrt::passes {

namespace {

using Sizes = std::vector<std::optional<int64_t>>;
using ir::Node;
using ir::TypeKind;
using ir::TypePtr;

constexpr int kFloat = static_cast<int>(DType::Float32);  // torch's default dtype
constexpr int kDouble = static_cast<int>(DType::Float64);
constexpr int kLong = static_cast<int>(DType::Int64);
constexpr int kBool = static_cast<int>(DType::Bool);

// What is known about one tensor.
struct Info {
  std::optional<int> dtype;
  std::optional<Sizes> sizes;
  bool contiguous = false;
};

Info info_of(const TypePtr& t) {
  if (t->kind != TypeKind::Tensor) return {};
  return Info{t->scalar_type, t->sizes, t->contiguous};
}

Info info_of(const Tensor& t) {
  Sizes sizes(t.sizes().begin(), t.sizes().end());
  return Info{static_cast<int>(t.dtype()), sizes, t.is_contiguous()};
}

int category(int dtype) {
  DType d = static_cast<DType>(dtype);
  if (d == DType::Bool) return 0;
  return is_floating(d) ? 2 : 1;
}

int promote(int a, int b) { return static_cast<int>(promote_types(static_cast<DType>(a), static_cast<DType>(b))); }

// One operand of torch's result_type: a tensor with dims, a 0-d tensor, or a wrapped number
// (a Python scalar, or a tensor made by prim::NumToTensor).
struct Operand {
  std::optional<int> dtype;
  enum Level { Unknown, Wrapped, ZeroDim, Dim } level;
};

std::optional<int> result_type(const std::vector<Operand>& operands) {
  bool all_equal = true;
  for (const Operand& o : operands) {
    if (!o.dtype) return std::nullopt;
    all_equal &= *o.dtype == *operands[0].dtype;
  }
  if (all_equal) return operands.empty() ? std::nullopt : operands[0].dtype;
  std::optional<int> level[4];
  for (const Operand& o : operands) {
    if (o.level == Operand::Unknown) return std::nullopt;
    level[o.level] = level[o.level] ? promote(*level[o.level], *o.dtype) : *o.dtype;
  }
  std::optional<int> result = level[Operand::Dim];
  if (level[Operand::ZeroDim] && (!result || category(*level[Operand::ZeroDim]) > category(*result))) {
    result = level[Operand::ZeroDim];
  }
  if (std::optional<int> w = level[Operand::Wrapped]) {
    if (!result) return w;
    if (category(*w) > category(*result)) return category(*w) == 2 ? kFloat : kLong;
  }
  return result;
}

std::optional<Sizes> broadcast(const std::vector<const Sizes*>& shapes) {
  size_t rank = 0;
  for (const Sizes* s : shapes) {
    if (s == nullptr) return std::nullopt;
    rank = std::max(rank, s->size());
  }
  Sizes out(rank, int64_t{1});
  for (size_t i = 0; i < rank; ++i) {
    std::optional<int64_t> dim = int64_t{1};
    bool unknown = false;
    for (const Sizes* s : shapes) {
      if (i >= s->size()) continue;
      const auto& d = (*s)[s->size() - 1 - i];
      if (!d) {
        unknown = true;
      } else if (*d != 1) {
        dim = d;
      }
    }
    // An unknown size broadcasts to the known one unless that is 1.
    out[rank - 1 - i] = (unknown && dim == int64_t{1}) ? std::nullopt : dim;
  }
  return out;
}

// Normalises a possibly negative dim against `rank`; nullopt if out of range.
std::optional<int64_t> norm_dim(std::optional<int64_t> d, size_t rank) {
  if (!d) return std::nullopt;
  int64_t r = static_cast<int64_t>(rank);
  int64_t v = *d < 0 ? *d + r : *d;
  if (v < 0 || v >= std::max<int64_t>(r, 1)) return std::nullopt;
  return v;
}

std::optional<int64_t> numel(const Sizes& s) {
  int64_t n = 1;
  for (const auto& d : s) {
    if (!d) return std::nullopt;
    n *= *d;
  }
  return n;
}

// In-place ops that change a tensor's sizes or strides (not only its data).
bool changes_metadata(const std::string& kind) {
  static const char* const kinds[] = {"aten::resize_", "aten::resize_as_", "aten::set_", "aten::unsqueeze_",
                                      "aten::squeeze_", "aten::transpose_", "aten::t_", "aten::swapdims_",
                                      "aten::swapaxes_", "aten::as_strided_", "aten::squeeze_.dim"};
  return std::find(std::begin(kinds), std::end(kinds), kind) != std::end(kinds);
}

bool any_node(const ir::Block& b, const std::function<bool(const Node&)>& pred) {
  for (const Node* n : b.nodes()) {
    if (pred(*n)) return true;
    for (const ir::Block* inner : n->blocks()) {
      if (any_node(*inner, pred)) return true;
    }
  }
  return false;
}

}  // namespace

bool always_contiguous_result(const Node& n) {
  static const char* const kinds[] = {"aten::linear", "aten::mm", "aten::bmm", "aten::addmm", "aten::layer_norm",
                                      "aten::embedding", "aten::ones", "aten::zeros", "aten::empty",
                                      "prim::NumToTensor", "aten::arange", "aten::tensor"};
  const std::string& k = n.kind();
  if (k == "aten::contiguous") {
    const ir::Value* format = n.inputs().size() > 1 ? n.input(1) : nullptr;
    return format == nullptr || (format->node()->kind() == "prim::Constant" && format->node()->constant().is_int() &&
                                 format->node()->constant().to_int() == 0);
  }
  return std::find(std::begin(kinds), std::end(kinds), k) != std::end(kinds);
}

struct ShapeInfo::Impl {
  ShapeInfo& self;
  const PassContext& context;
  bool attributes_fixed = false;  // no SetAttr or calls: GetAttr of self reads the loaded values
  std::unordered_map<const ir::Value*, ObjectPtr> objects;

  Info get(const ir::Value* v) const { return info_of(self.type(v)); }

  void set(const ir::Value* v, const Info& i) {
    if (v->type()->kind != TypeKind::Tensor) return;
    TypePtr t = ir::Type::tensor(i.dtype, i.sizes, i.contiguous);
    if (t->is_specialized_tensor()) self.types_[v] = t;
  }

  const tsrt::Value* constant(const ir::Value* v) const {
    return v && v->node()->kind() == "prim::Constant" ? &v->node()->constant() : nullptr;
  }
  bool is_none(const ir::Value* v) const {
    const tsrt::Value* c = constant(v);
    return v == nullptr || (c && c->is_none());
  }
  std::optional<int64_t> int_of(const ir::Value* v) const { return v ? self.int_value(v) : std::nullopt; }
  std::optional<int> dtype_of(const ir::Value* v) const {
    std::optional<int64_t> code = int_of(v);
    if (!code) return std::nullopt;
    return static_cast<int>(*code);
  }
  std::optional<bool> bool_of(const ir::Value* v) const {
    const tsrt::Value* c = constant(v);
    if (c && c->is_bool()) return c->to_bool();
    return std::nullopt;
  }
  std::optional<Sizes> int_list(const ir::Value* v) const {
    if (v == nullptr) return std::nullopt;
    if (const tsrt::Value* c = constant(v)) {
      if (c->is_int()) return Sizes{c->to_int()};
      if (!c->is_list()) return std::nullopt;
      Sizes out;
      for (const tsrt::Value& item : c->to_list()->items) {
        if (!item.is_int()) return std::nullopt;
        out.push_back(item.to_int());
      }
      return out;
    }
    if (v->node()->kind() == "prim::ListConstruct") {
      Sizes out;
      for (const ir::Value* item : v->node()->inputs()) out.push_back(int_of(item));
      return out;
    }
    return std::nullopt;
  }

  // The input bound to the schema argument `name`, or null.
  static const ir::Value* arg(const Node& n, const char* name) {
    if (!n.schema()) return nullptr;
    const auto& args = n.schema()->arguments;
    for (size_t i = 0; i < args.size() && i < n.inputs().size(); ++i) {
      if (args[i].name == name) return n.input(i);
    }
    return nullptr;
  }

  Operand operand(const ir::Value* v) const {
    const TypePtr& t = v->type();
    switch (t->kind) {
      case TypeKind::Int: return {kLong, Operand::Wrapped};
      case TypeKind::Float: return {kDouble, Operand::Wrapped};
      case TypeKind::Bool: return {kBool, Operand::Wrapped};
      case TypeKind::Tensor: break;
      default: return {std::nullopt, Operand::Unknown};
    }
    Info i = get(v);
    if (v->node()->kind() == "prim::NumToTensor") return {i.dtype, Operand::Wrapped};
    if (!i.sizes) return {i.dtype, Operand::Unknown};
    return {i.dtype, i.sizes->empty() ? Operand::ZeroDim : Operand::Dim};
  }

  void run(const ir::Graph& graph) {
    // A tensor whose sizes change in place invalidates everything derived from it: give up.
    if (any_node(*graph.block(), [](const Node& n) { return changes_metadata(n.qualified_kind()) || changes_metadata(n.kind()); })) {
      return;
    }
    const auto& inputs = graph.inputs();
    size_t first = !inputs.empty() && inputs[0]->type()->kind == TypeKind::Class ? 1 : 0;
    if (first == 1 && context.self) {
      attributes_fixed = !any_node(*graph.block(), [](const Node& n) {
        return n.kind() == "prim::SetAttr" || n.kind() == "prim::CallMethod" || n.kind() == "prim::CallFunction";
      });
      objects[inputs[0]] = context.self;
    }
    for (size_t i = 0; i < context.example_inputs.size() && first + i < inputs.size(); ++i) {
      const tsrt::Value& example = context.example_inputs[i];
      if (example.is_tensor() && example.to_tensor().defined()) set(inputs[first + i], info_of(example.to_tensor()));
    }
    block(*graph.block());
  }

  void block(const ir::Block& b) {
    for (const Node* n : b.nodes()) node(*n);
  }

  static Info join(const Info& a, const Info& b) {
    Info out;
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
      if (c.is_tensor() && c.to_tensor().defined()) set(n.output(), info_of(c.to_tensor()));
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
      if (attr.is_tensor() && attr.to_tensor().defined()) set(n.output(), info_of(attr.to_tensor()));
      return;
    }
    if (n.outputs().size() != 1) return;
    if (n.output()->type()->kind == TypeKind::Int || (k == "prim::NumToTensor")) {
      if (std::optional<int64_t> v = integer(n)) self.ints_[n.output()] = *v;
    }
    if (n.output()->type()->kind == TypeKind::Tensor) set(n.output(), tensor(n));
  }

  // Integer arithmetic on sizes (traced models compute shapes with it).
  std::optional<int64_t> integer(const Node& n) const {
    const std::string& k = n.kind();
    if (k == "aten::size" && n.inputs().size() == 2) {
      Info x = get(n.input(0));
      if (!x.sizes) return std::nullopt;
      std::optional<int64_t> d = norm_dim(int_of(n.input(1)), x.sizes->size());
      return d ? (*x.sizes)[*d] : std::nullopt;
    }
    if (k == "aten::dim") {
      Info x = get(n.input(0));
      return x.sizes ? std::optional<int64_t>(static_cast<int64_t>(x.sizes->size())) : std::nullopt;
    }
    if ((k == "prim::NumToTensor" || k == "aten::Int" || k == "aten::ScalarImplicit") && n.inputs().size() == 1) {
      return int_of(n.input(0));
    }
    if (n.inputs().size() < 2) return std::nullopt;
    std::optional<int64_t> a = int_of(n.input(0)), b = int_of(n.input(1));
    if (!a || !b) return std::nullopt;
    // Tensor forms only between two tracked 0-d integer tensors, with alpha absent or 1.
    if (n.inputs().size() > 2 && int_of(n.input(2)) != int64_t{1}) return std::nullopt;
    if (k == "aten::add") return *a + *b;
    if (k == "aten::sub") return *a - *b;
    if (k == "aten::mul") return *a * *b;
    if (k == "aten::floordiv" && *b != 0) {
      int64_t q = *a / *b;
      return (*a % *b != 0 && ((*a < 0) != (*b < 0))) ? q - 1 : q;
    }
    return std::nullopt;
  }

  Info tensor(const Node& n) {
    const std::string& k = n.kind();
    const ir::Value* x = n.inputs().empty() ? nullptr : n.input(0);
    Info in = x && x->type()->kind == TypeKind::Tensor ? get(x) : Info{};

    // Same sizes and dtype (in-place ops return self).
    static const char* const same[] = {"aten::relu", "aten::relu_", "aten::neg", "aten::abs", "aten::clamp_",
                                       "aten::hardtanh_", "aten::leaky_relu_", "aten::dropout", "aten::dropout_",
                                       "aten::feature_dropout", "aten::detach", "aten::clone", "aten::batch_norm",
                                       "aten::hardswish_", "aten::masked_fill_",
                                       "aten::add_", "aten::sub_", "aten::mul_", "aten::div_", "aten::copy_",
                                       "aten::fill_", "aten::zero_", "aten::index_put_"};
    // Same sizes; the dtype kept for floating inputs only (others may promote).
    static const char* const floating[] = {"aten::clamp", "aten::hardtanh", "aten::relu6", "aten::leaky_relu",
                                           "aten::elu", "aten::hardswish", "aten::tanh", "aten::tanh_", "aten::sigmoid", "aten::sigmoid_",
                                           "aten::exp", "aten::log", "aten::sqrt", "aten::rsqrt", "aten::erf",
                                           "aten::gelu", "aten::silu", "aten::silu_", "aten::sin", "aten::cos",
                                           "aten::hardsigmoid", "aten::softplus", "aten::mish"};
    auto in_list = [&](const auto& list) { return std::find(std::begin(list), std::end(list), k) != std::end(list); };
    if (in_list(same)) {
      if (k == "aten::clone" && !is_none(arg(n, "memory_format"))) in.contiguous = false;
      return in;
    }
    if (in_list(floating)) {
      if (in.dtype && category(*in.dtype) != 2) in.dtype.reset();
      return in;
    }
    if (k == "aten::softmax" || k == "aten::log_softmax") {
      const ir::Value* dtype = arg(n, "dtype");
      if (!is_none(dtype)) in.dtype = dtype_of(dtype);
      if (in.dtype && category(*in.dtype) != 2) in.dtype.reset();
      return in;
    }
    if (k == "aten::add" || k == "aten::sub" || k == "aten::mul" || k == "aten::div" || k == "aten::rsub" ||
        k == "aten::maximum" || k == "aten::minimum" || k == "aten::eq" || k == "aten::ne" || k == "aten::lt" ||
        k == "aten::le" || k == "aten::gt" || k == "aten::ge" || k == "aten::where" || k == "aten::masked_fill") {
      return elementwise(n);
    }
    if (k == "prim::NumToTensor") {
      TypeKind t = x->type()->kind;
      std::optional<int> dtype;
      if (t == TypeKind::Int) dtype = kLong;
      if (t == TypeKind::Float) dtype = kDouble;
      if (t == TypeKind::Bool) dtype = kBool;
      return Info{dtype, Sizes{}, true};
    }
    if (k == "aten::to" || k == "aten::type_as") {
      const ir::Value* dtype = arg(n, "dtype");
      const ir::Value* other = k == "aten::type_as" ? n.input(1) : arg(n, "other");
      const ir::Value* format = arg(n, "memory_format");
      if (other) {
        in.dtype = get(other).dtype;
      } else if (!is_none(dtype)) {
        in.dtype = dtype_of(dtype);
      }
      if (!is_none(format)) in.contiguous = false;
      return in;
    }
    if (k == "aten::contiguous") {
      in.contiguous = always_contiguous_result(n);
      return in;
    }
    if (k == "aten::ones" || k == "aten::zeros" || k == "aten::empty" || k == "aten::ones_like" ||
        k == "aten::zeros_like" || k == "aten::empty_like") {
      bool like = k.size() > 5 && k.compare(k.size() - 5, 5, "_like") == 0;
      Info out;
      out.sizes = like ? in.sizes : int_list(arg(n, "size"));
      out.contiguous = like ? in.contiguous && is_none(arg(n, "memory_format")) : true;
      const ir::Value* dtype = arg(n, "dtype");
      out.dtype = !is_none(dtype) ? dtype_of(dtype) : like ? in.dtype : std::optional<int>(kFloat);
      return out;
    }
    if (k == "aten::linear" || k == "aten::matmul" || k == "aten::mm" || k == "aten::bmm" || k == "aten::addmm") {
      return matmul(n);
    }
    if (k == "aten::layer_norm") return Info{in.dtype, in.sizes, true};
    if (k == "aten::embedding") {
      Info weight = in, indices = get(n.input(1));
      Info out{weight.dtype, std::nullopt, true};
      if (indices.sizes && weight.sizes && weight.sizes->size() == 2) {
        out.sizes = indices.sizes;
        out.sizes->push_back((*weight.sizes)[1]);
      }
      return out;
    }
    if (k == "aten::view" || k == "aten::reshape") return view(in, int_list(n.input(1)));
    if (k == "aten::flatten") return flatten(n, in);
    if (k == "aten::permute" || k == "aten::transpose" || k == "aten::t") return permute(n, in);
    if (k == "aten::unsqueeze" || k == "aten::squeeze") return squeeze(n, in);
    if (k == "aten::slice" || k == "aten::select") return slice(n, in);
    if (k == "aten::expand") {
      std::optional<Sizes> target = int_list(n.input(1));
      Info out{in.dtype, std::nullopt, false};
      if (target && in.sizes && target->size() >= in.sizes->size()) {
        out.sizes = target;
        size_t lead = target->size() - in.sizes->size();
        for (size_t i = 0; i < target->size(); ++i) {
          if ((*target)[i] == int64_t{-1}) (*out.sizes)[i] = i >= lead ? (*in.sizes)[i - lead] : std::nullopt;
        }
      }
      return out;
    }
    if (k == "aten::cat") return cat(n);
    if (k == "aten::conv1d" || k == "aten::conv2d" || k == "aten::conv3d" || k == "aten::_convolution" ||
        k == "aten::convolution") {
      return convolution(n, in);
    }
    if (k == "aten::max_pool1d" || k == "aten::max_pool2d" || k == "aten::max_pool3d" || k == "aten::avg_pool1d" ||
        k == "aten::avg_pool2d" || k == "aten::avg_pool3d") {
      return pool(n, in);
    }
    if (k == "aten::adaptive_avg_pool1d" || k == "aten::adaptive_avg_pool2d" || k == "aten::adaptive_avg_pool3d") {
      std::optional<Sizes> out_size = int_list(arg(n, "output_size"));
      Info out{in.dtype, std::nullopt, in.contiguous};
      if (in.sizes && out_size && out_size->size() <= in.sizes->size()) {
        out.sizes = in.sizes;
        size_t lead = in.sizes->size() - out_size->size();
        for (size_t i = 0; i < out_size->size(); ++i) (*out.sizes)[lead + i] = (*out_size)[i];
      }
      return out;
    }
    return {};
  }

  Info elementwise(const Node& n) {
    const std::string& k = n.kind();
    std::vector<const ir::Value*> operands;
    if (k == "aten::where") {
      operands = {n.input(1), n.input(2)};
    } else if (k == "aten::masked_fill") {
      operands = {n.input(0)};
    } else {
      operands = {n.input(0), n.input(1)};
    }
    std::vector<Operand> promoted;
    for (const ir::Value* v : operands) promoted.push_back(operand(v));
    Info out;
    out.dtype = result_type(promoted);
    bool comparison = k == "aten::eq" || k == "aten::ne" || k == "aten::lt" || k == "aten::le" || k == "aten::gt" ||
                      k == "aten::ge";
    if (comparison) out.dtype = kBool;
    if (k == "aten::div" && out.dtype && category(*out.dtype) != 2 && is_none(arg(n, "rounding_mode"))) {
      out.dtype = kFloat;  // true division of integers
    }
    std::vector<const Sizes*> shapes;
    std::vector<Info> infos;
    out.contiguous = true;
    for (const ir::Value* v : n.inputs()) {
      if (v->type()->kind != TypeKind::Tensor) continue;
      infos.push_back(get(v));
    }
    for (const Info& i : infos) {
      shapes.push_back(i.sizes ? &*i.sizes : nullptr);
      out.contiguous &= i.contiguous;
    }
    out.sizes = broadcast(shapes);
    return out;
  }

  Info matmul(const Node& n) {
    const std::string& k = n.kind();
    if (k == "aten::addmm") {
      Info a = get(n.input(1)), b = get(n.input(2));
      Info out{result_type({operand(n.input(0)), operand(n.input(1)), operand(n.input(2))}), std::nullopt, true};
      if (a.sizes && b.sizes && a.sizes->size() == 2 && b.sizes->size() == 2) out.sizes = Sizes{(*a.sizes)[0], (*b.sizes)[1]};
      return out;
    }
    Info a = get(n.input(0)), b = get(n.input(1));
    Info out{a.dtype == b.dtype ? a.dtype : std::nullopt, std::nullopt, true};
    if (!a.sizes || !b.sizes) {
      out.contiguous = k != "aten::matmul";
      return out;
    }
    const Sizes& sa = *a.sizes;
    const Sizes& sb = *b.sizes;
    if (k == "aten::linear") {
      if (sb.size() != 2 || sa.empty()) return out;
      out.sizes = Sizes(sa.begin(), sa.end() - 1);
      out.sizes->push_back(sb[0]);
      return out;
    }
    if (sa.empty() || sb.empty()) return out;
    if (sa.size() == 1 && sb.size() == 1) {
      out.sizes = Sizes{};
    } else if (sb.size() == 1) {
      out.sizes = Sizes(sa.begin(), sa.end() - 1);
    } else if (sa.size() == 1) {
      out.sizes = Sizes(sb.begin(), sb.end() - 2);
      out.sizes->push_back(sb.back());
    } else {
      Sizes ba(sa.begin(), sa.end() - 2), bb(sb.begin(), sb.end() - 2);
      std::optional<Sizes> batch = broadcast({&ba, &bb});
      out.sizes = batch;
      out.sizes->push_back(sa[sa.size() - 2]);
      out.sizes->push_back(sb.back());
    }
    // torch may compute a 2-d @ batched product as a transposed one: only then is it strided.
    if (k == "aten::matmul" && sa.size() <= 2 && sb.size() >= 3) out.contiguous = false;
    return out;
  }

  Info view(Info in, std::optional<Sizes> target) const {
    Info out{in.dtype, std::nullopt, in.contiguous};
    if (!target) return out;
    std::optional<int64_t> total = in.sizes ? numel(*in.sizes) : std::nullopt;
    int64_t known = 1;
    int infer = -1;
    for (size_t i = 0; i < target->size(); ++i) {
      if ((*target)[i] == int64_t{-1}) {
        infer = static_cast<int>(i);
      } else if ((*target)[i]) {
        known *= *(*target)[i];
      } else {
        known = -1;
      }
    }
    if (infer >= 0) {
      (*target)[infer] = total && known > 0 ? std::optional<int64_t>(*total / known) : std::nullopt;
    }
    out.sizes = target;
    return out;
  }

  Info flatten(const Node& n, Info in) const {
    Info out{in.dtype, std::nullopt, in.contiguous};
    if (!in.sizes) return out;
    if (in.sizes->empty()) {
      out.sizes = Sizes{int64_t{1}};
      return out;
    }
    std::optional<int64_t> start = norm_dim(int_of(arg(n, "start_dim")), in.sizes->size());
    std::optional<int64_t> end = norm_dim(int_of(arg(n, "end_dim")), in.sizes->size());
    if (!start || !end || *start > *end) return out;
    Sizes s(in.sizes->begin(), in.sizes->begin() + *start);
    s.push_back(numel(Sizes(in.sizes->begin() + *start, in.sizes->begin() + *end + 1)));
    s.insert(s.end(), in.sizes->begin() + *end + 1, in.sizes->end());
    out.sizes = s;
    return out;
  }

  Info permute(const Node& n, Info in) const {
    Info out{in.dtype, std::nullopt, false};
    if (!in.sizes) return out;
    size_t rank = in.sizes->size();
    std::vector<int64_t> order(rank);
    for (size_t i = 0; i < rank; ++i) order[i] = static_cast<int64_t>(i);
    if (n.kind() == "aten::permute") {
      std::optional<Sizes> dims = int_list(n.input(1));
      if (!dims || dims->size() != rank) return out;
      for (size_t i = 0; i < rank; ++i) {
        std::optional<int64_t> d = norm_dim((*dims)[i], rank);
        if (!d) return out;
        order[i] = *d;
      }
    } else if (n.kind() == "aten::t") {
      if (rank == 2) std::swap(order[0], order[1]);
    } else {
      std::optional<int64_t> a = norm_dim(int_of(n.input(1)), rank), b = norm_dim(int_of(n.input(2)), rank);
      if (!a || !b) return out;
      if (rank > 0) std::swap(order[*a], order[*b]);
    }
    Sizes s(rank);
    bool identity = true;
    for (size_t i = 0; i < rank; ++i) {
      s[i] = (*in.sizes)[order[i]];
      identity &= order[i] == static_cast<int64_t>(i);
    }
    out.sizes = s;
    out.contiguous = identity && in.contiguous;
    return out;
  }

  Info squeeze(const Node& n, Info in) const {
    Info out{in.dtype, std::nullopt, in.contiguous};
    if (!in.sizes) return out;
    Sizes s = *in.sizes;
    if (n.kind() == "aten::unsqueeze") {
      std::optional<int64_t> d = norm_dim(int_of(n.input(1)), s.size() + 1);
      if (!d) return out;
      s.insert(s.begin() + *d, int64_t{1});
    } else if (n.inputs().size() == 1) {
      Sizes kept;
      for (const auto& d : s) {
        if (!d) return out;
        if (*d != 1) kept.push_back(d);
      }
      s = kept;
    } else {
      std::optional<int64_t> d = norm_dim(int_of(n.input(1)), s.size());
      if (!s.empty()) {
        if (!d || !s[*d]) return out;
        if (*s[*d] == 1) s.erase(s.begin() + *d);
      }
    }
    out.sizes = s;
    return out;
  }

  Info slice(const Node& n, Info in) const {
    Info out{in.dtype, std::nullopt, false};
    if (!in.sizes || in.sizes->empty()) return out;
    Sizes s = *in.sizes;
    std::optional<int64_t> d = norm_dim(int_of(arg(n, "dim")), s.size());
    if (!d) return out;
    // Dropping or narrowing the leading dims of a contiguous tensor keeps it contiguous.
    bool leading = true;
    for (int64_t i = 0; i < *d; ++i) leading &= s[i] == int64_t{1};
    if (n.kind() == "aten::select") {
      s.erase(s.begin() + *d);
      out.sizes = s;
      out.contiguous = in.contiguous && leading;
      return out;
    }
    std::optional<int64_t> size = s[*d];
    const ir::Value* start_v = arg(n, "start");
    const ir::Value* end_v = arg(n, "end");
    std::optional<int64_t> step = int_of(arg(n, "step"));
    std::optional<int64_t> start = is_none(start_v) ? int64_t{0} : int_of(start_v);
    std::optional<int64_t> end = is_none(end_v) ? std::numeric_limits<int64_t>::max() : int_of(end_v);
    if (!size || !start || !end || !step || *step <= 0) {
      s[*d] = std::nullopt;
      out.sizes = s;
      return out;
    }
    int64_t a = *start < 0 ? std::max<int64_t>(*start + *size, 0) : std::min(*start, *size);
    int64_t b = *end < 0 ? std::max<int64_t>(*end + *size, 0) : std::min(*end, *size);
    s[*d] = b > a ? (b - a + *step - 1) / *step : 0;
    out.sizes = s;
    out.contiguous = in.contiguous && ((leading && *step == 1) || s[*d] == size);
    return out;
  }

  Info cat(const Node& n) const {
    Info out;
    const ir::Value* list = n.input(0);
    if (list->node()->kind() != "prim::ListConstruct" || list->node()->inputs().empty()) return out;
    std::vector<Operand> dtypes;
    std::vector<Info> parts;
    out.contiguous = true;
    for (const ir::Value* v : list->node()->inputs()) {
      parts.push_back(get(v));
      dtypes.push_back(operand(v));
      out.contiguous &= parts.back().contiguous;
      if (!parts.back().sizes) return Info{};
    }
    for (Operand& o : dtypes) {
      if (o.level == Operand::Wrapped) o.level = Operand::ZeroDim;
    }
    out.dtype = result_type(dtypes);
    Sizes s = *parts[0].sizes;
    std::optional<int64_t> d = norm_dim(int_of(arg(n, "dim")), s.size());
    if (!d) return Info{};
    std::optional<int64_t> total = int64_t{0};
    for (const Info& p : parts) {
      if (p.sizes->size() != s.size()) return Info{};  // legacy empty 1-d inputs
      const auto& size = (*p.sizes)[*d];
      total = total && size ? std::optional<int64_t>(*total + *size) : std::nullopt;
    }
    s[*d] = total;
    out.sizes = s;
    return out;
  }

  // Sizes of a convolution or pooling window along `spatial` dims.
  static std::optional<int64_t> window(std::optional<int64_t> in, std::optional<int64_t> kernel,
                                       std::optional<int64_t> stride, std::optional<int64_t> pad,
                                       std::optional<int64_t> dilation, bool ceil_mode) {
    if (!in || !kernel || !stride || !pad || !dilation || *stride <= 0) return std::nullopt;
    int64_t span = *in + 2 * *pad - *dilation * (*kernel - 1) - 1;
    int64_t out = (ceil_mode ? span + *stride - 1 : span);
    out = (out >= 0 ? out / *stride : -((-out + *stride - 1) / *stride)) + 1;
    if (ceil_mode && (out - 1) * *stride >= *in + *pad) --out;
    return out;
  }

  static std::optional<int64_t> pick(const std::optional<Sizes>& values, size_t i, std::optional<int64_t> fallback) {
    if (!values || values->empty()) return fallback;
    return values->size() == 1 ? (*values)[0] : i < values->size() ? (*values)[i] : std::nullopt;
  }

  Info convolution(const Node& n, Info in) {
    Info weight = get(n.input(1));
    Info out{in.dtype == weight.dtype ? in.dtype : std::nullopt, std::nullopt, in.contiguous && weight.contiguous};
    if (n.kind() == "aten::_convolution" || n.kind() == "aten::convolution") {
      if (bool_of(arg(n, "transposed")) != false) return Info{};
    }
    std::optional<Sizes> stride = int_list(arg(n, "stride")), padding = int_list(arg(n, "padding")),
                         dilation = int_list(arg(n, "dilation"));
    if (!in.sizes || !weight.sizes || weight.sizes->size() < 3 || !padding) return out;
    size_t spatial = weight.sizes->size() - 2;
    size_t rank = in.sizes->size();
    if (rank != spatial + 2 && rank != spatial + 1) return out;
    Sizes s(in.sizes->begin(), in.sizes->end() - static_cast<int64_t>(spatial));
    s.back() = (*weight.sizes)[0];
    for (size_t i = 0; i < spatial; ++i) {
      s.push_back(window((*in.sizes)[rank - spatial + i], (*weight.sizes)[2 + i], pick(stride, i, 1), pick(padding, i, 0),
                         pick(dilation, i, 1), false));
    }
    out.sizes = s;
    return out;
  }

  Info pool(const Node& n, Info in) const {
    Info out{in.dtype, std::nullopt, in.contiguous};
    std::optional<Sizes> kernel = int_list(arg(n, "kernel_size"));
    if (!in.sizes || !kernel || kernel->empty()) return out;
    size_t spatial = static_cast<size_t>(n.kind()[n.kind().size() - 2] - '0');  // "..._pool2d"
    size_t rank = in.sizes->size();
    if (rank != spatial + 2 && rank != spatial + 1) return out;
    std::optional<Sizes> stride = int_list(arg(n, "stride")), padding = int_list(arg(n, "padding")),
                         dilation = int_list(arg(n, "dilation"));
    std::optional<bool> ceil_mode = bool_of(arg(n, "ceil_mode"));
    if (!ceil_mode) return out;
    Sizes s(in.sizes->begin(), in.sizes->end() - static_cast<int64_t>(spatial));
    for (size_t i = 0; i < spatial; ++i) {
      std::optional<int64_t> k = pick(kernel, i, std::nullopt);
      s.push_back(window((*in.sizes)[rank - spatial + i], k, pick(stride, i, k), pick(padding, i, 0),
                         pick(dilation, i, 1), *ceil_mode));
    }
    out.sizes = s;
    return out;
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

int replace_sizes_in(ir::Graph& graph, ir::Block& block, const ShapeInfo& info) {
  int rewrites = 0;
  std::vector<Node*> nodes(block.nodes().begin(), block.nodes().end());
  for (Node* n : nodes) {
    for (ir::Block* b : n->blocks()) rewrites += replace_sizes_in(graph, *b, info);
    if (n->kind() != "aten::size" || n->outputs().size() != 1) continue;
    ir::Value* replacement = nullptr;
    if (n->inputs().size() == 2 && n->output()->type()->kind == TypeKind::Int) {
      TypePtr t = info.type(n->input(0));
      std::optional<int64_t> dim = info.int_value(n->input(1));
      if (!t->sizes || !dim) continue;
      std::optional<int64_t> d = norm_dim(dim, t->sizes->size());
      if (!d || t->sizes->empty() || !(*t->sizes)[*d]) continue;
      replacement = graph.insert_constant(tsrt::Value(*(*t->sizes)[*d]), ir::Type::get(TypeKind::Int), &block, n);
    } else if (n->inputs().size() == 1 && n->output()->type()->kind == TypeKind::List) {
      std::optional<std::vector<int64_t>> sizes = info.sizes(n->input(0));
      if (!sizes) continue;
      std::vector<tsrt::Value> items(sizes->begin(), sizes->end());
      TypePtr int_type = ir::Type::get(TypeKind::Int);
      replacement = graph.insert_constant(tsrt::Value(make_list(int_type, std::move(items))), ir::Type::list(int_type),
                                          &block, n);
    } else {
      continue;
    }
    replacement->set_debug_name(n->output()->debug_name());
    n->output()->replace_all_uses_with(replacement);
    n->destroy();
    ++rewrites;
  }
  return rewrites;
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
  for (Node* n : block.nodes()) {
    for (ir::Value* v : n->outputs()) update(v);
    for (ir::Block* b : n->blocks()) changed += set_types(*b, info);
  }
  return changed;
}

}  // namespace

int replace_known_sizes(ir::Graph& graph, const ShapeInfo& info) { return replace_sizes_in(graph, *graph.block(), info); }

int propagate_shapes(ir::Graph& graph, const PassContext& context) {
  ShapeInfo info(graph, context);
  int rewrites = set_types(*graph.block(), info);
  return rewrites + replace_known_sizes(graph, info);
}

TSRT_REGISTER_PASS("shape-prop",
                   "propagates tensor dtypes and sizes (specialised to example inputs if given); constant aten::size",
                   propagate_shapes);

}  // namespace tsrt::passes
