// tsrt passes: every registered pass with its one-line description, and what `default` runs.
#include <cstdio>

#include "passes/pipeline.h"
#include "tools/tsrt/commands.h"

namespace tsrt::cli {

int cmd_passes() {
  std::printf("passes (compose with --passes a,b,c; 'default' is the tuned pipeline, 'none' runs the graph as "
              "loaded):\n");
  for (const passes::PassInfo& p : passes::PassRegistry::global().all()) {
    std::printf("  %-24s %s\n", p.name.c_str(), p.description.c_str());
  }
  std::string pipeline;
  for (const std::string& name : passes::default_pipeline()) pipeline += (pipeline.empty() ? "" : ",") + name;
  std::printf("default: %s\n", pipeline.c_str());
  return 0;
}

void check_pass_names(const std::string& pipeline, const std::string& print_after) {
  try {
    passes::expand_pipeline(pipeline);
  } catch (const Error& e) {
    throw Error(std::string("--passes ") + pipeline + ": " + e.what());
  }
  if (print_after.empty() || passes::PassRegistry::global().find(print_after)) return;
  std::string known;
  for (const passes::PassInfo& p : passes::PassRegistry::global().all()) known += (known.empty() ? "" : ", ") + p.name;
  throw Error("--print-after: unknown pass '" + print_after + "' (known: " + known + ")");
}

}  // namespace tsrt::cli
