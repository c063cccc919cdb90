"""CodeBLEU's data-flow match (the `codebleu` package) orders Python sets, so a sample's score depends on the
interpreter's hash seed. `peft-study evaluate` runs under a fixed seed whatever the caller's environment says.

tests/data/codebleu_hash_seed.jsonl: generations of SmolLM2-135M-Instruct (the default study's baseline, an offline
prompt-tuning run) for the 4 test prompts of `--limit 4`; CSVPrinterTest#testDelimiterPlain's scores 0.189 under hash
seed 1 and 0.161 under seed 2 (measured)."""
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest

DATA = Path(__file__).parent / "data" / "codebleu_hash_seed.jsonl"
ROOT = Path(__file__).resolve().parent.parent
SENSITIVE = "commons-csv/org.apache.commons.csv.CSVPrinterTest#testDelimiterPlain"

def _env(seed):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}
    if seed is not None: env["PYTHONHASHSEED"] = seed
    return env

def _library_score(seed) -> float:
    code = ("import json; from peft_study.data import load_split; from peft_study.metrics import codebleu\n"
            f"g = {{r['id']: r['generation'] for r in map(json.loads, open({str(DATA)!r}))}}\n"
            f"row = [r for r in load_split('corpus-fmfcc', 'test', 4) if r['id'] == {SENSITIVE!r}][0]\n"
            "print(codebleu(row['target'], g[row['id']]))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(seed), cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return float(r.stdout.strip().splitlines()[-1])

def _cli_scores(seed, out: Path) -> dict:
    r = subprocess.run([sys.executable, "-m", "peft_study.cli", "evaluate", "--dataset", "corpus-fmfcc", "--split", "test",
                        "--limit", "4", "--generations", str(DATA), "--out", str(out)],
                       capture_output=True, text=True, env=_env(seed), cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return {m["id"]: m["codebleu"] for m in map(json.loads, out.read_text().splitlines())}

@pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("javac") is None,
                    reason="evaluate judges strict validity with javac, in the bubblewrap sandbox")
def test_evaluate_codebleu_does_not_depend_on_the_callers_hash_seed(tmp_path):
    assert _library_score("1") != _library_score("2")            # the package's own dependence on the seed
    unset, one, two = (_cli_scores(s, tmp_path / f"m{s}.jsonl") for s in (None, "1", "2"))
    assert unset == one == two
