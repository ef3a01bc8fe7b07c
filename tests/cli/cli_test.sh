#!/bin/sh
# tests/cli/cli_test.py with the binary and README from the runfiles.
exec /usr/bin/python3 tests/cli/cli_test.py tools/tsrt/tsrt README.md tools/reference/reference_runner
