#include "frontends/script/importer.h"

#include <cctype>
#include <cmath>
#include <limits>

#include "frontends/script/emitter.h"
#include "frontends/script/parser.h"
#include "ir/custom_class.h"

namespace tsrt::script {

struct Importer::FunctionSource {
  const ast::FunctionDef* def = nullptr;
  bool emitting = false;
};

namespace {

// "__torch__.a.b.C" -> ("__torch__.a.b", "C")
std::pair<std::string, std::string> split_qualified(const std::string& qualified) {
  size_t dot = qualified.rfind('.');
  if (dot == std::string::npos) return {"", qualified};
  return {qualified.substr(0, dot), qualified.substr(dot + 1)};
}

std::string module_file(const std::string& module_path) {
  std::string file = "code/";
  for (char c : module_path) file += c == '.' ? '/' : c;
  return file + ".py";
}

std::string base_name(const ast::Expr& e) {
  try {
    return ast::expr_to_dotted_name(e);
  } catch (const Error&) {
    return "";
  }
}

// A parameter's default: a literal, or `CONSTANTS.cN` (a tensor default such as
// `state: Tensor=CONSTANTS.c0`, which torch prints for any non-literal default).
tsrt::Value evaluate_default(const ast::Expr& expr, const std::vector<tsrt::Value>& constants) {
  if (expr.kind == ast::ExprKind::Attribute) {
    const auto& a = expr.as<ast::Attribute>();
    if (a.value->kind == ast::ExprKind::Name && a.value->as<ast::Name>().name == "CONSTANTS") {
      const std::string& name = a.name;
      size_t index = 0;
      bool ok = name.size() > 1 && name.size() < 12 && name[0] == 'c';
      for (size_t i = 1; ok && i < name.size(); ++i) {
        ok = std::isdigit(static_cast<unsigned char>(name[i])) != 0;
        index = index * 10 + static_cast<size_t>(name[i] - '0');
      }
      if (!ok || index >= constants.size()) {
        ast::error_at(expr.range, "default value CONSTANTS." + name + " is not in constants.pkl (" +
                                      std::to_string(constants.size()) + " entries)");
      }
      return constants[index];
    }
  }
  return evaluate_literal(expr);
}

}  // namespace

Importer::Importer(SourceReader read_source, const ir::OpCatalog& ops, int64_t file_version)
    : read_source_(std::move(read_source)), ops_(ops), file_version_(file_version) {}

Importer::~Importer() {
  // A method's graph refers to its class through the type of `self` (Type::cls), and the class
  // owns its methods: break that cycle, or every loaded model would leak its code.
  for (auto& entry : classes_) entry.second->methods.clear();
  functions_.clear();
}

const ast::Module& Importer::parse_module_file(const std::string& module_path, const ast::SourceRange& where) {
  auto it = modules_.find(module_path);
  if (it != modules_.end()) return *it->second;
  std::string file = module_file(module_path);
  std::optional<std::string> source = read_source_(file);
  if (!source) ast::error_at(where, "the archive has no " + file + " (needed for " + module_path + ")");
  auto parsed = parse_file(*source, file);
  const ast::Module& ref = *parsed;
  modules_[module_path] = std::move(parsed);
  return ref;
}

ir::ClassTypePtr Importer::get_class(const std::string& qualified) {
  auto it = classes_.find(qualified);
  if (it != classes_.end()) return it->second;
  ast::SourceRange where{"code/", 0, 0};
  if (qualified.rfind("__torch__.torch.classes.", 0) == 0) {
    // Known custom classes (ir/custom_class.h) have no code/: one attribute holds their state.
    if (const ir::CustomClass* custom = ir::find_custom_class(qualified)) {
      return classes_[qualified] = ir::make_custom_class_type(*custom);
    }
    throw Error("the model uses the custom C++ class " + qualified + ", which tsrt does not support");
  }
  TSRT_CHECK(qualified.rfind("__torch__", 0) == 0,
        "class " + qualified + " is not a TorchScript class defined in the archive's code/");
  auto [module_path, class_name] = split_qualified(qualified);
  const ast::Module& module = parse_module_file(module_path, where);
  for (const auto& cls : module.classes) {
    if (cls->name == class_name) return define_class(qualified, *cls);
  }
  throw Error(module_file(module_path) + ": no class " + class_name + " (needed for " + qualified + ")");
}

ir::ClassTypePtr Importer::define_class(const std::string& qualified, const ast::ClassDef& def) {
  auto cls = std::make_shared<ir::ClassType>();
  cls->name = qualified;
  classes_[qualified] = cls;  // before resolving attribute types: classes may refer to themselves
  bool is_named_tuple = false;
  bool is_interface = false;
  for (const auto& base : def.bases) {
    std::string b = base_name(*base);
    if (b == "Module") cls->is_module = true;
    if (b == "NamedTuple") is_named_tuple = true;
    if (b == "Interface" || b == "ModuleInterface") is_interface = true;
    if (b == "Enum") ast::error_at(def.range, "Enum class " + qualified + " is not supported");
  }
  cls->is_named_tuple = is_named_tuple;
  interfaces_[qualified] = is_interface;
  std::vector<std::string> fields;
  for (const ast::ClassAttr& attr : def.attributes) {
    if (attr.name == "__parameters__" || attr.name == "__buffers__") continue;
    if (attr.value) {
      // `c : Final[int] = 3` and other class-level constants.
      class_constants_[qualified][attr.name] = evaluate_literal(*attr.value);
      continue;
    }
    if (!attr.type) continue;
    ir::ClassType::Attribute a;
    a.name = attr.name;
    a.type = resolve_type(*attr.type);
    for (const auto& p : def.parameters) a.is_parameter |= p == attr.name;
    for (const auto& b : def.buffers) a.is_buffer |= b == attr.name;
    cls->attributes.push_back(std::move(a));
    fields.push_back(attr.name);
  }
  if (is_named_tuple) named_tuple_fields_[qualified] = fields;
  std::string file = module_file(split_qualified(qualified).first);
  for (const auto& method : def.methods) {
    cls->methods[method->name] = declare_function(method->name, *method, file, true);
  }
  return cls;
}

std::shared_ptr<ir::Function> Importer::declare_function(const std::string& name, const ast::FunctionDef& def,
                                                         const std::string& file, bool is_method) {
  auto fn = std::make_shared<ir::Function>();
  fn->name = name;
  fn->location = ir::SourceLocation{file, def.range.line};
  fn->signature.name = name;
  for (size_t i = 0; i < def.params.size(); ++i) {
    const ast::Param& p = def.params[i];
    ir::Argument arg;
    arg.name = p.name;
    if (p.annotation) {
      arg.type = resolve_type(*p.annotation);
    } else {
      TSRT_CHECK(is_method && i == 0, def.range.str() + ": parameter '" + p.name + "' of " + name + " has no type");
      arg.type = ir::Type::get(ir::TypeKind::Any);
    }
    if (p.default_value) arg.default_value = evaluate_default(*p.default_value, constants_);
    fn->signature.arguments.push_back(std::move(arg));
  }
  fn->signature.returns.push_back(def.return_type ? resolve_type(*def.return_type) : ir::Type::get(ir::TypeKind::None));
  sources_[fn.get()] = FunctionSource{&def, false};
  return fn;
}

ir::Function* Importer::get_function(const std::string& qualified) {
  auto it = functions_.find(qualified);
  if (it != functions_.end()) return it->second.get();
  auto [module_path, fn_name] = split_qualified(qualified);
  const ast::Module& module = parse_module_file(module_path, ast::SourceRange{"code/", 0, 0});
  for (const auto& f : module.functions) {
    if (f->name == fn_name) {
      auto fn = declare_function(qualified, *f, module_file(module_path), false);
      functions_[qualified] = fn;
      return fn.get();
    }
  }
  throw Error(module_file(module_path) + ": no function " + fn_name + " (needed for " + qualified + ")");
}

void Importer::ensure_emitted(ir::Function& fn) {
  auto it = sources_.find(&fn);
  if (it == sources_.end() || it->second.emitting || fn.graph) return;
  it->second.emitting = true;
  try {
    emit_function_body(*this, fn, *it->second.def);
  } catch (...) {
    // Leave no half-built body behind: a later call must fail the same way, not run it.
    fn.graph.reset();
    it->second.emitting = false;
    throw;
  }
}

ir::TypePtr Importer::resolve_type(const ast::Expr& type_expr) {
  return resolve_type(ast::type_expr_to_string(type_expr), type_expr.range);
}

ir::TypePtr Importer::resolve_type(const std::string& type_text, const ast::SourceRange& where) {
  ir::TypePtr t;
  try {
    t = ir::parse_type(type_text);
  } catch (const Error& e) {
    ast::error_at(where, e.what());
  }
  return resolve_classes(t, where);
}

ir::TypePtr Importer::resolve_classes(const ir::TypePtr& t, const ast::SourceRange& where) {
  if (t->kind == ir::TypeKind::Class) {
    if (t->cls) return t;
    try {
      return ir::Type::class_of(get_class(t->class_name));
    } catch (const Error& e) {
      ast::error_at(where, e.what());
    }
  }
  if (t->contained.empty()) return t;
  auto copy = std::make_shared<ir::Type>(*t);
  for (auto& c : copy->contained) c = resolve_classes(c, where);
  return copy;
}

const tsrt::Value* Importer::class_constant(const ir::ClassType& cls, const std::string& name) const {
  auto it = class_constants_.find(cls.name);
  if (it == class_constants_.end()) return nullptr;
  auto c = it->second.find(name);
  return c == it->second.end() ? nullptr : &c->second;
}

const std::vector<std::string>* Importer::named_tuple_fields(const std::string& qualified) const {
  auto it = named_tuple_fields_.find(qualified);
  return it == named_tuple_fields_.end() ? nullptr : &it->second;
}

bool Importer::is_interface(const ir::ClassType& cls) const {
  auto it = interfaces_.find(cls.name);
  return it != interfaces_.end() && it->second;
}

tsrt::Value evaluate_literal(const ast::Expr& expr) {
  using ast::ExprKind;
  switch (expr.kind) {
    case ExprKind::Int: return tsrt::Value(expr.as<ast::IntLiteral>().value);
    case ExprKind::Float: return tsrt::Value(expr.as<ast::FloatLiteral>().value);
    case ExprKind::String: return tsrt::Value(expr.as<ast::StringLiteral>().value);
    case ExprKind::Bool: return tsrt::Value(expr.as<ast::BoolLiteral>().value);
    case ExprKind::None: return tsrt::Value();
    case ExprKind::Name: {
      const std::string& n = expr.as<ast::Name>().name;
      if (n == "inf") return tsrt::Value(std::numeric_limits<double>::infinity());
      if (n == "nan") return tsrt::Value(std::numeric_limits<double>::quiet_NaN());
      break;
    }
    case ExprKind::Unary: {
      const auto& u = expr.as<ast::Unary>();
      if (u.op == ast::UnaryOp::Neg) {
        tsrt::Value v = evaluate_literal(*u.operand);
        if (v.is_int()) return tsrt::Value(-v.to_int());
        if (v.is_double()) return tsrt::Value(-v.to_double());
      }
      break;
    }
    case ExprKind::List:
    case ExprKind::Tuple: {
      const auto& elements = expr.kind == ExprKind::List ? expr.as<ast::ListLiteral>().elements
                                                         : expr.as<ast::TupleLiteral>().elements;
      std::vector<tsrt::Value> items;
      for (const auto& e : elements) items.push_back(evaluate_literal(*e));
      if (expr.kind == ExprKind::Tuple) return tsrt::Value(make_tuple(std::move(items)));
      ir::TypePtr elem = ir::Type::get(ir::TypeKind::Int);
      if (!items.empty() && items[0].is_double()) elem = ir::Type::get(ir::TypeKind::Float);
      if (!items.empty() && items[0].is_bool()) elem = ir::Type::get(ir::TypeKind::Bool);
      if (!items.empty() && items[0].is_string()) elem = ir::Type::get(ir::TypeKind::Str);
      return tsrt::Value(make_list(elem, std::move(items)));
    }
    default:
      break;
  }
  ast::error_at(expr.range, "expected a literal value here");
}

}  // namespace tsrt::script
