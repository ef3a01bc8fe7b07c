#!/usr/bin/env bash
# Builds the Python package (python/) and installs it for Debian's /usr/bin/python3, so that
# `python3 -c "import tsrt"` works in any new shell: the package is assembled in build/python/tsrt
# and a tsrt.pth file in python3's site folder names build/python. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bazel build //python:_tsrt.so

package="$root/build/python/tsrt"
mkdir -p "$package"
# Copy the .so over the old one by a rename: a running python keeps its mapped copy intact.
cp -f python/tsrt/*.py "$package/"
cp -f bazel-bin/python/_tsrt.so "$package/_tsrt.so.tmp"
chmod u+w "$package/_tsrt.so.tmp"
mv -f "$package/_tsrt.so.tmp" "$package/_tsrt.so"

# The first site folder is the local administrator's (/usr/local/lib/python3.X/dist-packages).
site=$(/usr/bin/python3 -c "import site; print(site.getsitepackages()[0])")
pth="$site/tsrt.pth"
if [ "$(cat "$pth" 2>/dev/null)" != "$root/build/python" ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" mkdir -p "$site"
  echo "$root/build/python" | "${sudo_cmd[@]}" tee "$pth" >/dev/null
fi

cd /
/usr/bin/python3 -c "import tsrt; print('tsrt', tsrt.__version__, 'for python3 at', tsrt.__file__)"
