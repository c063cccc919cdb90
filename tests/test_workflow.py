"""The Snakemake grid: a dry run of the paper's study lists its 65 runs and their evaluations, locally and through
the SLURM profile; dataset loaders read the data shipped in data/ through the public API."""
import subprocess
import pytest
from conftest import ROOT, BIN, job_counts
from peft_study.data import load_split, load_humaneval_x, dataset_path, DataError


def dry_run(*extra):
    out = subprocess.run([str(BIN / "peft-study"), "study", "paper", "--dry-run", *extra], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out.stdout + out.stderr


def test_paper_dry_run_lists_65_runs():
    counts = job_counts(dry_run())
    # each run: its tests evaluated on the corpus, its HumanEval-X solutions run (forgetting check)
    assert counts["run"] == 65 and counts["evaluate"] == 65 and counts["codegen"] == 65 and counts["analysis"] == 1


def test_paper_dry_run_through_slurm_profile():
    counts = job_counts(dry_run("--profile", str(ROOT / "workflow/profiles/slurm")))
    assert counts["run"] == 65


def test_shipped_loaders():
    rows = load_split("methods2test-runnable-sample", "test")
    assert len(rows) == 3021 and all(r["source"] and r["target"] for r in rows)
    he = load_humaneval_x()
    assert len(he) == 164 and he[0]["id"] == "Java/0"


def test_malformed_row_names_file_and_line(tmp_path):
    from peft_study.data import read_jsonl
    p = tmp_path / "pairs.jsonl"
    p.write_text('{"id": "1", "source": "a", "target": "b"}\n{"id": "2", "source": "a"}\n')
    with pytest.raises(DataError, match=r"pairs.jsonl:2: missing field 'target'"):
        read_jsonl(p)
