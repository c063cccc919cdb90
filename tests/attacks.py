"""Misbehaving Java statements shared by the sandbox tests (code generation and unit tests): each is run before a
correct body, with the status it must get. Paths are the caller's: a file to create and one to delete outside the
sandbox, and a marker under /tmp (the sandbox's /tmp is private, so the marker must not appear outside)."""
import time
from pathlib import Path
from peft_study.execution import sandboxed_pids


def _io(call: str) -> str:
    return f"try {{ {call}; }} catch (Exception e) {{ throw new RuntimeException(e); }}"


def attacks(outside, victim, marker) -> dict:
    "{name: (Java statement, expected status or tuple of allowed statuses)}."
    return {
        "loop": ("while (true) { }", "timeout"),
        "sleep": ("try { Thread.sleep(60_000); } catch (InterruptedException e) { }", "timeout"),
        "exit": ("System.exit(0);", "error"),
        "halt": ("Runtime.getRuntime().halt(1);", "error"),
        "memory": ("java.util.List<long[]> hog = new java.util.ArrayList<>(); while (true) hog.add(new long[10_000_000]);", "error"),
        "fork": (_io('new ProcessBuilder("sleep", "300").start()'), "success"),
        "socket": (_io('new java.net.Socket("1.1.1.1", 80).close()'), "error"),
        "write_outside": (_io(f'java.nio.file.Files.writeString(java.nio.file.Path.of("{outside}"), "x")'), "error"),
        "delete_outside": (_io(f'java.nio.file.Files.delete(java.nio.file.Path.of("{victim}"))'), "error"),
        "tmp_write": (_io(f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "x")'), "success"),
        "thread": ("Thread t = new Thread(() -> { while (true) { } }); t.start();", "success"),
    }


def _sandboxed_sleeps() -> list:
    """pids of `sleep 300` processes started inside a sandbox (their environment carries a sandbox tag): a `sleep 300`
    of someone else on the machine is not the attack's."""
    out = []
    for pid in sandboxed_pids():
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:2] == [b"sleep", b"300"]: out.append(pid)
        except OSError: continue
    return out


def leftover_forks(wait_s: float = 30) -> list:
    "The sandboxed `sleep 300` processes still alive after waiting up to `wait_s` (a sandbox's PID namespace dies asynchronously, slowly under load)."
    for _ in range(int(wait_s * 10)):
        forks = _sandboxed_sleeps()
        if not forks: break
        time.sleep(0.1)
    return forks
