#!/usr/bin/python3
"""Writes every operator schema stock torch knows, one per line in torch's own order, to the
catalog tsrt resolves TorchScript calls against (ir/torch_schemas/). Run with Debian's
/usr/bin/python3 (python3-torch 1.13 and python3-torchvision, so torchvision:: ops are listed):

    /usr/bin/python3 tools/schemas/dump_torch_schemas.py ir/torch_schemas/torch_1_13.txt

Namespaces that never run in a CPU inference graph (GPU fusers, distributed, torch's own tests)
are left out."""
import sys

import torch
import torchvision  # noqa: F401  (registers the torchvision:: ops)

SKIPPED_NAMESPACES = ("nvprims::", "c10d::", "_test::")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: dump_torch_schemas.py OUT.txt")
    lines = [str(s) for s in torch._C._jit_get_all_schemas()]
    kept = [line for line in lines if not line.startswith(SKIPPED_NAMESPACES)]
    for line in kept:
        if "\n" in line:
            sys.exit("a schema spans lines: " + line)
    with open(sys.argv[1], "w") as out:
        out.write("# Operator schemas of torch %s + torchvision %s (torch._C._jit_get_all_schemas(), torch's "
                  "order; %d of %d kept). Regenerate: /usr/bin/python3 tools/schemas/dump_torch_schemas.py %s\n"
                  % (torch.__version__, torchvision.__version__, len(kept), len(lines), sys.argv[1]))
        for line in kept:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
