"""The Java tools Maven fetched (`make tools`) work together: a JUnit 5 and a JUnit 4 test run in the console
launcher under the JaCoCo agent, and the JaCoCo CLI reports coverage of the class under test."""
import subprocess, textwrap
from pathlib import Path
import pytest
from conftest import ROOT

LIB = ROOT / "tools/java/lib"
JARS = ["junit-platform-console-standalone", "junit-vintage-engine", "junit", "hamcrest", "mockito-core",
        "org.jacoco.agent-runtime", "org.jacoco.cli-nodeps", "pitest-command-line", "pitest-junit5-plugin"]


def test_tools_are_fetched():
    missing = [j for j in JARS if not (LIB / f"{j}.jar").is_file()]
    assert not missing, f"missing from {LIB}: {missing}; run `make tools`"


def test_junit_jacoco_round_trip(tmp_path):
    src = tmp_path / "src"; src.mkdir()
    (src / "Calc.java").write_text("public class Calc { public int add(int a, int b) { return a + b; }\n"
                                   "  public int sign(int a) { if (a < 0) return -1; return 1; } }\n")
    (src / "CalcTest.java").write_text(textwrap.dedent("""
        import org.junit.jupiter.api.Test;
        import static org.junit.jupiter.api.Assertions.assertEquals;
        public class CalcTest { @Test void add() { assertEquals(5, new Calc().add(2, 3)); } }"""))
    (src / "CalcJUnit4Test.java").write_text(textwrap.dedent("""
        import org.junit.Test;
        import static org.junit.Assert.assertEquals;
        public class CalcJUnit4Test { @Test public void sign() { assertEquals(-1, new Calc().sign(-4)); } }"""))
    cp = f"{LIB}/junit-platform-console-standalone.jar:{LIB}/junit.jar:{LIB}/hamcrest-core.jar:{LIB}/junit-vintage-engine.jar"
    out = tmp_path / "classes"
    subprocess.run(["javac", "-d", str(out), "-cp", cp, *map(str, src.glob("*.java"))], check=True)
    exec_file = tmp_path / "jacoco.exec"
    run = subprocess.run(["java", f"-javaagent:{LIB}/org.jacoco.agent-runtime.jar=destfile={exec_file}",
                          "-jar", f"{LIB}/junit-platform-console-standalone.jar", "execute", "--disable-banner",
                          "--class-path", f"{out}:{LIB}/junit.jar:{LIB}/hamcrest-core.jar:{LIB}/junit-vintage-engine.jar",
                          "--scan-class-path", "--details=summary"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 tests successful" in run.stdout
    csv = tmp_path / "cov.csv"
    subprocess.run(["java", "-jar", f"{LIB}/org.jacoco.cli-nodeps.jar", "report", str(exec_file), "--classfiles",
                    str(out / "Calc.class"), "--csv", str(csv)], check=True, capture_output=True, timeout=60)
    header, row = csv.read_text().splitlines()[:2]
    cov = dict(zip(header.split(","), row.split(",")))
    assert cov["CLASS"] == "Calc" and int(cov["INSTRUCTION_COVERED"]) > 0 and int(cov["BRANCH_COVERED"]) == 1
