"""javac's parser against tree-sitter-java, on every generation of this project's studies that is shipped in
data/generations/study_generations.jsonl.gz (1,643 generations of SmolLM2-135M-Instruct and the tiny smoke model,
each judged in its test class, as strict `syntax_valid` judges it), and on the paper-style repair of each that does
not parse as written. Prints the agreement table, the time each parser took, and every disagreement.
Usage: .venv/bin/python benchmarks/javac_agreement.py"""
import collections, gzip, json, time
from pathlib import Path
from peft_study.data import load_split
from peft_study.javatext import split_prompt
from peft_study.metrics import parses, repair
from peft_study.javac import javac_parse

data = Path(__file__).resolve().parent.parent / "data" / "generations" / "study_generations.jsonl.gz"
gens = [json.loads(l) for l in gzip.open(data, "rt", encoding="utf-8")]
rows = {(ds, r["id"]): r for ds in sorted({g["dataset"] for g in gens}) for r in load_split(ds, "test")}
prefixes = [split_prompt(rows[(g["dataset"], g["id"])]["source"])[1] for g in gens]
texts = [p + g["generation"] for p, g in zip(prefixes, gens)]

def compare(name, texts):
    t0 = time.perf_counter(); ts = [parses(t) for t in texts]; t1 = time.perf_counter()
    jv = javac_parse(texts); t2 = time.perf_counter()
    table = collections.Counter((a, b[0]) for a, b in zip(ts, jv))
    agree = table[(True, True)] + table[(False, False)]
    print(f"{name}: {len(texts)} texts, agree on {agree} ({agree / len(texts):.1%}); javac accepts {table[(True, True)] + table[(False, True)]}; "
          f"tree-sitter {t1 - t0:.2f} s, javac {t2 - t1:.2f} s (one JVM)")
    print(f"  (tree-sitter, javac): {dict(sorted(table.items()))}")
    for t, a, b in zip(texts, ts, jv):
        if a != b[0]: print(f"  DISAGREE tree-sitter={a} javac={b}:\n{t[-400:]}\n")
    return ts, jv

ts, jv = compare("strict (generation in its test class)", texts)
repaired = [p + fx for p, g, ok in zip(prefixes, gens, ts) if not ok for fx in [repair(p, g["generation"])] if fx is not None]
compare("repaired (the generations that do not parse as written)", repaired)
print("runs:", dict(collections.Counter(g["run"] for g in gens)))
