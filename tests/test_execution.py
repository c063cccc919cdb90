"""The sandboxed harness: HumanEval-X canonical solutions pass 164/164, empty bodies none; misbehaving programs
(loops, exits, forks, memory bombs, sockets, writes outside the sandbox, sleeps, output floods, leftover threads)
each get their own status, change nothing outside the sandbox, and leave the other results of their batch exactly
as in a clean run; so do attacks on the harness itself (attacks.hostile: privileges, secrets behind canaries, the
disk, forged verdicts, class files, the runner, inherited JVM state, a javac crash) and generations of odd bytes."""
import shutil
from pathlib import Path
import pytest
from attacks import attacks, leftover_forks
from peft_study.data import load_humaneval_x, HUMANEVAL_X_PATH
from peft_study.env import project_root
from peft_study.execution import evaluate_codegen, pass_at_1, ExecutionNotAllowed

HE = project_root() / HUMANEVAL_X_PATH
pytestmark = [pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap missing: run `make setup`")]


@pytest.fixture(scope="module")
def problems(): return load_humaneval_x()


def test_canonical_pass_and_empty_fail(problems):
    assert pass_at_1(evaluate_codegen(problems, {p["id"]: p["canonical_solution"] for p in problems}, allow=True)) == 1.0
    empty = evaluate_codegen(problems, {p["id"]: "\n    }\n}" for p in problems}, allow=True)
    assert pass_at_1(empty) == 0.0 and {r["status"] for r in empty} == {"compile_error"}


def test_refused_without_permission(problems, monkeypatch):
    monkeypatch.delenv("PEFT_STUDY_ALLOW_CODE_EXECUTION", raising=False)
    with pytest.raises(ExecutionNotAllowed, match="untrusted"):
        evaluate_codegen(problems[:1], {}, allow=False)


MARKER = Path("/tmp/peft_study_escape_marker")
ATTACKS = {**attacks(Path.cwd() / "escape.txt", HE, MARKER),  # the shared attacks, then those this harness handles its own way
    # ends at the output-size cap (the JVM dies: error) or at the time limit, whichever comes first
    "flood": ("for (int i = 0; i < 100_000_000; i++) System.out.println(\"flood flood flood flood flood flood flood flood\");", ("error", "timeout")),
    "static_poison": ("System.setProperty(\"line.separator\", \"X\"); System.setOut(null);", "success"),
}


def test_adversarial_batch(problems):
    # the first 40 problems: the canonical solution, except that 13 run an attack first
    batch = problems[:40]
    clean = {r["id"]: r["status"] for r in evaluate_codegen(batch, {p["id"]: p["canonical_solution"] for p in batch}, allow=True)}
    attacked = {}
    for (name, (code, _)), p in zip(ATTACKS.items(), batch[::3]):
        attacked[p["id"]] = name
    bodies = {}
    for p in batch:
        body = p["canonical_solution"]
        if p["id"] in attacked: body = "\n        if (true) { " + ATTACKS[attacked[p["id"]]][0] + " }" + body
        bodies[p["id"]] = body
    rows = {r["id"]: r for r in evaluate_codegen(batch, bodies, allow=True, test_timeout_s=3)}
    for pid, name in attacked.items():
        want = ATTACKS[name][1]
        assert rows[pid]["status"] in ((want,) if isinstance(want, str) else want), (name, rows[pid])
    for pid in clean:
        if pid not in attacked:
            assert rows[pid]["status"] == clean[pid], (pid, rows[pid])      # the rest: exactly a clean run's results
    assert not (Path.cwd() / "escape.txt").exists() and HE.is_file() and not MARKER.exists()
    assert not leftover_forks()


def _with(attack: str, body: str) -> str:
    return "\n        if (true) { " + attack + " }" + body


def test_hostile_batch(problems):
    """Attacks on the sandbox and the harness (privileges, secrets, host socket, disk, forged verdicts, class files,
    the runner, inherited JVM state, a javac crash) and generations of odd characters, mixed into a batch of correct
    solutions: each gets its own status, no canary reaches any output, and every correct solution's row is a clean run's."""
    from attacks import Canaries, hostile, odd_texts
    from peft_study.execution import java_tool, BATCH_RUNNER, VERDICTS_JAVA
    batch = problems[40:120]
    runner = java_tool("BatchRunner", BATCH_RUNNER + VERDICTS_JAVA, []) / "Verdicts.class"
    runner_bytes = runner.read_bytes()
    clean = {r["id"]: r for r in evaluate_codegen(batch, {p["id"]: p["canonical_solution"] for p in batch}, allow=True)}
    with Canaries() as c:
        attacks_ = hostile(c)
        attacked = {p["id"]: name for name, p in zip(attacks_, batch[::3])}
        odd = {p["id"]: name for name, p in zip(odd_texts(""), batch[1::3])}
        bodies = {p["id"]: p["canonical_solution"] for p in batch}
        bodies.update({pid: _with(attacks_[name][0], bodies[pid]) for pid, name in attacked.items()})
        bodies.update({pid: odd_texts(bodies[pid])[name][0] for pid, name in odd.items()})
        rows = {r["id"]: r for r in evaluate_codegen(batch, bodies, allow=True, test_timeout_s=10)}
        assert not c.leaked(rows) and c.connections == 0
    for pid, name in attacked.items():
        want = attacks_[name][1]
        assert rows[pid]["status"] in ((want,) if isinstance(want, str) else want), (name, rows[pid])
    assert rows[next(p for p, n in attacked.items() if n == "javac_crash")]["compile_error_kind"] == "javac_crashed"
    for pid, name in odd.items():
        assert rows[pid]["status"] in odd_texts("")[name][1], (name, rows[pid])
    for pid in clean:
        if pid not in attacked and pid not in odd:
            assert rows[pid] | {"duration_ms": None} == clean[pid] | {"duration_ms": None}, (pid, rows[pid])
    assert runner.read_bytes() == runner_bytes and not Path("/usr/lib/peft_escape").exists()
    assert not leftover_forks()
