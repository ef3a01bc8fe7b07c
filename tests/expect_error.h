// `f()` must throw a tsrt::Error whose message contains every needle; shared by the unit tests
// of the parsers and kernels that check their refusals.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "runtime/error.h"

namespace tsrt::testing {

template <typename F>
void expect_error(F f, const std::vector<std::string>& needles) {
  try {
    f();
    ADD_FAILURE() << "expected an error containing '" << (needles.empty() ? "" : needles[0]) << "'";
  } catch (const Error& e) {
    for (const std::string& needle : needles) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }
}

// expect_error(f, {"first", "second"}): a braced list of literals (which a std::string
// parameter would also accept, through its iterator-pair constructor).
template <typename F>
void expect_error(F f, std::initializer_list<const char*> needles) {
  expect_error(f, std::vector<std::string>(needles.begin(), needles.end()));
}

template <typename F>
void expect_error(F f, const std::string& needle) {
  expect_error(f, std::vector<std::string>{needle});
}

}  // namespace tsrt::testing
