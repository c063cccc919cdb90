"""Unit-test harness benchmark: the batched evaluation (one javac pass, one JVM for many tests, one coverage
analysis) vs one process chain per test (its own javac, its own JVM, its own coverage analysis: what a per-test
build does, minus Maven's own start-up, so the ratio leans low). Both side by side in one run, same samples,
same results checked equal. Target: >= 10x. Not a timed test: machines are noisy.

It also counts the sandboxed JVMs the batched run started (one, plus one after each test that left its JVM unfit
or ended it): the isolation's restarts. `--batched-only` times the batched run alone, so that the cost of the
isolation can be measured against an older harness on the same samples (run this file with that harness first on
PYTHONPATH).

  .venv/bin/python benchmarks/bench_harness.py [--n 200] [--library org.apache.commons:commons-lang3:3.13.0] [--split train] [--batched-only]
"""
import argparse, os, time

os.environ.setdefault("PEFT_STUDY_ALLOW_CODE_EXECUTION", "1")


def main():
    ap = argparse.ArgumentParser(); ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--library", default="org.apache.commons:commons-lang3:3.13.0"); ap.add_argument("--split", default="train")
    ap.add_argument("--batched-only", action="store_true")
    a = ap.parse_args()
    import peft_study.junit as junit
    from peft_study.data import load_split
    from peft_study.corpus import library_env
    rows = [r for r in load_split("corpus", a.split) if r["library"] == a.library]
    rows = [rows[i * len(rows) // a.n] for i in range(min(a.n, len(rows)))]      # spread over the library's test classes
    envs = {a.library: library_env(a.library)}
    gens = {r["id"]: r["target"] for r in rows}
    junit.evaluate_tests(rows[:2], gens, envs, allow=True)                # warm the caches (tools compiled, files read)
    jvms, run = [0], junit.run_sandboxed
    def counted(cmd, *args, **kw):
        jvms[0] += any(str(c).endswith("TestRunner") for c in cmd); return run(cmd, *args, **kw)
    junit.run_sandboxed = counted
    t0 = time.perf_counter(); batched = junit.evaluate_tests(rows, gens, envs, allow=True); t_batch = time.perf_counter() - t0
    junit.run_sandboxed = run
    passed = sum(r["status"] == "success" for r in batched)
    print(f"harness: {junit.__file__}")
    if a.batched_only:
        print(f"{len(rows)} golden tests of {a.library}: batched {t_batch:.1f}s, {jvms[0]} JVMs; {passed}/{len(rows)} pass")
        return
    t0 = time.perf_counter(); single = [junit.evaluate_tests([r], gens, envs, allow=True)[0] for r in rows]
    t_single = time.perf_counter() - t0
    keys = ("status", "instructions_covered", "instructions_missed", "branches_covered", "branches_missed")
    same = all({k: x[k] for k in keys} == {k: y[k] for k in keys} for x, y in zip(batched, single))
    print(f"{len(rows)} golden tests of {a.library}: batched {t_batch:.1f}s ({jvms[0]} JVMs), one process chain per test "
          f"{t_single:.1f}s, ratio {t_single / t_batch:.1f}x (target >= 10x); identical results: {same}; {passed}/{len(rows)} pass")


if __name__ == "__main__":
    main()
