import os, re, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PEFT_STUDY_ROOT", str(ROOT))
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
BIN = Path(sys.executable).parent


@pytest.fixture
def root(): return ROOT


def job_counts(text: str) -> dict:
    "{rule: jobs} from the job-stats table Snakemake prints for a (dry) run."
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", text, re.M)}
