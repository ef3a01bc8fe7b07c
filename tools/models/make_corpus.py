"""Writes the model corpus: TorchScript files, their inputs and stock PyTorch's outputs, and
DIR/manifest.json describing how to run each (see tests/corpus/corpus_test.cc).

    /usr/bin/python3 tools/models/make_corpus.py --out DIR [--tiny-only | --bert-base]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import bert  # noqa: E402
import control_flow  # noqa: E402
import script_features  # noqa: E402
import seeds  # noqa: E402
import sequence  # noqa: E402
import tensor_ops  # noqa: E402
import vision  # noqa: E402
from corpus import Corpus  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder to write into")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--tiny-only", action="store_true", help="only the small test models (default)")
    size.add_argument("--bert-base", action="store_true",
                      help="also traced_bert.pt and traced_bert_seq128.pt (BERT-base, ~440 MB each)")
    args = parser.parse_args()

    torch.set_num_threads(min(2, torch.get_num_threads()))
    start = time.time()
    corpus = Corpus(args.out)
    for family in (seeds, control_flow, script_features, tensor_ops, bert, vision, sequence):
        family_start = time.time()
        if family is bert:
            family.add_to_corpus(corpus, bert_base=args.bert_base)
        else:
            family.add_to_corpus(corpus)
        print(f"make_corpus: {family.__name__}: {time.time() - family_start:.1f} s")
    path = corpus.write_manifest()
    print(f"make_corpus: {len(corpus.entries)} entries in {path} ({time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
