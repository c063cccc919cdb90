import os, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PEFT_STUDY_ROOT", str(ROOT))
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
BIN = Path(sys.executable).parent


@pytest.fixture
def root(): return ROOT
