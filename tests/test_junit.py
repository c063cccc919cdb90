"""The unit-test harness on real corpus pairs (commons-cli, test split): golden tests all pass; misbehaving tests
(loops, exits, forks, memory bombs, sockets, writes and deletes outside the sandbox, sleeps, output floods,
leftover threads, poisoned static state of the library and of the JVM) each get their own status, change nothing
outside the sandbox, and leave the other results of their batch exactly as in a clean run; so do attacks on the
harness itself (attacks.hostile), generations of odd bytes, and generations that add top-level classes."""
import shutil
from pathlib import Path
import pytest
from attacks import attacks, leftover_forks
from peft_study.data import load_split
from peft_study.corpus import library_env
from peft_study.junit import evaluate_tests
from peft_study.execution import ExecutionNotAllowed

LIB = "commons-cli:commons-cli:1.6.0"
pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("mvn") is None,
                                reason="needs bubblewrap and Maven: run `make setup`")
KEEP = ("status", "compile_error_kind", "instructions_covered", "instructions_missed", "branches_covered", "branches_missed")


@pytest.fixture(scope="module")
def batch():
    rows = [r for r in load_split("corpus", "test") if r["library"] == LIB]
    # spread over the test classes: OptionBuilder's static state is shared by several of them
    return rows[::max(1, len(rows) // 36)][:36]


@pytest.fixture(scope="module")
def envs(): return {LIB: library_env(LIB)}


def test_refused_without_permission(batch, envs, monkeypatch):
    monkeypatch.delenv("PEFT_STUDY_ALLOW_CODE_EXECUTION", raising=False)
    with pytest.raises(ExecutionNotAllowed, match="untrusted"):
        evaluate_tests(batch[:1], {}, envs, allow=False)


MARKER = Path("/tmp/peft_study_junit_escape_marker")
OUTSIDE = Path.cwd() / "junit_escape.txt"
VICTIM = Path(__file__)
ATTACKS = {**attacks(OUTSIDE, VICTIM, MARKER),  # the shared attacks, then those this harness handles its own way
    "flood": ("for (int i = 0; i < 3_000_000; i++) System.out.println(\"flood flood flood flood flood flood\");", ("success", "timeout")),
    # static state: the library's OptionBuilder keeps the half-built option in static fields, and JVM-wide settings
    "static_poison": ("org.apache.commons.cli.OptionBuilder.withLongOpt(\"poison\").hasArgs(7).isRequired(); "
                      "System.setProperty(\"line.separator\", \"X\"); java.util.Locale.setDefault(java.util.Locale.CHINA);",
                      "success"),
}


def test_adversarial_batch(batch, envs):
    clean = {r["id"]: r for r in evaluate_tests(batch, {r["id"]: r["target"] for r in batch}, envs, allow=True, test_timeout_s=5)}
    assert all(r["status"] == "success" for r in clean.values()), [r for r in clean.values() if r["status"] != "success"]
    # the developers' tests, fed back as generations, reproduce the golden coverage recorded in the corpus
    assert all((clean[r["id"]]["instructions_covered"], clean[r["id"]]["branches_covered"]) ==
               (r["INSTRUCTION_COVERED"], r["BRANCH_COVERED"]) for r in batch)
    attacked = {p["id"]: name for name, p in zip(ATTACKS, batch[1::2])}
    gens = {r["id"]: ("        if (true) { " + ATTACKS[attacked[r["id"]]][0] + " }\n" if r["id"] in attacked else "") + r["target"]
            for r in batch}
    rows = {r["id"]: r for r in evaluate_tests(batch, gens, envs, allow=True, test_timeout_s=5)}
    for rid, name in attacked.items():
        want = ATTACKS[name][1]
        assert rows[rid]["status"] in ((want,) if isinstance(want, str) else want), (name, rows[rid])
    for rid in clean:
        if rid not in attacked:
            assert {k: rows[rid][k] for k in KEEP} == {k: clean[rid][k] for k in KEEP}, rid   # exactly a clean run's results
    assert not OUTSIDE.exists() and VICTIM.is_file() and not MARKER.exists()
    assert not leftover_forks()


def test_two_jvms_give_the_results_of_one(batch, envs):
    gens = {r["id"]: r["target"] for r in batch}
    one = evaluate_tests(batch, gens, envs, allow=True, jvms=1)
    two = evaluate_tests(batch, gens, envs, allow=True, jvms=2)
    assert [{k: r[k] for k in KEEP} for r in one] == [{k: r[k] for k in KEEP} for r in two]


def test_mutation_matrix_on_golden_tests(batch, envs):
    few = batch[:6]
    res = evaluate_tests(few, {r["id"]: r["target"] for r in few}, envs, allow=True, mutation=True)
    assert all(r["mutation_error"] is None for r in res), [r["mutation_error"] for r in res]
    assert all(r["mutants_killed"] is not None for r in res)
    assert sum(r["mutants_killed"] for r in res) > 0
    for r in res:
        total = r["mutants_killed"] + r["mutants_survived"] + r["mutants_no_coverage"]
        assert total == 0 or abs(r["mutation_score"] - r["mutants_killed"] / total) < 1e-12


def _own_reports(row, env, tmp):
    """JaCoCo's and PIT's own reports for one developer test, run the ordinary way (console launcher under the
    JaCoCo agent, then `jacococli report`; PIT on that one test class, no method exclusions)."""
    import subprocess, xml.etree.ElementTree as ET
    from peft_study.junit import sample_file, jars, java_lib, FRAMEWORK_JARS, PIT_JARS
    lib = java_lib()
    name, text = sample_file(row, row["target"], "own")
    src = tmp / "src" / (name.replace(".", "/") + ".java"); src.parent.mkdir(parents=True); src.write_text(text)
    cp = [str(tmp / "classes"), *map(str, env["classpath"])]
    subprocess.run(["javac", "-nowarn", "-proc:none", "-d", str(tmp / "classes"), "-cp", ":".join(cp + jars(FRAMEWORK_JARS)), str(src)],
                   check=True, capture_output=True)
    exec_file = tmp / "jacoco.exec"
    run = subprocess.run(["java", f"-javaagent:{lib / 'org.jacoco.agent-runtime.jar'}=destfile={exec_file}",
                          "-jar", str(lib / "junit-platform-console-standalone.jar"), "execute", "--disable-banner",
                          "--details=none", "--class-path", ":".join(cp + jars(FRAMEWORK_JARS[1:])),
                          "--select-method", f"{name}#{row['test_method']}"], capture_output=True, text=True, cwd=tmp)
    subprocess.run(["java", "-jar", str(lib / "org.jacoco.cli-nodeps.jar"), "report", str(exec_file), "--classfiles",
                    env["focal_jar"], "--xml", str(tmp / "jacoco.xml")], check=True, capture_output=True)
    counters = {}
    for cls in ET.parse(tmp / "jacoco.xml").getroot().iter("class"):
        if cls.get("name") != row["focal_class"]: continue
        for m in cls.iter("method"):
            if (m.get("name"), m.get("desc")) == (row["focal_method"], row["focal_method_desc"]):
                counters = {c.get("type"): (int(c.get("missed")), int(c.get("covered"))) for c in m.iter("counter")}
    subprocess.run(["java", "-cp", ":".join(jars(PIT_JARS)), "org.pitest.mutationtest.commandline.MutationCoverageReport",
                    "--reportDir", str(tmp / "pit"), "--targetClasses", row["focal_class"].replace("/", "."), "--targetTests", name,
                    "--classPath", ",".join(cp + jars(FRAMEWORK_JARS)), "--mutableCodePaths", env["focal_jar"],
                    "--sourceDirs", str(tmp / "src"), "--outputFormats", "XML", "--timestampedReports", "false",
                    "--includedTestMethods", row["test_method"], "--skipFailingTests", "true", "--threads", "2"],
                   check=True, capture_output=True, cwd=tmp)
    mine = [m for m in ET.parse(tmp / "pit" / "mutations.xml").getroot().iter("mutation")
            if (m.findtext("mutatedClass"), m.findtext("mutatedMethod"), m.findtext("methodDescription")) ==
               (row["focal_class"].replace("/", "."), row["focal_method"], row["focal_method_desc"])]
    return run.returncode, counters, sum(m.get("detected") == "true" for m in mine), len(mine)


def test_agrees_with_jacoco_and_pit_run_one_by_one(batch, envs, tmp_path):
    few = batch[2:5]
    ours = evaluate_tests(few, {r["id"]: r["target"] for r in few}, envs, allow=True, mutation=True)
    for i, (row, o) in enumerate(zip(few, ours)):
        rc, counters, killed, total = _own_reports(row, envs[LIB], tmp_path / str(i))
        assert rc == 0 and o["status"] == "success"
        assert counters["INSTRUCTION"] == (o["instructions_missed"], o["instructions_covered"]), row["id"]
        assert counters.get("BRANCH", (0, 0)) == (o["branches_missed"], o["branches_covered"]), row["id"]
        # the golden coverage recorded in the corpus is the same figure
        assert (row["INSTRUCTION_MISSED"], row["INSTRUCTION_COVERED"]) == counters["INSTRUCTION"]
        assert (killed, total) == (o["mutants_killed"], o["mutants_killed"] + o["mutants_survived"] + o["mutants_no_coverage"]), row["id"]


@pytest.fixture(scope="module")
def wide_batch():
    rows = [r for r in load_split("corpus", "test") if r["library"] == LIB]
    return rows[::max(1, len(rows) // 50)][:50]


def test_hostile_batch(wide_batch, envs):
    """Attacks on the sandbox and the harness (privileges, secrets, host socket, disk, forged verdicts and coverage,
    class files, the runner, inherited JVM state, a javac crash), generations of odd characters, and generations that
    add a top-level class (one named like a library class, one like another sample's), mixed into the developers' own
    tests: each gets its own status, no canary reaches any output, every honest row is a clean run's (status and
    coverage), and the batch ends within its time limits."""
    import time
    from attacks import Canaries, hostile, odd_texts
    from peft_study.junit import java_tool, TEST_RUNNER, jars, FRAMEWORK_JARS
    from peft_study.execution import VERDICTS_JAVA
    batch = wide_batch
    runner = java_tool("TestRunner", TEST_RUNNER + VERDICTS_JAVA, jars(FRAMEWORK_JARS)) / "Verdicts.class"
    runner_bytes = runner.read_bytes()
    clean = {r["id"]: r for r in evaluate_tests(batch, {r["id"]: r["target"] for r in batch}, envs, allow=True, test_timeout_s=10)}
    assert all(r["status"] == "success" for r in clean.values())
    with Canaries() as c:
        attacks_ = hostile(c)
        attacked = {r["id"]: name for name, r in zip(attacks_, batch[1::2])}
        odd = {r["id"]: name for name, r in zip(odd_texts(""), batch[0::2])}
        extra = {r["id"]: name for name, r in zip(("library_class", "other_sample_class"), batch[0::2][len(odd):])}
        gens = {r["id"]: r["target"] for r in batch}
        gens.update({rid: "        if (true) { " + attacks_[name][0] + " }\n" + gens[rid] for rid, name in attacked.items()})
        gens.update({rid: odd_texts(gens[rid])[name][0] for rid, name in odd.items()})
        other = batch[-1]["test_class"].rpartition(".")[2] + f"_s{len(batch) - 1}"      # the last sample's class name
        for rid, name in extra.items():
            gens[rid] += "\nclass Option { }\n" if name == "library_class" else f"\nclass {other} {{ }}\n"
        t0 = time.perf_counter()
        rows = {r["id"]: r for r in evaluate_tests(batch, gens, envs, allow=True, test_timeout_s=10)}
        wall = time.perf_counter() - t0
        assert not c.leaked(rows) and c.connections == 0
    for rid, name in attacked.items():
        want = attacks_[name][1]
        assert rows[rid]["status"] in ((want,) if isinstance(want, str) else want), (name, rows[rid])
    assert rows[next(r for r, n in attacked.items() if n == "javac_crash")]["compile_error_kind"] == "javac_crashed"
    for rid, name in odd.items():
        assert rows[rid]["status"] in odd_texts("")[name][1], (name, rows[rid])
    for rid in extra: assert (rows[rid]["status"], rows[rid]["compile_error_kind"]) == ("compile_error", "extra_top_level_type"), rows[rid]
    for rid in clean:
        if rid not in attacked and rid not in odd and rid not in extra:
            assert {k: rows[rid][k] for k in KEEP} == {k: clean[rid][k] for k in KEEP}, (rid, rows[rid])   # a clean run's results
    assert wall < 10 * len(batch) + 300           # the batch's own limit (no timing claim: a loaded machine is slow)
    assert runner.read_bytes() == runner_bytes and not Path("/usr/lib/peft_escape").exists()
    assert not leftover_forks()
