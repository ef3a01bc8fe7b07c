// fuse-attention: BERT's self-attention core becomes one tsrt::attention node
// (kernels/fused_attention.cc). HF's BertSelfAttention traces to
//   %kt     = aten::transpose.int(%k, -1, -2)
//   %s      = aten::matmul(%q, %kt)
//   %scaled = aten::div.Tensor(%s, %c)          c: a constant, sqrt(head_dim)
//   %masked = aten::add.Tensor(%scaled, %mask, 1)
//   %probs  = aten::softmax.int(%masked, -1, None)
//   %drop   = aten::dropout(%probs, %p, False)  (gone after peephole)
//   %out    = aten::matmul(%drop, %v)
// which becomes %out = tsrt::attention(%q, %k, %v, %mask, 1 / c). Also matched: the scale as
// a multiplication, either as a 0-d tensor or a number, and no mask (None). The scale must be a
// constant: a 0-d tensor (a dimensioned one would take part in dtype promotion) or a number.
// Every interior value must be used only inside the match (attention probabilities returned
// by the model stay unfused).
// Then tsrt::attention followed by BERT's permute(0, 2, 1, 3) (heads after the sequence, before
// they are merged into the hidden dim) and the contiguous() after it becomes
// tsrt::attention_heads_last, which writes that layout itself instead of a copy making it.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "passes/pass.h"
#include "passes/subgraph_rewriter.h"

namespace tsrt::passes {
namespace {

struct Variant {
  const char* scale_op;        // "div" or "mul"
  const char* scale_overload;  // "Tensor" (0-d tensor constant) or "Scalar" (number)
  bool mask;
  bool dropout;
};

bool divides(const Variant& v) { return std::string(v.scale_op) == "div"; }

// The pattern inputs in order; the replacement takes the same ones (scale in place of %c).
std::string inputs(const Variant& v, const char* scale_name, const char* scale_type) {
  std::string s = "%q : Tensor, %k : Tensor, %v : Tensor, %" + std::string(scale_name) + " : " + scale_type +
                  ", %d0 : int, %d1 : int, %dim : int";
  if (v.mask) s += ", %mask : Tensor";
  if (v.dropout) s += ", %p : float";
  return s;
}

std::string pattern(const Variant& v) {
  std::string scale_type = std::string(v.scale_overload) == "Tensor" ? "Tensor" : "float";
  std::string ir = "graph(" + inputs(v, "c", scale_type.c_str()) + "):\n";
  ir += "  %kt : Tensor = aten::transpose[overload=\"int\"](%k, %d0, %d1)\n";
  ir += "  %s : Tensor = aten::matmul(%q, %kt)\n";
  ir += std::string("  %scaled : Tensor = aten::") + v.scale_op + "[overload=\"" + v.scale_overload +
        "\"](%s, %c)\n";
  std::string scores = "%scaled";
  if (v.mask) {
    ir += "  %one : int = prim::Constant[value=1]()\n";
    ir += "  %masked : Tensor = aten::add[overload=\"Tensor\"](%scaled, %mask, %one)\n";
    scores = "%masked";
  }
  ir += "  %none : NoneType = prim::Constant()\n";
  ir += "  %probs : Tensor = aten::softmax[overload=\"int\"](" + scores + ", %dim, %none)\n";
  std::string probs = "%probs";
  if (v.dropout) {
    ir += "  %false : bool = prim::Constant[value=0]()\n";
    ir += "  %dropped : Tensor = aten::dropout(%probs, %p, %false)\n";
    probs = "%dropped";
  }
  ir += "  %out : Tensor = aten::matmul(" + probs + ", %v)\n";
  ir += "  return (%out)";
  return ir;
}

std::string replacement(const Variant& v) {
  std::string ir = "graph(" + inputs(v, "scale", "float") + "):\n";
  std::string mask = "%mask";
  if (!v.mask) {
    ir += "  %none : NoneType = prim::Constant()\n";
    mask = "%none";
  }
  ir += "  %out : Tensor = tsrt::attention(%q, %k, %v, " + mask + ", %scale)\n";
  ir += "  return (%out)";
  return ir;
}

std::optional<int64_t> constant_int(const SubgraphMatch& m, const char* name) {
  const tsrt::Value* c = m.constant(name);
  if (c == nullptr || !c->is_int()) return std::nullopt;
  return c->to_int();
}

// The constant multiplier the match applies to q k^T, if it has one.
std::optional<double> constant_scale(const SubgraphMatch& m, const Variant& v) {
  const tsrt::Value* c = m.constant("c");
  if (c == nullptr) return std::nullopt;
  double factor;
  if (c->is_tensor()) {
    const Tensor& t = c->to_tensor();
    if (t.dim() != 0 || t.dtype() == DType::Bool) return std::nullopt;
    factor = t.item_double();
  } else if (c->is_int() || c->is_double()) {
    factor = c->to_double();
  } else {
    return std::nullopt;
  }
  double scale = divides(v) ? 1.0 / factor : factor;
  if (!std::isfinite(scale)) return std::nullopt;
  return scale;
}

// The ints of a constant int list: a list constant, or (before constant folding) a
// prim::ListConstruct of int constants.
std::optional<std::vector<int64_t>> constant_ints(const ir::Value* list) {
  std::vector<int64_t> ints;
  const ir::Node* node = list->node();
  if (node->kind() == "prim::Constant" && node->constant().is_list()) {
    for (const tsrt::Value& item : node->constant().to_list()->items) {
      if (!item.is_int()) return std::nullopt;
      ints.push_back(item.to_int());
    }
    return ints;
  }
  if (node->kind() != "prim::ListConstruct") return std::nullopt;
  for (const ir::Value* item : node->inputs()) {
    if (item->node()->kind() != "prim::Constant" || !item->node()->constant().is_int()) return std::nullopt;
    ints.push_back(item->node()->constant().to_int());
  }
  return ints;
}

// attention(...) -> permute([0, 2, 1, 3]) (-> contiguous()) as one tsrt::attention_heads_last,
// whose result is already contiguous.
int fuse_heads_last(ir::Graph& graph, const ir::OpCatalog& ops) {
  const std::string inputs =
      "graph(%q : Tensor, %k : Tensor, %v : Tensor, %mask : Tensor?, %scale : float, %perm : int[]):\n";
  const std::string permuted = inputs +
                               "  %out : Tensor = tsrt::attention(%q, %k, %v, %mask, %scale)\n"
                               "  %moved : Tensor = aten::permute(%out, %perm)\n";
  const std::string replacement = inputs +
                                  "  %moved : Tensor = tsrt::attention_heads_last(%q, %k, %v, %mask, %scale)\n"
                                  "  return (%moved)";
  auto bert_permutation = [](SubgraphMatch& m) {
    return constant_ints(m.value("perm")) == std::vector<int64_t>{0, 2, 1, 3};
  };
  int rewrites = rewrite_subgraph(graph, ops,
                                  permuted +
                                      "  %format : int = prim::Constant[value=0]()\n"
                                      "  %dense : Tensor = aten::contiguous(%moved, %format)\n"
                                      "  return (%dense)",
                                  replacement, bert_permutation);
  return rewrites + rewrite_subgraph(graph, ops, permuted + "  return (%moved)", replacement, bert_permutation);
}

int fuse_attention(ir::Graph& graph, const PassContext& context) {
  if (context.ops == nullptr) return 0;  // no op catalog: the patterns cannot be read
  const ir::OpCatalog& ops = *context.ops;
  int rewrites = 0;
  for (const char* op : {"div", "mul"}) {
    for (const char* overload : {"Tensor", "Scalar"}) {
      for (bool mask : {true, false}) {
        for (bool dropout : {true, false}) {
          Variant v{op, overload, mask, dropout};
          rewrites += rewrite_subgraph(graph, ops, pattern(v), replacement(v), [&](SubgraphMatch& m) {
            std::optional<int64_t> d0 = constant_int(m, "d0"), d1 = constant_int(m, "d1");
            std::optional<int64_t> dim = constant_int(m, "dim");
            // k^T over the last two dims, softmax over the last one: unknown ranks allow only -1/-2.
            bool last_two = d0 && d1 && ((*d0 == -1 && *d1 == -2) || (*d0 == -2 && *d1 == -1));
            if (!last_two || dim != -1) return false;
            std::optional<double> scale = constant_scale(m, v);
            if (!scale) return false;
            ir::Node* anchor = m.anchor;
            m.values["c"] =
                graph.insert_constant(tsrt::Value(*scale), ir::Type::get(ir::TypeKind::Float), anchor->owning_block(),
                                      anchor);
            return true;
          });
        }
      }
    }
  }
  return rewrites + fuse_heads_last(graph, ops);
}

}  // namespace

TSRT_REGISTER_PASS("fuse-attention",
                   "matmul(q, k^T) scaled by a constant, + mask, softmax, (eval dropout), matmul(., v) -> "
                   "tsrt::attention (tsrt::attention_heads_last when BERT's permute(0, 2, 1, 3) follows)",
                   fuse_attention);

}  // namespace tsrt::passes
