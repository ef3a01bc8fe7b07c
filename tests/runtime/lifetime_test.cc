// A loaded model is freed completely when its last Module handle goes: classes, their emitted
// methods and the mapped archive. (Methods refer to their class through `self`'s type, and the
// class owns its methods: the importer must break that cycle.)
#include <memory>

#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(Lifetime, ClassesAndMethodsAreFreedWithTheModule) {
  std::string dir = testing::testdata_dir() + "/corpus/";
  std::weak_ptr<ir::ClassType> root_class;
  std::weak_ptr<ir::Graph> forward_graph;
  {
    Module m = load(dir + "seed_rnn_loop_scripted.pt");
    m.forward({Value(npy::read(dir + "seed_rnn_loop_scripted.in0.npy"))});
    root_class = m.root()->type;
    forward_graph = m.method("forward").graph;
    ASSERT_FALSE(root_class.expired());
    ASSERT_FALSE(forward_graph.expired());
  }
  EXPECT_TRUE(root_class.expired()) << "the module's class outlived the module (a reference cycle)";
  EXPECT_TRUE(forward_graph.expired()) << "forward's graph outlived the module";
}

}  // namespace
}  // namespace tsrt
