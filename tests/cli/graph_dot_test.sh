#!/bin/sh
# tests/cli/graph_dot_test.py with the binary from the runfiles.
exec /usr/bin/python3 tests/cli/graph_dot_test.py tools/tsrt/tsrt
