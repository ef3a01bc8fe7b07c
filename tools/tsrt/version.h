// The one place tsrt's version is kept (`tsrt --version`).
#pragma once

namespace tsrt::cli {

inline constexpr char kVersion[] = "0.5.0";

}  // namespace tsrt::cli
