"""The shipped corpus: size, libraries, golden coverage, splits by library, manifest; and a rebuild of one library
end to end (Maven → mining → golden tests) that gives exactly the shipped rows for it."""
import collections, json, re, shutil
import pytest
from peft_study.corpus import build_corpus
from peft_study.artifacts import corpus_dir, load_corpus_config
from peft_study.pairs import build_source
from peft_study.data import load_split, read_jsonl

CORPUS = corpus_dir() / "pairs.jsonl.gz"
REBUILT = "commons-cli:commons-cli:1.6.0"


@pytest.fixture(scope="module")
def rows(): return read_jsonl(CORPUS)


def test_size_and_libraries(rows):
    libs = collections.Counter(r["library"] for r in rows)
    assert len(rows) >= 3000 and len(libs) >= 8, (len(rows), libs)
    assert all(r["golden_status"] == "success" and r["INSTRUCTION_COVERED"] > 0 for r in rows)
    assert all(0 < r["golden_instruction_coverage"] <= 1 for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


def test_splits_by_library(rows):
    split_of = {l["coordinates"]: l["split"] for l in load_corpus_config()}
    per_lib = collections.defaultdict(set)
    for r in rows: per_lib[r["library"]].add(r["split"])
    assert all(s == {split_of[l]} for l, s in per_lib.items()), per_lib
    assert {r["split"] for r in rows} == {"train", "validation", "test"}
    pairs = collections.defaultdict(set)
    for r in rows: pairs[(r["source"], r["target"])].add(r["split"])
    assert all(len(s) == 1 for s in pairs.values())
    assert len(pairs) == len(rows)      # no duplicate pair at all


def test_rows_are_consistent(rows):
    for r in rows[::97]:
        assert r["source"] == build_source(r)
        assert r["source"].endswith(r["test_method_header"]) and r["test_prefix"].endswith(r["test_method_header"])
        assert re.fullmatch(r"\(.*\).+", r["focal_method_desc"])
    assert len(load_split("corpus", "test")) == sum(r["split"] == "test" for r in rows)


def test_manifest(rows):
    manifest = json.loads((corpus_dir() / "manifest.json").read_text())
    libs = {r["library"] for r in rows}
    roles = collections.defaultdict(set)
    for m in manifest:
        assert re.fullmatch(r"[0-9a-f]{64}", m["sha256"]), m
        roles[m["library"]].add(m["role"])
    assert all({"jar", "sources", "test-sources", "pom"} <= roles[l] for l in libs)
    drops = json.loads((corpus_dir() / "drops.json").read_text())
    assert set(drops) == {l["coordinates"] for l in load_corpus_config()}
    assert sum(d["kept"] for d in drops.values()) == len(rows)


@pytest.mark.skipif(shutil.which("mvn") is None or shutil.which("bwrap") is None, reason="needs Maven and bubblewrap")
def test_rebuild_one_library_gives_the_shipped_rows(rows, tmp_path):
    build_corpus(out=tmp_path / "out", only=[REBUILT], cache=tmp_path / "cache", log=lambda m: None)
    rebuilt = read_jsonl(tmp_path / "out" / "pairs.jsonl.gz")
    shipped = [r for r in rows if r["library"] == REBUILT]
    assert len(rebuilt) == len(shipped) > 20
    assert rebuilt == shipped
    manifest = lambda path: [m for m in json.loads(path.read_text()) if m["library"] == REBUILT]
    assert manifest(tmp_path / "out" / "manifest.json") == manifest(corpus_dir() / "manifest.json")   # same artifacts, same bytes


@pytest.mark.skipif(shutil.which("mvn") is None, reason="needs Maven")
def test_missing_artifact_names_its_coordinates(tmp_path):
    from peft_study.artifacts import resolve_library, CorpusError
    with pytest.raises(CorpusError, match="cannot resolve org.jsoup:jsoup:1.17.2"):   # jsoup publishes no test sources
        resolve_library("org.jsoup:jsoup:1.17.2", tmp_path)
