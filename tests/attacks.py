"""Misbehaving Java statements shared by the sandbox tests (code generation and unit tests): each is run before a
correct body, with the status it must get. Paths are the caller's: a file to create and one to delete outside the
sandbox, and a marker under /tmp (the sandbox's /tmp is private, so the marker must not appear outside).

`hostile(canaries)` are the attacks on the harness itself: reading what the sandbox must not see (an environment
secret, a 0600 file, /etc/shadow, a host unix socket), privileges, the disk, the verdict stream, the class files
and the runner, the JVM state the next sample would inherit, the compiler. Most are written so that the sample
passes only when the attack fails: a status other than the expected one is a breach. `odd_texts` are generations
of any bytes a model can produce."""
import os, secrets, socket, tempfile, threading, time
from pathlib import Path
from peft_study.execution import sandboxed_pids


def _io(call: str) -> str:
    return f"try {{ {call}; }} catch (Exception atkE) {{ throw new RuntimeException(atkE); }}"


def _must_fail(call: str, what: str) -> str:
    "Java: `call` must throw (an I/O or security error): if it returns, the sample errs with `what`."
    return f"try {{ {call}; throw new IllegalStateException(\"{what}\"); }} catch (java.io.IOException | SecurityException atkE) {{ }}"


def attacks(outside, victim, marker) -> dict:
    "{name: (Java statement, expected status or tuple of allowed statuses)}."
    return {
        "loop": ("while (true) { }", "timeout"),
        "sleep": ("try { Thread.sleep(60_000); } catch (InterruptedException atkE) { }", "timeout"),
        "exit": ("System.exit(0);", "error"),
        "halt": ("Runtime.getRuntime().halt(1);", "error"),
        "memory": ("java.util.List<long[]> atkHog = new java.util.ArrayList<>(); while (true) atkHog.add(new long[10_000_000]);", "error"),
        "fork": (_io('new ProcessBuilder("sleep", "300").start()'), "success"),
        "socket": (_io('new java.net.Socket("1.1.1.1", 80).close()'), "error"),
        "write_outside": (_io(f'java.nio.file.Files.writeString(java.nio.file.Path.of("{outside}"), "x")'), "error"),
        "delete_outside": (_io(f'java.nio.file.Files.delete(java.nio.file.Path.of("{victim}"))'), "error"),
        "tmp_write": (_io(f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "x")'), "success"),
        "thread": ("Thread atkT = new Thread(() -> { while (true) { } }); atkT.start();", "success"),
    }


class Canaries:
    """Secrets the sandbox must never reach, set up around a run: an environment variable, a 0600 file, and a unix
    socket on the host that records every connection. `leaked(text)` says whether a canary shows in `text`."""
    def __enter__(self):
        self.value = "canary-" + secrets.token_hex(12)
        self.env = "PEFT_STUDY_CANARY_SECRET"; os.environ[self.env] = self.value
        self.dir = Path(tempfile.mkdtemp(prefix="peft-canary-"))
        self.file = self.dir / "secret.txt"; self.file.write_text(self.value); self.file.chmod(0o600)
        self.socket_path = self.dir / "host.sock"
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); self.server.bind(str(self.socket_path))
        self.server.listen(8); self.server.settimeout(0.2); self.connections = 0; self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True); self.thread.start()
        return self

    def _accept(self):
        while not self._stop:
            try: c, _ = self.server.accept()
            except OSError: continue
            self.connections += 1; c.sendall(self.value.encode()); c.close()

    def __exit__(self, *exc):
        self._stop = True; self.thread.join(); self.server.close()
        os.environ.pop(self.env, None)
        for p in (self.socket_path, self.file): p.unlink(missing_ok=True)
        self.dir.rmdir()

    def leaked(self, text) -> bool: return self.value in str(text)


def hostile(c: Canaries) -> dict:
    "{name: (Java statement, expected status or tuple of allowed statuses)}: attacks on the sandbox and the harness."
    forge = ('java.io.PrintStream atkOut = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true); '
             'for (int atkK = 0; atkK < 200; atkK++) for (String atkKey : new String[] {"" + atkK, "he" + atkK + ".Main"}) '
             '{ atkOut.println("\\nSTART " + atkKey + " 00000000000000000000000000000000"); '
             'atkOut.println("RESULT " + atkKey + " %s 1 - 00000000000000000000000000000000"); '
             'atkOut.println("COV " + atkKey + " AAAA 00000000000000000000000000000000"); } atkOut.println("\\nEND 0"); ')
    own_dir = "java.nio.file.Path.of(new Object() { }.getClass().getProtectionDomain().getCodeSource().getLocation().toURI())"
    return {
        # least privilege: no root, no capability, nothing of the caller's environment or file system
        "not_root": (_io('for (String atkL : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) '
                         'if ((atkL.startsWith("CapEff:") || atkL.startsWith("CapPrm:")) && !atkL.endsWith("0000000000000000") '
                         '|| atkL.startsWith("Uid:") && atkL.split("\\\\s+")[1].equals("0")) throw new IllegalStateException(atkL)'), "success"),
        "env_secret": (f'if (System.getenv("{c.env}") != null || System.getenv().toString().contains("canary-")) '
                       f'throw new IllegalStateException("the environment leaks");', "success"),
        "secret_file": (_must_fail(f'System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of("{c.file}")))', "read"), "success"),
        "shadow": (_must_fail('System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of("/etc/shadow")))', "read"), "success"),
        "root_home": ('if (new java.io.File("/root/.bashrc").exists() || new java.io.File("/etc/hostname").exists() '
                      '|| new java.io.File("/etc/passwd").length() > 200) throw new IllegalStateException("host files");',
                      "success"),
        "host_socket": (_must_fail(f'java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of("{c.socket_path}")).close()',
                                   "connected"), "success"),
        "write_system": (_must_fail('java.nio.file.Files.writeString(java.nio.file.Path.of("/usr/lib/peft_escape"), "x")', "wrote"), "success"),
        # the disk: the private /tmp is capped, and emptied before the next sample
        "disk_fill": ("try { byte[] atkB = new byte[16 << 20]; for (int atkI = 0; atkI < 200; atkI++) java.nio.file.Files.write("
                      "java.nio.file.Path.of(\"fill\" + atkI), atkB); throw new IllegalStateException(\"3.2 GB written\"); } "
                      "catch (java.io.IOException atkE) { }", "success"),
        # the harness's files: verdicts and coverage it cannot write, class files and the runner it cannot change
        "forge_own": (forge % "success" + 'throw new AssertionError("failed, after printing success");', "failed"),
        "forge_others": (forge % "failed", "success"),
        "forge_and_die": (forge % "success" + _io('new ProcessBuilder("kill", "-9", "" + ProcessHandle.current().pid()).start().waitFor()')
                          + 'throw new AssertionError("still alive");', "error"),
        # links and FIFOs where the harness works (the work folder, beside the class folder): nothing there is writable
        "plant_links": ("try { java.nio.file.Path atkW = " + own_dir + ".getParent(); "
                        "java.nio.file.Files.createSymbolicLink(atkW.resolve(\"coverage-requests.tsv\"), java.nio.file.Path.of(\"/etc/passwd\")); "
                        "throw new IllegalStateException(\"planted\"); } catch (java.io.IOException | java.net.URISyntaxException atkE) { } "
                        + _io('if (new ProcessBuilder("mkfifo", ' + own_dir + '.getParent().resolve("results.txt").toString()).start().waitFor() == 0) '
                              'throw new IllegalStateException("fifo")'), "success"),
        "delete_classes": ("try { try (java.util.stream.Stream<java.nio.file.Path> atkS = java.nio.file.Files.walk(" + own_dir + ")) { "
                           "for (java.nio.file.Path atkP : (Iterable<java.nio.file.Path>) atkS::iterator) if (atkP.toString().endsWith(\".class\")) "
                           "{ java.nio.file.Files.delete(atkP); throw new IllegalStateException(\"deleted \" + atkP); } } } "
                           "catch (java.io.IOException | java.net.URISyntaxException atkE) { }", "success"),
        "overwrite_runner": (_must_fail('java.nio.file.Files.write(java.nio.file.Path.of(ClassLoader.getSystemResource("Verdicts.class").toURI()), '
                                        'new byte[] {0})', "overwrote").replace("catch (java.io.IOException", "catch (java.net.URISyntaxException | java.io.IOException"),
                             "success"),
        # the JVM the next sample would inherit
        "integer_cache": ('try { java.lang.reflect.Field atkF = sun.misc.Unsafe.class.getDeclaredField("theUnsafe"); atkF.setAccessible(true); '
                          'sun.misc.Unsafe atkU = (sun.misc.Unsafe) atkF.get(null); '
                          'atkU.putInt(Integer.valueOf(1), atkU.objectFieldOffset(Integer.class.getDeclaredField("value")), 2); } '
                          'catch (ReflectiveOperationException atkE) { throw new RuntimeException(atkE); }', ("success", "failed", "error")),
        "lock_stderr": ("Thread atkT = new Thread(() -> { while (true) { try { synchronized (System.err) { while (true) { } } } "
                        "catch (Throwable atkE) { } } }); atkT.setDaemon(true); atkT.start();", "success"),
        # a lock the unit-test runner needs after each test (it restores the default locale): its watchdog ends the JVM
        "lock_locale": ("Thread atkT = new Thread(() -> { while (true) { try { synchronized (java.util.Locale.class) { while (true) { } } } "
                        "catch (Throwable atkE) { } } }); atkT.setDaemon(true); atkT.start(); "
                        "try { Thread.sleep(500); } catch (InterruptedException atkE) { }", ("success", "error")),
        "stop_runner": ("for (Thread atkT : Thread.getAllStackTraces().keySet()) if (atkT != Thread.currentThread()) "
                        "{ try { atkT.interrupt(); atkT.stop(); } catch (SecurityException atkE) { } }", ("success", "error")),
        "escape_group": ("Thread atkT = new Thread(Thread.currentThread().getThreadGroup().getParent(), () -> { while (true) "
                         "{ Integer.valueOf(7).hashCode(); } }); atkT.setDaemon(true); atkT.start();", "success"),
        "heap_dump": (_io('java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)'
                          '.dumpHeap("/tmp/heap.hprof", true)'), "error"),
        "security_manager": ("System.setSecurityManager(null);", "error"),
        # the compiler: a crash of javac is this sample's
        "javac_crash": ("int atkDeep = " + "(" * 10000 + "1" + ")" * 10000 + ";", "compile_error"),
    }


def odd_texts(body: str) -> dict:
    "{name: (generation made of `body` and odd characters, allowed statuses)}: any string gets a status of its own."
    return {
        "lone_surrogate": ("// \ud800\n" + body, ("compile_error",)),
        "nul": ("int atkNul = 1;\0\n" + body, ("compile_error", "syntax_error")),
        "ten_mb_line": ("// " + "x" * 10_000_000 + "\n" + body, ("compile_error",)),
        "control_chars": ('String atkCtl = "\x1b[2J\x07\x0c\x7f\x01";\n' + body, ("success",)),
        "carriage_return": ("// a comment\rint atkCr = 1 / 0;\n" + body, ("error",)),
        "not_text": (None, ("compile_error",)),
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
