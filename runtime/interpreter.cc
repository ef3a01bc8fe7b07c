#include "runtime/interpreter.h"

#include <chrono>
#include <functional>
#include <iostream>

#include "kernels/registry.h"

namespace tsrt::runtime {

namespace {

// Prim ops the interpreter runs itself; everything else is a registered kernel.
enum class StepKind {
  Kernel,
  Constant,
  GetAttr,
  SetAttr,
  If,
  Loop,
  CallMethod,
  CallFunction,
  ListConstruct,
  ListUnpack,
  TupleConstruct,
  TupleUnpack,
  TupleIndex,
  DictConstruct,
  CreateObject,
  RaiseException,
  Uninitialized,
  Identity,  // prim::unchecked_cast, aten::detach-free casts, prim::annotate-like nodes
  IsInstance,
  Print,
  Device,
  Dtype,
  IsNone,
  Enter,
  Exit,
  ToList,
  Unsupported,  // a node whose op tsrt has no kernel for: throws if reached
};

const std::unordered_map<std::string, StepKind>& prim_kinds() {
  static const auto* kinds = new std::unordered_map<std::string, StepKind>{
      {"prim::Constant", StepKind::Constant},
      {"prim::GetAttr", StepKind::GetAttr},
      {"prim::SetAttr", StepKind::SetAttr},
      {"prim::If", StepKind::If},
      {"prim::Loop", StepKind::Loop},
      {"prim::CallMethod", StepKind::CallMethod},
      {"prim::CallFunction", StepKind::CallFunction},
      {"prim::ListConstruct", StepKind::ListConstruct},
      {"prim::ListUnpack", StepKind::ListUnpack},
      {"prim::TupleConstruct", StepKind::TupleConstruct},
      {"prim::TupleUnpack", StepKind::TupleUnpack},
      {"prim::TupleIndex", StepKind::TupleIndex},
      {"prim::DictConstruct", StepKind::DictConstruct},
      {"prim::CreateObject", StepKind::CreateObject},
      {"prim::RaiseException", StepKind::RaiseException},
      {"prim::Uninitialized", StepKind::Uninitialized},
      {"prim::unchecked_cast", StepKind::Identity},
      {"prim::isinstance", StepKind::IsInstance},
      {"prim::Print", StepKind::Print},
      {"prim::device", StepKind::Device},
      {"prim::dtype", StepKind::Dtype},
      {"aten::__isnot_none", StepKind::IsNone},
      {"prim::Enter", StepKind::Enter},
      {"prim::Exit", StepKind::Exit},
      {"prim::tolist", StepKind::ToList},
  };
  return *kinds;
}

// An error already carrying the location of the node that failed; outer frames pass it on.
class LocatedError : public Error {
 public:
  using Error::Error;
};

std::string node_context(const ir::Node& node) {
  return node.qualified_kind() + " at " + node.location().str();
}

}  // namespace

struct BlockPlan;

struct Step {
  const ir::Node* node = nullptr;
  StepKind kind = StepKind::Kernel;
  const kernels::OpEntry* op = nullptr;
  std::vector<size_t> in;
  std::vector<size_t> out;
  std::vector<BlockPlan> blocks;
  int attr_index = -1;                  // GetAttr/SetAttr slot when the class is known statically
  const ir::ClassType* attr_class = nullptr;
  std::vector<size_t> release;          // slots whose last use in this block is this step
};

struct BlockPlan {
  std::vector<size_t> params;
  std::vector<size_t> returns;
  std::vector<Step> steps;
};

class FunctionPlan {
 public:
  const ir::Function* fn = nullptr;
  size_t num_slots = 0;
  BlockPlan body;
  std::vector<MissingKernel> missing;  // kernel-less nodes of this function, in graph order
};

namespace {

std::vector<size_t> slots_of(const std::vector<ir::Value*>& values) {
  std::vector<size_t> out;
  out.reserve(values.size());
  for (const ir::Value* v : values) out.push_back(v->id());
  return out;
}

// Every value a node reads, including inside its nested blocks.
void collect_uses(const ir::Node& node, std::vector<const ir::Value*>& out) {
  for (const ir::Value* v : node.inputs()) out.push_back(v);
  for (const ir::Block* b : node.blocks()) {
    for (const ir::Node* inner : b->nodes()) collect_uses(*inner, out);
    for (const ir::Value* v : b->outputs()) out.push_back(v);
  }
}

// Frees each value of `block` after its last use so that a long graph (an inlined BERT) does
// not keep every intermediate tensor alive until the call ends. Values the block returns stay.
void plan_releases(const ir::Block& block, BlockPlan& plan) {
  std::unordered_map<const ir::Value*, size_t> last_use;
  size_t index = 0;
  for (const ir::Value* v : block.inputs()) last_use[v] = 0;
  for (const ir::Node* node : block.nodes()) {
    std::vector<const ir::Value*> uses;
    collect_uses(*node, uses);
    for (const ir::Value* v : uses) {
      auto it = last_use.find(v);
      if (it != last_use.end()) it->second = index;  // only values this block defines
    }
    for (const ir::Value* v : node->outputs()) last_use[v] = index;
    ++index;
  }
  for (const ir::Value* v : block.outputs()) last_use.erase(v);
  for (const auto& [value, step] : last_use) plan.steps[step].release.push_back(value->id());
}

BlockPlan plan_block(const ir::Block& block, std::vector<MissingKernel>& missing) {
  BlockPlan plan;
  plan.params = slots_of(block.inputs());
  plan.returns = slots_of(block.outputs());
  for (const ir::Node* node : block.nodes()) {
    Step step;
    step.node = node;
    step.in = slots_of(node->inputs());
    step.out = slots_of(node->outputs());
    auto it = prim_kinds().find(node->kind());
    if (it != prim_kinds().end()) {
      step.kind = it->second;
    } else {
      std::string qualified = node->qualified_kind();
      step.op = kernels::Registry::global().find(qualified);
      // Loads anyway (often the op sits in a branch eval never takes); fails only if reached.
      if (step.op == nullptr) {
        step.kind = StepKind::Unsupported;
        missing.push_back(MissingKernel{qualified, node->location().str()});
      }
    }
    if (step.kind == StepKind::GetAttr || step.kind == StepKind::SetAttr) {
      const ir::TypePtr& t = node->input(0)->type();
      if (t->kind == ir::TypeKind::Class && t->cls) {
        step.attr_class = t->cls.get();
        step.attr_index = t->cls->attribute_index(node->name());
      }
    }
    for (const ir::Block* b : node->blocks()) step.blocks.push_back(plan_block(*b, missing));
    plan.steps.push_back(std::move(step));
  }
  if (!plan.steps.empty()) plan_releases(block, plan);
  return plan;
}

bool matches_type(const Value& v, const ir::TypePtr& t) {
  using ir::TypeKind;
  switch (t->kind) {
    case TypeKind::Any: return true;
    case TypeKind::Tensor: return v.is_tensor();
    case TypeKind::Int: return v.is_int();
    case TypeKind::Float: return v.is_double();
    case TypeKind::Bool: return v.is_bool();
    case TypeKind::Str: return v.is_string();
    case TypeKind::None: return v.is_none();
    case TypeKind::Device: return v.is_device();
    case TypeKind::Number: return v.is_int() || v.is_double();
    case TypeKind::List: return v.is_list();
    case TypeKind::Tuple: return v.is_tuple();
    case TypeKind::Dict: return v.is_dict();
    case TypeKind::Optional: return v.is_none() || matches_type(v, t->contained[0]);
    case TypeKind::Class: return v.is_object() && v.to_object()->type->name == t->class_name;
    default: return false;
  }
}

}  // namespace

// Where an activation keeps its values. Finished activations hand their frame back to a
// per-thread cache (values cleared, capacity kept), together with the lists their
// ListConstructs built, so that a steady-state call allocates no frame, no kernel stack and
// no list.
struct Frame {
  std::vector<Value> values;        // by slot (Value::id)
  std::vector<ListPtr> spare_lists;  // by slot: a list its last user dropped, ready for reuse
  kernels::Stack stack;              // a kernel's arguments and results

  static std::unique_ptr<Frame> acquire(size_t slots) {
    std::vector<std::unique_ptr<Frame>>& cache = thread_cache();
    std::unique_ptr<Frame> frame;
    if (cache.empty()) {
      frame = std::make_unique<Frame>();
    } else {
      frame = std::move(cache.back());
      cache.pop_back();
    }
    frame->values.resize(slots);
    frame->spare_lists.resize(slots);
    return frame;
  }

  // Drops every value (tensors go back to the pool now, not at the next call).
  static void give_back(std::unique_ptr<Frame> frame) {
    for (size_t slot = 0; slot < frame->values.size(); ++slot) frame->release(slot);
    frame->stack.clear();
    std::vector<std::unique_ptr<Frame>>& cache = thread_cache();
    if (cache.size() < kCachedFrames) cache.push_back(std::move(frame));
  }

  // Clears a slot after its value's last use; a list nobody else holds is kept for reuse.
  void release(size_t slot) {
    Value& v = values[slot];
    if (v.is_list() && v.to_list().use_count() == 1) {
      ListPtr list = v.to_list();
      v = Value();
      list->items.clear();
      spare_lists[slot] = std::move(list);
      return;
    }
    v = Value();
  }

 private:
  static constexpr size_t kCachedFrames = 32;  // call depth worth keeping frames for
  static std::vector<std::unique_ptr<Frame>>& thread_cache() {
    static thread_local std::vector<std::unique_ptr<Frame>> cache;
    return cache;
  }
};

// One activation of a function: its frame and the shared plan.
class Activation {
 public:
  Activation(const Interpreter& interp, const FunctionPlan& plan, const RunLimits& limits,
             OpObserver* observer, int depth)
      : interp_(interp), plan_(plan), limits_(limits), observer_(observer), depth_(depth),
        frame_storage_(Frame::acquire(plan.num_slots)), frame_(frame_storage_->values),
        stack_(frame_storage_->stack) {}
  ~Activation() { Frame::give_back(std::move(frame_storage_)); }
  Activation(const Activation&) = delete;
  Activation& operator=(const Activation&) = delete;

  // Binds `self` (if given) and `args` to the parameters and runs the body; the results are
  // then result(0), result(1), ...
  void run(const Value* self, const Value* args, size_t count) {
    const auto& params = plan_.body.params;
    size_t given = count + (self ? 1 : 0);
    TSRT_CHECK(given == params.size(), plan_.fn->name + "() expected " + std::to_string(params.size()) +
                                           " arguments, got " + std::to_string(given));
    size_t p = 0;
    if (self) frame_[params[p++]] = *self;
    for (size_t i = 0; i < count; ++i) frame_[params[p++]] = args[i];
    run_block(plan_.body);
  }
  size_t num_results() const { return plan_.body.returns.size(); }
  const Value& result(size_t i) const { return frame_[plan_.body.returns[i]]; }

 private:
  void run_block(const BlockPlan& block) {
    for (const Step& step : block.steps) {
      try {
        run_step(step);
      } catch (const LocatedError&) {
        throw;
      } catch (const std::exception& e) {
        throw LocatedError(node_context(*step.node) + ": " + e.what());
      }
      for (size_t slot : step.release) frame_storage_->release(slot);
    }
  }

  const Value& in(const Step& s, size_t i) const { return frame_[s.in[i]]; }

  void run_kernel(const Step& step) {
    stack_.clear();
    for (size_t slot : step.in) stack_.push_back(frame_[slot]);
    if (step.op->schema.is_vararg) stack_.push_back(Value(static_cast<int64_t>(step.in.size())));
    if (observer_) {
      auto t0 = std::chrono::steady_clock::now();
      step.op->kernel(stack_);
      auto t1 = std::chrono::steady_clock::now();
      observer_->on_op(*step.node, std::chrono::duration<double, std::micro>(t0.time_since_epoch()).count(),
                       std::chrono::duration<double, std::micro>(t1 - t0).count());
      observer_->on_outputs(*step.node, stack_);
    } else {
      step.op->kernel(stack_);
    }
    TSRT_CHECK(stack_.size() == step.out.size(),
          "kernel returned " + std::to_string(stack_.size()) + " values, the graph expects " +
              std::to_string(step.out.size()));
    for (size_t i = 0; i < step.out.size(); ++i) frame_[step.out[i]] = std::move(stack_[i]);
  }

  void run_step(const Step& step) {
    const ir::Node& node = *step.node;
    switch (step.kind) {
      case StepKind::Kernel:
        run_kernel(step);
        return;
      case StepKind::Unsupported:
        throw LocatedError(MissingKernel{node.qualified_kind(), node.location().str()}.message());
      case StepKind::Constant:
        frame_[step.out[0]] = node.constant();
        return;
      case StepKind::GetAttr: {
        const ObjectPtr& obj = in(step, 0).to_object();
        if (step.attr_index >= 0 && obj->type.get() == step.attr_class) {
          frame_[step.out[0]] = obj->slots[step.attr_index];
        } else {
          frame_[step.out[0]] = obj->attr(node.name());
        }
        return;
      }
      case StepKind::SetAttr: {
        const ObjectPtr& obj = in(step, 0).to_object();
        obj->set_attr(node.name(), in(step, 1));
        return;
      }
      case StepKind::If: {
        const BlockPlan& branch = step.blocks[in(step, 0).to_bool() ? 0 : 1];
        run_block(branch);
        for (size_t i = 0; i < step.out.size(); ++i) frame_[step.out[i]] = frame_[branch.returns[i]];
        return;
      }
      case StepKind::Loop:
        run_loop(step);
        return;
      case StepKind::CallMethod:
      case StepKind::CallFunction: {
        std::vector<Value> args;
        args.reserve(step.in.size());
        for (size_t slot : step.in) args.push_back(frame_[slot]);
        const ir::Function* callee = node.callee();
        if (step.kind == StepKind::CallMethod) {
          // Interfaces dispatch on the object's own class.
          const ObjectPtr& obj = args[0].to_object();
          if (callee == nullptr || obj->type->find_method(node.name()) != callee) {
            callee = obj->type->find_method(node.name());
            TSRT_CHECK(callee != nullptr, "object of class " + obj->type->name + " has no method " + node.name());
          }
        }
        TSRT_CHECK(callee != nullptr, "call to an unresolved function");
        TSRT_CHECK(depth_ < limits_.max_call_depth,
              "call depth exceeds " + std::to_string(limits_.max_call_depth) + " (runaway recursion?)");
        Activation callee_activation(interp_, interp_plan(*callee), limits_, observer_, depth_ + 1);
        callee_activation.run(nullptr, args.data(), args.size());
        TSRT_CHECK(callee_activation.num_results() == step.out.size(),
                   "call returned " + std::to_string(callee_activation.num_results()) + " values, expected " +
                       std::to_string(step.out.size()));
        for (size_t i = 0; i < step.out.size(); ++i) frame_[step.out[i]] = callee_activation.result(i);
        return;
      }
      case StepKind::ListConstruct: {
        const ir::TypePtr& t = node.output()->type();
        ir::TypePtr elem = t->kind == ir::TypeKind::List ? t->contained[0] : ir::Type::get(ir::TypeKind::Any);
        ListPtr list = std::move(frame_storage_->spare_lists[step.out[0]]);  // last call's, if free
        if (list) {
          list->elem_type = std::move(elem);
        } else {
          list = make_list(std::move(elem));
        }
        list->items.reserve(step.in.size());
        for (size_t slot : step.in) list->items.push_back(frame_[slot]);
        frame_[step.out[0]] = Value(std::move(list));
        return;
      }
      case StepKind::ListUnpack:
      case StepKind::TupleUnpack: {
        const Value& seq = in(step, 0);
        const auto& items = seq.is_list() ? seq.to_list()->items : seq.to_tuple()->items;
        TSRT_CHECK(items.size() == step.out.size(), "cannot unpack a sequence of " + std::to_string(items.size()) +
                                                   " values into " + std::to_string(step.out.size()));
        for (size_t i = 0; i < step.out.size(); ++i) frame_[step.out[i]] = items[i];
        return;
      }
      case StepKind::TupleConstruct: {
        std::vector<Value> items = tuple_items_buffer();
        items.reserve(step.in.size());
        for (size_t slot : step.in) items.push_back(frame_[slot]);
        const ir::TypePtr& t = node.output()->type();
        frame_[step.out[0]] = Value(make_tuple(std::move(items), t->kind == ir::TypeKind::Class ? t : nullptr));
        return;
      }
      case StepKind::TupleIndex: {
        const auto& items = in(step, 0).to_tuple()->items;
        int64_t i = in(step, 1).to_int();
        if (i < 0) i += static_cast<int64_t>(items.size());
        TSRT_CHECK(i >= 0 && i < static_cast<int64_t>(items.size()), "tuple index out of range");
        frame_[step.out[0]] = items[i];
        return;
      }
      case StepKind::DictConstruct: {
        auto dict = std::make_shared<DictObj>();
        const ir::TypePtr& t = node.output()->type();
        if (t->kind == ir::TypeKind::Dict) {
          dict->key_type = t->contained[0];
          dict->value_type = t->contained[1];
        }
        for (size_t i = 0; i + 1 < step.in.size(); i += 2) dict->insert_or_assign(in(step, i), in(step, i + 1));
        frame_[step.out[0]] = Value(dict);
        return;
      }
      case StepKind::CreateObject: {
        const ir::TypePtr& t = node.output()->type();
        TSRT_CHECK(t->kind == ir::TypeKind::Class && t->cls, "prim::CreateObject of an unknown class");
        auto obj = std::make_shared<Object>();
        obj->type = t->cls;
        obj->slots.resize(t->cls->attributes.size());
        frame_[step.out[0]] = Value(obj);
        return;
      }
      case StepKind::RaiseException: {
        std::string message = step.in.empty() ? "Exception" : in(step, 0).is_string() ? in(step, 0).to_string() : in(step, 0).repr();
        std::string cls = step.in.size() > 1 && in(step, 1).is_string() ? in(step, 1).to_string() : "Exception";
        throw LocatedError("the model raised " + cls + ": " + message + " (at " + node.location().str() + ")");
      }
      case StepKind::Uninitialized:
        frame_[step.out[0]] = Value();
        return;
      case StepKind::Identity:
        for (size_t i = 0; i < step.out.size(); ++i) frame_[step.out[i]] = in(step, i);
        return;
      case StepKind::IsInstance:
        frame_[step.out[0]] = Value(matches_type(in(step, 0), node.type_attr()));
        return;
      case StepKind::Print: {
        std::string line;
        for (size_t i = 0; i < step.in.size(); ++i) {
          const Value& v = in(step, i);
          line += (i ? " " : "") + (v.is_string() ? v.to_string() : v.repr());
        }
        std::cout << line << "\n";
        return;
      }
      case StepKind::Device:
        frame_[step.out[0]] = Value(tsrt::Device{"cpu"});
        return;
      case StepKind::Dtype:
        frame_[step.out[0]] = Value(static_cast<int64_t>(in(step, 0).to_tensor().dtype()));
        return;
      case StepKind::IsNone:
        frame_[step.out[0]] = Value(!in(step, 0).is_none());
        return;
      case StepKind::Enter:
      case StepKind::Exit:
        return;
      case StepKind::ToList:
        frame_[step.out[0]] = tensor_to_list(in(step, 0).to_tensor(), node.output()->type());
        return;
    }
  }

  // Tensor.tolist() into nested lists typed as annotated (List[float], List[List[int]], ...).
  static Value tensor_to_list(const Tensor& t, const ir::TypePtr& type) {
    int depth = 0;
    ir::TypePtr elem = type;
    while (elem->kind == ir::TypeKind::List) {
      elem = elem->contained[0];
      ++depth;
    }
    TSRT_CHECK(depth == t.dim(), "tolist: annotated as " + type->str() + " but the tensor has " +
                                std::to_string(t.dim()) + " dimensions");
    // Integers go through int64 so that values beyond 2^53 stay exact.
    bool integral = elem->kind == ir::TypeKind::Int || elem->kind == ir::TypeKind::Bool;
    Tensor c = t.to(integral ? DType::Int64 : DType::Float64);
    int64_t index = 0;
    std::function<Value(int64_t, const ir::TypePtr&)> build = [&](int64_t d, const ir::TypePtr& ty) -> Value {
      if (d == t.dim()) {
        int64_t i = index++;
        if (elem->kind == ir::TypeKind::Int) return Value(c.data<int64_t>()[i]);
        if (elem->kind == ir::TypeKind::Bool) return Value(c.data<int64_t>()[i] != 0);
        return Value(c.data<double>()[i]);
      }
      std::vector<Value> items;
      for (int64_t i = 0; i < t.size(d); ++i) items.push_back(build(d + 1, ty->contained[0]));
      return Value(make_list(ty->contained[0], std::move(items)));
    };
    return build(0, type);
  }

  void run_loop(const Step& step) {
    const BlockPlan& body = step.blocks[0];
    int64_t max_trips = in(step, 0).to_int();
    bool condition = in(step, 1).to_bool();
    size_t carried = step.in.size() - 2;
    for (size_t i = 0; i < carried; ++i) frame_[body.params[i + 1]] = frame_[step.in[i + 2]];
    // The carried values pass through a temporary (a return may be another iteration's param),
    // allocated once per loop rather than per iteration.
    std::vector<Value> next(carried);
    int64_t trip = 0;
    for (; condition && trip < max_trips; ++trip) {
      TSRT_CHECK(trip < limits_.max_loop_iterations,
            "loop exceeded " + std::to_string(limits_.max_loop_iterations) + " iterations");
      frame_[body.params[0]] = Value(trip);
      run_block(body);
      condition = frame_[body.returns[0]].to_bool();
      for (size_t i = 0; i < carried; ++i) next[i] = frame_[body.returns[i + 1]];
      for (size_t i = 0; i < carried; ++i) frame_[body.params[i + 1]] = std::move(next[i]);
    }
    for (size_t i = 0; i < carried; ++i) frame_[step.out[i]] = frame_[body.params[i + 1]];
  }

  const FunctionPlan& interp_plan(const ir::Function& fn);

  const Interpreter& interp_;
  const FunctionPlan& plan_;
  const RunLimits& limits_;
  OpObserver* observer_;
  int depth_;
  std::unique_ptr<Frame> frame_storage_;
  std::vector<Value>& frame_;
  kernels::Stack& stack_;

  friend class Interpreter;
};

Interpreter::Interpreter(RunLimits limits) : limits_(limits) {}
Interpreter::~Interpreter() = default;

const FunctionPlan& Interpreter::plan_for(const ir::Function& fn) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = plans_.find(&fn);
  if (it != plans_.end()) return *it->second;
  auto plan = std::make_unique<FunctionPlan>();
  plan->fn = &fn;
  plan->num_slots = fn.graph->num_value_ids();
  plan->body = plan_block(*fn.graph->block(), plan->missing);
  const FunctionPlan& ref = *plan;
  plans_[&fn] = std::move(plan);
  return ref;
}

const FunctionPlan& Activation::interp_plan(const ir::Function& fn) { return interp_.plan_for(fn); }

namespace {
void collect_callees(const ir::Block& block, std::vector<const ir::Function*>& out) {
  for (const ir::Node* n : block.nodes()) {
    if (n->callee()) out.push_back(n->callee());
    for (const ir::Block* b : n->blocks()) collect_callees(*b, out);
  }
}
}  // namespace

std::string MissingKernel::message() const {
  return "unsupported op " + op + " (" + location + "): tsrt has no kernel for it";
}

std::vector<MissingKernel> Interpreter::prepare(const ir::Function& fn) const {
  std::vector<MissingKernel> missing;
  std::vector<const ir::Function*> pending{&fn};
  std::unordered_map<const ir::Function*, bool> seen;
  while (!pending.empty()) {
    const ir::Function* f = pending.back();
    pending.pop_back();
    if (seen[f]) continue;
    seen[f] = true;
    const FunctionPlan& plan = plan_for(*f);
    missing.insert(missing.end(), plan.missing.begin(), plan.missing.end());
    collect_callees(*f->graph->block(), pending);
  }
  return missing;
}

Value Interpreter::run(const ir::Function& fn, const Value& self, const std::vector<Value>& args,
                       OpObserver* observer) const {
  Activation activation(*this, plan_for(fn), limits_, observer, 0);
  activation.run(&self, args.data(), args.size());
  return activation.num_results() == 0 ? Value() : activation.result(0);
}

}  // namespace tsrt::runtime
