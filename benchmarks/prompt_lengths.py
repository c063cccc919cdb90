"""Prompt and target lengths of the corpus splits at four methods2test context levels, with SmolLM2's tokenizer, and
how many pairs fit 512/1,024/2,048 tokens. Usage: .venv/bin/python benchmarks/prompt_lengths.py"""
import statistics, json
from peft_study.data import load_split
from peft_study.pairs import build_source
from peft_study.models import load_tokenizer
tok = load_tokenizer("smollm2-135m-instruct")
for split in ("train", "validation", "test"):
    rows = load_split("corpus", split)
    print(split, len(rows), "libraries", sorted({r["library"] for r in rows}))
    tl = [len(tok(r["target"], add_special_tokens=False)["input_ids"]) for r in rows]
    print("  target tokens median", statistics.median(tl), "p90", sorted(tl)[int(.9*len(tl))])
    for ctx in ("fm+fc+t+tc", "fm+fc+c+t+tc", "fm+fc+c+m+t+tc", "fm+fc+c+m+f+t+tc"):
        L = [len(tok(build_source(r, ctx), add_special_tokens=False)["input_ids"]) for r in rows]
        tot = [a + b for a, b in zip(L, tl)]
        print(f"  {ctx:18s} prompt median {statistics.median(L):6.0f} p90 {sorted(L)[int(.9*len(L))]:6d} max {max(L):6d}; "
              f"fit<=512 {sum(t<=512 for t in tot)} <=1024 {sum(t<=1024 for t in tot)} <=2048 {sum(t<=2048 for t in tot)}")
