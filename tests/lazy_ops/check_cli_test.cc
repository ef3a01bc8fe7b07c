// `tsrt check MODEL`: every op without a kernel and every unsupported construct at once, with
// their code/ lines, exit 1 if any; `run` warns about kernel-less ops at load; `info` ends with
// the support verdict. Runs the binary on tools/models/lazy_ops.py's models.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "tests/op_golden.h"

namespace tsrt {
namespace {

std::string dir() { return testing::testdata_dir() + "/lazy_ops/"; }

// Runs `command` (stderr joined to stdout), returns its output and sets `status`.
std::string run(const std::string& command, int& status) {
  std::FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int s = pclose(pipe);
  status = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CheckCli, ListsEveryOpWithoutKernelWithItsLine) {
  int status = 0;
  std::string out = run("tools/tsrt/tsrt check " + dir() + "untaken.pt", status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_TRUE(contains(out, "no kernel: aten::special_zeta.other_scalar (code/__torch__.py:14)")) << out;
  EXPECT_TRUE(contains(out, "no kernel: aten::histc (code/__torch__.py:19)")) << out;
}

TEST(CheckCli, ListsAnUnknownOpAsUnsupportedOnce) {
  int status = 0;
  std::string out = run("tools/tsrt/tsrt check " + dir() + "unknown_op.pt", status);
  EXPECT_EQ(status, 1) << out;
  size_t first = out.find("unknown op aten::no_such_op");
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_EQ(out.find("unknown op aten::no_such_op", first + 1), std::string::npos) << "listed twice: " << out;
  EXPECT_TRUE(contains(out, "code/__torch__.py:14")) << out;
}

TEST(CheckCli, SupportedModelExitsZero) {
  int status = 0;
  std::string out = run("tools/tsrt/tsrt check " + testing::testdata_dir() + "/corpus/bert_tiny_traced.pt", status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_TRUE(contains(out, "supported: every op has a kernel")) << out;
}

TEST(CheckCli, RunWarnsAtLoadThenFailsWhereTheOpIsReached) {
  int status = 0;
  std::string out = run("tools/tsrt/tsrt run " + dir() + "taken.pt --input " + dir() + "input.npy", status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_TRUE(contains(out, "warning: 1 op has no kernel and fails if reached: aten::histc (code/__torch__.py:19)"))
      << out;
  EXPECT_TRUE(
      contains(out, "tsrt: error: unsupported op aten::histc (code/__torch__.py:19): tsrt has no kernel for it"))
      << out;
  // The untaken model runs, without a warning: the default pipeline removed both branches.
  out = run("tools/tsrt/tsrt run " + dir() + "untaken.pt --input " + dir() + "input.npy", status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_FALSE(contains(out, "warning:")) << out;
}

TEST(CheckCli, InfoEndsWithTheVerdict) {
  int status = 0;
  std::string out = run("tools/tsrt/tsrt info " + dir() + "untaken.pt", status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_TRUE(contains(out, "not supported: 2 op(s) without a kernel (tsrt check lists them)\n")) << out;
  out = run("tools/tsrt/tsrt info " + testing::testdata_dir() + "/corpus/bert_tiny_traced.pt", status);
  EXPECT_TRUE(contains(out, "supported: every op has a kernel\n")) << out;
}

}  // namespace
}  // namespace tsrt
