#!/usr/bin/env bash
# Installs every Debian package tsrt needs. Idempotent and quiet; fails loudly on a missing package.
set -euo pipefail

packages=(
  bazel-bootstrap bazel-rules-java g++ zlib1g-dev
  libdnnl-dev libeigen3-dev libxtensor-dev libxsimd-dev
  libgtest-dev nlohmann-json3-dev libcli11-dev libfmt-dev libabsl-dev
  libtorch-dev python3-torch python3-torchvision python3-numpy libopenblas0-pthread
  clang-14 libclang-rt-14-dev libomp-14-dev
  pybind11-dev python3-dev python3-pytest python3-distributed cmake pkg-config
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/tmp/tsrt-setup-apt.log 2>&1; then
    echo "setup: apt-get install failed; see /tmp/tsrt-setup-apt.log" >&2
    tail -20 /tmp/tsrt-setup-apt.log >&2
    exit 1
  fi
fi

# Debian's torch, never a pyenv or venv interpreter that lacks it.
/usr/bin/python3 -c "import torch, numpy" || { echo "setup: python3-torch is not importable by /usr/bin/python3" >&2; exit 1; }
