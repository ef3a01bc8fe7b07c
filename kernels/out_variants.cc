// The `out=` overloads (aten::cat.out, aten::sum.IntList_out, aten::sort.values, ...), generically:
// for every `.out`-style schema of torch 1.13 (ir::TorchCatalog) whose arguments, less the trailing
// keyword-only `Tensor(a!) out` tensors, are those of a functional overload of the same op (same
// names and types, one Tensor return per out tensor; factory and *_like ops' functional forms may
// add the tensor options, which come from out), an adapter runs the functional
// overload's kernel and copies each result into its out tensor, then returns the outs, as torch's
// out= kernels do. Schemas whose out signature differs otherwise (extra or renamed arguments,
// list outputs, non-Tensor returns) are left without a kernel.
//
// Limits: tsrt's interpreter holds tensors by value (runtime/value.h), so a kernel cannot resize
// the caller's tensor object as torch does; an out of another shape than the result is refused
// with a clear error instead of being silently left stale. The functional twin's kernel is looked
// up when the adapter runs (families register in an unspecified order), so an out= op whose
// functional twin has no kernel fails at run time naming the twin.
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "ir/torch_catalog.h"
#include "kernels/common/type_promotion.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// The names of the arguments the schema text marks as written (`Tensor(a!) out`).
std::set<std::string> written_arguments(const std::string& text) {
  static const std::regex written(R"(Tensor\([a-z]+!\) (\w+))");
  std::set<std::string> names;
  const std::string arguments = text.substr(0, text.rfind("->"));
  for (std::sregex_iterator it(arguments.begin(), arguments.end(), written), end; it != end; ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

struct OutVariant {
  const ir::FunctionSchema* out = nullptr;
  std::string functional;  // qualified name of the functional twin
  size_t out_count = 0;    // trailing out tensors
  int dtype_arg = -1;      // the functional's `ScalarType? dtype` argument, if it has one
  std::vector<int> source;  // per functional argument: the out schema input it takes, or -1
  std::vector<std::optional<Value>> defaults;  // per functional argument: its default
};

// The number of trailing keyword-only written Tensor arguments that the schema returns, or 0 if
// it is not an out= overload this adapter can serve.
size_t trailing_outs(const ir::FunctionSchema& s) {
  const std::set<std::string> written = written_arguments(s.text);
  size_t n = 0;
  while (n < s.arguments.size()) {
    const ir::Argument& a = s.arguments[s.arguments.size() - 1 - n];
    if (!a.kwarg_only || a.type->kind != ir::TypeKind::Tensor || !written.count(a.name)) break;
    ++n;
  }
  if (n == 0 || n == s.arguments.size() || s.returns.size() != n) return 0;
  for (const auto& r : s.returns) {
    if (r->kind != ir::TypeKind::Tensor) return 0;
  }
  return n;
}

// The functional overload of the same op that the out= schema computes: its arguments are the
// out schema's inputs (same names and types), plus, for factory and *_like ops, the tensor
// options torch takes from `out` instead (dtype, layout, device, pin_memory: keyword-only with
// defaults). `source[i]` is the out schema input bound to functional argument i, or -1 for a
// default. An exact twin (no extra arguments) is preferred.
const ir::FunctionSchema* functional_twin(const ir::TorchCatalog& catalog, const ir::FunctionSchema& out,
                                          size_t out_count, std::vector<int>& source) {
  static const std::set<std::string> options = {"dtype", "layout", "device", "pin_memory"};
  const size_t inputs = out.arguments.size() - out_count;
  const ir::FunctionSchema* best = nullptr;
  for (const ir::FunctionSchema* f : catalog.overloads(out.name)) {
    if (f == &out || f->is_vararg || f->arguments.size() < inputs || f->returns.size() != out_count) continue;
    if (!written_arguments(f->text).empty()) continue;
    bool ok = true;
    for (const auto& r : f->returns) ok = ok && r->kind == ir::TypeKind::Tensor;
    std::vector<int> bound(f->arguments.size(), -1);
    size_t matched = 0;
    for (size_t i = 0; i < f->arguments.size() && ok; ++i) {
      const ir::Argument& a = f->arguments[i];
      for (size_t j = 0; j < inputs; ++j) {
        const ir::Argument& b = out.arguments[j];
        if (a.name == b.name && a.type->str() == b.type->str()) bound[i] = static_cast<int>(j);
      }
      if (bound[i] >= 0) {
        ++matched;
      } else {
        ok = a.kwarg_only && a.default_value && options.count(a.name);
      }
    }
    if (!ok || matched != inputs) continue;
    // Inputs keep their order (a by-name match must not swap two arguments of the same type).
    int last = -1;
    for (size_t i = 0; i < bound.size() && ok; ++i) {
      if (bound[i] < 0) continue;
      ok = bound[i] > last;
      last = bound[i];
    }
    if (!ok) continue;
    if (best == nullptr || f->arguments.size() < best->arguments.size()) {
      best = f;
      source = bound;
    }
  }
  return best;
}

// Writes `result` into `out` (converting the dtype where torch may) and returns out.
Value write_out(const std::string& op, const Tensor& out, const Tensor& result) {
  TSRT_CHECK(can_cast(result.dtype(), out.dtype()), op + ": result type " + dtype_name(result.dtype()) +
                                                        " can't be cast to the desired output type " +
                                                        dtype_name(out.dtype()));
  TSRT_CHECK(out.sizes() == result.sizes(),
             op + ": out has shape " + out.shape_string() + " but the result has " + result.shape_string() +
                 "; tsrt cannot resize the caller's tensor, so pass an out of the result's shape");
  Tensor target = out;
  target.copy_from(result);
  return Value(target);
}

void run_out_variant(const OutVariant& v, Stack& stack) {
  const std::string op = v.out->qualified();
  const size_t total = v.out->arguments.size(), inputs = total - v.out_count;
  TSRT_CHECK(stack.size() >= total, op + ": expected " + std::to_string(total) + " arguments");
  const size_t base = stack.size() - total;
  std::vector<Value> args;
  args.reserve(v.source.size());
  for (size_t i = 0; i < v.source.size(); ++i) {
    args.push_back(v.source[i] >= 0 ? stack[base + static_cast<size_t>(v.source[i])] : *v.defaults[i]);
  }
  std::vector<Value> outs(stack.begin() + static_cast<std::ptrdiff_t>(base + inputs), stack.end());
  // A reduction given out= computes in out's dtype when no dtype is named (torch infers it from
  // out), not in the input's and then casts.
  if (v.dtype_arg >= 0 && args[static_cast<size_t>(v.dtype_arg)].is_none() && outs[0].is_tensor()) {
    args[static_cast<size_t>(v.dtype_arg)] = Value(static_cast<int64_t>(outs[0].to_tensor().dtype()));
  }
  TSRT_CHECK(Registry::global().find(v.functional) != nullptr,
             op + ": no kernel for its functional form " + v.functional);
  std::vector<Value> results = call_op(v.functional, std::move(args));
  TSRT_CHECK(results.size() == v.out_count, op + ": " + v.functional + " returned " +
                                                std::to_string(results.size()) + " values");
  stack.resize(base);
  for (size_t i = 0; i < v.out_count; ++i) {
    TSRT_CHECK(outs[i].is_tensor(), op + ": out argument " + std::to_string(i) + " is not a tensor");
    TSRT_CHECK(results[i].is_tensor(), op + ": " + v.functional + " returned a non-tensor");
    stack.push_back(write_out(op, outs[i].to_tensor(), results[i].to_tensor()));
  }
}

}  // namespace

TSRT_REGISTER_KERNELS(out_variants) {
  const ir::TorchCatalog& catalog = ir::TorchCatalog::get();
  std::set<std::string> names;
  for (size_t i = 0; i < ir::kTorchSchemaLineCount; ++i) {
    std::string line = ir::kTorchSchemaLines[i];
    names.insert(line.substr(0, line.find_first_of(".(")));
  }
  for (const std::string& name : names) {
    for (const ir::FunctionSchema* s : catalog.overloads(name)) {
      const size_t out_count = trailing_outs(*s);
      if (out_count == 0 || r.find(s->qualified()) != nullptr) continue;
      std::vector<int> source;
      const ir::FunctionSchema* twin = functional_twin(catalog, *s, out_count, source);
      if (twin == nullptr) continue;
      OutVariant v{s, twin->qualified(), out_count};
      v.source = source;
      for (const ir::Argument& arg : twin->arguments) v.defaults.push_back(arg.default_value);
      for (size_t i = 0; i < twin->arguments.size(); ++i) {
        const ir::Argument& arg = twin->arguments[i];
        if (arg.name == "dtype" && arg.type->str() == "Optional[ScalarType]") v.dtype_arg = static_cast<int>(i);
      }
      const size_t inputs = s->arguments.size() - out_count;
      // Each result is its out tensor (an out of another shape is refused when it runs).
      r.add_stack(s->text, [v](Stack& stack) { run_out_variant(v, stack); })
          .shape([inputs, out_count](ir::ShapeContext& c) {
            for (size_t i = 0; i < out_count; ++i) c.set(i, c.tensor(c.input(inputs + i)));
          });
    }
  }
}

}  // namespace tsrt::kernels
