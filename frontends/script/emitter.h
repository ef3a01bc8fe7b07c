// The emitter: one ast::FunctionDef -> the body of an ir::Function (SSA, typed values,
// schema-resolved op nodes, prim::If / prim::Loop blocks, source locations on every node).
#pragma once

#include "frontends/script/ast.h"
#include "frontends/script/importer.h"
#include "ir/graph.h"

namespace tsrt::script {

void emit_function_body(Importer& importer, ir::Function& fn, const ast::FunctionDef& def);

}  // namespace tsrt::script
