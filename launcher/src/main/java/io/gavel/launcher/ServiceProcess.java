package io.gavel.launcher;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operating-system process behind one service, with its log file and PID file.
 *
 * <p>Launching and stopping synchronise on this object and launching checks the platform's abort
 * flag inside that lock: a shutdown that races with a start either sees the new process (and stops
 * it) or prevents it from being launched, so no child escapes. Children run in their own session
 * ({@code setsid}) so that Ctrl-C in the terminal reaches only the launcher, which then stops them
 * in order instead of everything dying at once.
 *
 * <p>The PID file lets a later start find a child left behind by a launcher that was killed with
 * SIGKILL; it is only acted on when that PID still runs a command line under this platform's home.
 */
final class ServiceProcess {

  private static final Logger LOG = Logger.getLogger(ServiceProcess.class.getName());
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final String name;
  private final Path home;
  private final Path logs;
  private final Path pidFile;
  private final BooleanSupplier aborted;
  private Process process;
  private Path log;
  private volatile boolean stopping;

  ServiceProcess(String name, Path home, BooleanSupplier aborted) {
    this.name = name;
    this.home = home;
    this.logs = home.resolve("logs");
    this.pidFile = home.resolve("run").resolve(name + ".pid");
    this.aborted = aborted;
    this.log = logs.resolve(name + ".log");
  }

  /** Launches the long-running process; its output goes to {@code <home>/logs/<name>.log}. */
  synchronized void launch(List<String> command, Map<String, String> env, Path workDir) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running as PID " + process.pid());
    }
    process = spawn(name, command, env, workDir);
    stopping = false;
    write(pidFile, Long.toString(process.pid()));
    long pid = process.pid();
    process
        .onExit()
        .thenAccept(
            p -> {
              if (!stopping) {
                LOG.log(
                    Level.WARNING,
                    "{0} (PID {1}) exited unexpectedly with status {2}; see {3}",
                    new Object[] {name, Long.toString(pid), p.exitValue(), log});
              }
            });
    LOG.log(Level.FINE, "{0} started as PID {1}: {2}", new Object[] {name, Long.toString(pid), command});
  }

  /**
   * Runs a preparation step (unpack, create, build) to completion, output to {@code
   * <home>/logs/<name>-<step>.log}. Abort stops it like the service itself.
   */
  void runStep(String step, List<String> command, Map<String, String> env, Path workDir, Duration timeout) {
    Process p;
    String logName = name + "-" + step;
    synchronized (this) {
      p = spawn(logName, command, env, workDir);
      process = p;
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        terminate(p.toHandle(), Duration.ofSeconds(5));
        throw new PlatformException(
            name + " " + step + " did not finish within " + timeout + "\n" + tail(logs.resolve(logName + ".log")));
      }
      if (p.exitValue() != 0 && aborted.getAsBoolean()) {
        throw new PlatformException("platform is shutting down: " + name + " " + step + " stopped");
      }
      if (p.exitValue() != 0) {
        throw new PlatformException(
            name + " " + step + " failed with status " + p.exitValue() + ": " + command + "\n"
                + tail(logs.resolve(logName + ".log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      terminate(p.toHandle(), Duration.ofSeconds(5));
      throw new PlatformException(name + " " + step + " interrupted", e);
    } finally {
      synchronized (this) {
        if (process == p) {
          process = null;
        }
      }
    }
  }

  private Process spawn(String logName, List<String> command, Map<String, String> env, Path workDir) {
    if (aborted.getAsBoolean()) {
      throw new PlatformException("platform is shutting down: not starting " + logName);
    }
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      full.add(SETSID.toString());
    }
    full.addAll(command);
    try {
      Files.createDirectories(logs);
      Path file = logs.resolve(logName + ".log");
      // One previous log is kept for post-mortems; unbounded appending would grow forever.
      if (Files.exists(file)) {
        Files.move(file, logs.resolve(logName + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
      }
      if (logName.equals(name)) {
        log = file;
      }
      ProcessBuilder builder =
          new ProcessBuilder(full)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new PlatformException("cannot start " + logName + ": " + command, e);
    }
  }

  /** SIGTERM to the process and every descendant, SIGKILL to whatever is left after the grace. */
  synchronized void stop() {
    stopping = true;
    if (process == null) {
      return; // the PID file, if any, belongs to a leftover that the next start still has to find
    }
    LOG.log(Level.INFO, "Stopping {0} (PID {1})", new Object[] {name, Long.toString(process.pid())});
    terminate(process.toHandle(), STOP_GRACE);
    process = null;
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot delete " + pidFile, e);
    }
  }

  /** SIGKILL to the process and every descendant at once, with no grace: a crash, for tests. */
  synchronized void kill() {
    stopping = true;
    if (process == null) {
      return;
    }
    LOG.log(Level.INFO, "Killing {0} (PID {1})", new Object[] {name, Long.toString(process.pid())});
    ProcessHandle handle = process.toHandle();
    List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
    tree.add(handle);
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "killed " + name + " did not exit in time", e);
    }
    process = null;
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot delete " + pidFile, e);
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized Optional<ProcessHandle> handle() {
    return Optional.ofNullable(process).map(Process::toHandle);
  }

  Path log() {
    return log;
  }

  /** The process died: readiness polling should give up at once rather than wait for a timeout. */
  synchronized boolean exited() {
    return process == null || !process.isAlive();
  }

  String tail() {
    return tail(log);
  }

  boolean logContains(String text) {
    return logText().contains(text);
  }

  /** The log since the last launch (it is rotated at every launch). */
  String logText() {
    try {
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Stops the process recorded in the PID file by an earlier launcher that did not get to stop it
   * (SIGKILL, power loss), but only if that PID still runs something under this home directory.
   */
  void stopLeftovers() {
    stopLeftover(name, pidFile, home);
  }

  /**
   * Stops the process whose PID {@code pidFile} records, but only if it still runs something
   * under {@code owner} (a recycled PID is left alone), then forgets the file.
   */
  static void stopLeftover(String name, Path pidFile, Path owner) {
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().commandLine().map(c -> c.contains(owner.toString())).orElse(false))
          .ifPresent(
              h -> {
                LOG.log(
                    Level.WARNING,
                    "{0}: stopping PID {1} left behind by an earlier run",
                    new Object[] {name, Long.toString(pid)});
                terminate(h, STOP_GRACE);
              });
      Files.deleteIfExists(pidFile);
    } catch (IOException | NumberFormatException e) {
      LOG.log(Level.FINE, "ignoring unreadable " + pidFile, e);
    }
  }

  static void terminate(ProcessHandle root, Duration grace) {
    // Snapshot first: once the root is gone its children are re-parented and no longer listed.
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.log(Level.WARNING, "PID {0} ignored SIGTERM for {1}: killing it", new Object[] {Long.toString(h.pid()), grace});
      } catch (ExecutionException e) {
        LOG.log(Level.FINE, "waiting for PID " + h.pid(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  static String tail(Path file) {
    int lines = 40;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long from = Math.max(0, length - 16_384);
      byte[] bytes = new byte[(int) (length - from)];
      raf.seek(from);
      raf.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
      int start = Math.max(0, all.length - lines);
      StringBuilder out = new StringBuilder("--- last lines of ").append(file).append(" ---\n");
      for (int i = start; i < all.length; i++) {
        out.append(all[i]).append('\n');
      }
      return out.toString();
    } catch (IOException e) {
      return "(no log at " + file + ")";
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
