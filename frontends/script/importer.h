// The importer turns the archive's code/ files into class types and functions on demand:
// `__torch__.a.b.C` is class C of file code/__torch__/a/b.py. Method bodies are emitted into
// IR when first needed, so an unused method with an unsupported op never stops a load.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontends/script/ast.h"
#include "ir/graph.h"
#include "ir/schema.h"
#include "ir/type.h"
#include "runtime/value.h"

namespace tsrt::script {

// Reads "code/__torch__/a/b.py" from the archive; nullopt when absent.
using SourceReader = std::function<std::optional<std::string>(const std::string& path)>;

class Importer {
 public:
  Importer(SourceReader read_source, const ir::OpCatalog& ops, int64_t file_version);
  ~Importer();

  // Throws tsrt::Error naming the class and the file it looked in.
  ir::ClassTypePtr get_class(const std::string& qualified_name);
  ir::Function* get_function(const std::string& qualified_name);
  // Emits `fn`'s body if not yet emitted, and the bodies of everything it calls.
  void ensure_emitted(ir::Function& fn);

  // Resolves a type annotation written in source ("List[__torch__.m.X]") to a type with
  // class pointers filled in.
  ir::TypePtr resolve_type(const ast::Expr& type_expr);
  ir::TypePtr resolve_type(const std::string& type_text, const ast::SourceRange& where);

  // Class-level `Final` constants: `self.c` reads become constants.
  const tsrt::Value* class_constant(const ir::ClassType& cls, const std::string& name) const;
  // NamedTuple field names, in order.
  const std::vector<std::string>* named_tuple_fields(const std::string& qualified_name) const;
  bool is_interface(const ir::ClassType& cls) const;

  // constants.pkl, read by `CONSTANTS.cN`.
  void set_constants(std::vector<tsrt::Value> constants) { constants_ = std::move(constants); }
  const std::vector<tsrt::Value>& constants() const { return constants_; }

  const ir::OpCatalog& ops() const { return ops_; }
  int64_t file_version() const { return file_version_; }
  // Every class loaded so far (for `tsrt info`).
  const std::map<std::string, ir::ClassTypePtr>& classes() const { return classes_; }

 private:
  struct FunctionSource;
  const ast::Module& parse_module_file(const std::string& module_path, const ast::SourceRange& where);
  ir::ClassTypePtr define_class(const std::string& qualified, const ast::ClassDef& def);
  std::shared_ptr<ir::Function> declare_function(const std::string& name, const ast::FunctionDef& def,
                                                 const std::string& file, bool is_method);
  ir::TypePtr resolve_classes(const ir::TypePtr& t, const ast::SourceRange& where);

  SourceReader read_source_;
  const ir::OpCatalog& ops_;
  int64_t file_version_;
  std::map<std::string, std::unique_ptr<ast::Module>> modules_;  // by module path
  std::map<std::string, ir::ClassTypePtr> classes_;
  std::map<std::string, std::map<std::string, tsrt::Value>> class_constants_;
  std::map<std::string, std::vector<std::string>> named_tuple_fields_;
  std::map<std::string, bool> interfaces_;
  std::map<std::string, std::shared_ptr<ir::Function>> functions_;  // free functions
  std::map<const ir::Function*, FunctionSource> sources_;          // bodies not yet emitted
  std::vector<tsrt::Value> constants_;
};

// Evaluates a literal expression (defaults, class constants): numbers, strings, None, bools,
// lists and tuples of those, `inf`/`nan`, negation. Throws tsrt::Error with location otherwise.
tsrt::Value evaluate_literal(const ast::Expr& expr);

}  // namespace tsrt::script
