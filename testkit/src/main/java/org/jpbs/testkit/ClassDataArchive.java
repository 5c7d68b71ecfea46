package org.jpbs.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive for the short-lived JVMs a test JVM starts from one jar (the cli ITs
 * start several hundred {@code java -jar jpbs.jar} processes). The first child started through
 * {@link #begin()} records the classes it loaded ({@code -XX:ArchiveClassesAtExit}); once it has
 * exited, {@link Launch#end()} publishes the archive and later children map it, which saves the
 * loading and verifying of those classes at every start. The archive belongs to this test JVM (its
 * name holds the pid) and is deleted when the JVM exits, so a rebuilt jar never meets a stale
 * archive; a child that cannot use it runs without ({@code -Xshare:auto}). CDS logging is off, so
 * children print exactly what they would print without it.
 */
public final class ClassDataArchive {
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private final Path archive;
  private final Path recording;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean ready;

  private ClassDataArchive(Path archive) {
    this.archive = archive;
    this.recording = archive.resolveSibling(archive.getFileName() + ".recording");
    Runtime.getRuntime().addShutdownHook(new Thread(this::delete));
  }

  /** An archive named {@code name} in {@code java.io.tmpdir}, private to this JVM. */
  public static ClassDataArchive perJvm(String name) {
    return new ClassDataArchive(
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "jpbs-cds-" + name + "-" + ProcessHandle.current().pid() + ".jsa"));
  }

  /** The JVM options of the next child; call {@link Launch#end()} once that child has exited. */
  public Launch begin() {
    if (ready) {
      return new Launch(
          concat(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"), QUIET), false);
    }
    if (claimed.compareAndSet(false, true)) {
      return new Launch(concat(List.of("-XX:ArchiveClassesAtExit=" + recording), QUIET), true);
    }
    return new Launch(List.of("-Xshare:auto"), false);
  }

  /** One child's options, and whether it is the one recording the archive. */
  public final class Launch {
    private final List<String> options;
    private final boolean recorder;

    private Launch(List<String> options, boolean recorder) {
      this.options = options;
      this.recorder = recorder;
    }

    /** The JVM options to put before {@code -jar} or {@code -cp}. */
    public List<String> options() {
      return options;
    }

    /**
     * After the child exited: the recorder publishes its archive (or, if it wrote none, e.g. when
     * it was killed, lets the next child record).
     */
    public void end() {
      if (!recorder) {
        return;
      }
      try {
        if (Files.isRegularFile(recording) && Files.size(recording) > 0) {
          Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
          ready = true;
          return;
        }
      } catch (IOException e) {
        // not published: children keep running without an archive
      }
      claimed.set(false);
    }
  }

  private void delete() {
    try {
      Files.deleteIfExists(recording);
      Files.deleteIfExists(archive);
    } catch (IOException e) {
      System.err.println("could not delete " + archive + ": " + e);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
