package org.jpbs.cli.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jpbs.cli.BackupReport;
import org.jpbs.cli.DatastoreSession;
import org.jpbs.cli.GcCommand;
import org.jpbs.cli.VerifyCommand;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanOutput;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.progress.GcProgressListener;
import org.jpbs.cli.progress.ProgressReporter;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.prune.KeepOptions;
import org.jpbs.datastore.prune.PruneReport;
import org.jpbs.datastore.prune.Pruner;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.GcStatus;
import org.jpbs.gc.GarbageCollector;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.GcReport;
import org.jpbs.s3.S3Datastore;
import org.jpbs.s3.gc.S3GarbageCollection;

/**
 * The steps of {@code jpbs demo}, each a real library call, with their human output; collects what
 * the final result needs. One instance per demo run; not thread-safe.
 */
final class DemoSteps {
  private final DatastoreSession session;
  private final Output out;
  private final ProgressReporter progress;
  private final Consumer<Consumer<PrintWriter>> table;
  private final List<BackupReport.Result> backups = new ArrayList<>();
  private final List<Map<String, Object>> pruned = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private long agedChunks;
  private GcReport gc;
  private VerifyCommand.Result verify;
  private final InstantSource clock;
  private boolean restoreIdentical;
  private int snapshots;

  DemoSteps(
      DatastoreSession session,
      InstantSource clock,
      Output out,
      ProgressReporter progress,
      Consumer<Consumer<PrintWriter>> table) {
    this.session = session;
    this.clock = clock;
    this.out = out;
    this.progress = progress;
    this.table = table;
  }

  /** {@link DemoCommand#ROUNDS} backups, mutating the data between them; hourly backup times. */
  void backups(BackupGroup group, DemoData data) throws IOException {
    long now = clock.instant().getEpochSecond();
    long start = now - DemoCommand.ROUNDS * 3600L;
    for (SnapshotInfo s : group.exists() ? group.listSnapshots() : List.<SnapshotInfo>of()) {
      start =
          Math.max(start, s.backupTime() + 60); // a demo store reused: stay after its last snapshot
    }
    for (int i = 0; i < DemoCommand.ROUNDS; i++) {
      if (i > 0) {
        data.mutate();
      }
      String phase = "backup " + (i + 1) + "/" + DemoCommand.ROUNDS;
      BackupOptions o =
          BackupOptions.defaults(clock)
              .withClock(InstantSource.fixed(Instant.ofEpochSecond(start + i * 3600L)))
              .withDynamicAverage(1 << 20)
              .withRegistration(session.writerRegistration())
              .withProgress((done, total) -> progress.update(done))
              .withCancellation(new Cancellation())
              .withSync(
                  false); // throwaway data: skip syncfs, which can take seconds on a busy disk
      long t0 = System.nanoTime();
      BackupResult r;
      try (BackupSession s =
          BackupSession.start(session.chunkStore(), session.chunks(), group, o)) {
        progress.start(phase + " disk.img", data.image().length, ProgressReporter.BYTES);
        s.addImage("disk.img.fidx", new ByteArrayInputStream(data.image()), data.image().length);
        progress.start(phase + " data.pxar", data.stream().length, ProgressReporter.BYTES);
        s.addStream("data.pxar.didx", new ByteArrayInputStream(data.stream()));
        progress.finish();
        s.addBlob("qemu-server.conf", data.config());
        r = s.finish();
      }
      BackupReport.Result br =
          BackupReport.result(
              session.datastore().base(), r, Duration.ofNanos(System.nanoTime() - t0));
      backups.add(br);
      progress.printAbove(
          () ->
              out.note(
                  String.format(
                      java.util.Locale.ROOT,
                      "backup %d/%d %s: %s, %d new, %d known, %d duplicate; uploaded %s (%s compressed)",
                      backups.size(),
                      DemoCommand.ROUNDS,
                      br.snapshot(),
                      HumanOutput.count(br.chunks(), "chunk"),
                      br.newChunks(),
                      br.knownChunks(),
                      br.duplicateChunks(),
                      HumanBytes.format(br.uploadStats().size()),
                      HumanBytes.format(br.uploadStats().compressedSize()))));
    }
  }

  /** Prune keep-last {@link DemoCommand#KEEP_LAST}, with the GC's mark-phase barrier registered. */
  void prune(BackupGroup group) throws IOException {
    out.note("prune --keep-last " + DemoCommand.KEEP_LAST + " " + group.relativePath() + ":");
    PruneReport report =
        new Pruner(KeepOptions.none().withLast(DemoCommand.KEEP_LAST), ZoneId.systemDefault())
            .prune(group, false);
    for (PruneReport.Outcome o : report.outcomes()) {
      out.note("  " + o.logLine(false));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", o.snapshot().relativePath());
      m.put("mark", o.mark().label());
      m.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      pruned.add(m);
      o.failureCause()
          .ifPresent(
              e -> failures.add("prune of " + o.snapshot().relativePath() + ": " + e.getMessage()));
    }
    snapshots = (int) group.listSnapshots().stream().filter(SnapshotInfo::isFinished).count();
  }

  /** Sets every chunk file's atime back by {@link DemoCommand#AGE}, saying so. */
  void ageAtimes() throws IOException {
    FileTime aged = FileTime.from(clock.instant().minus(DemoCommand.AGE));
    try (Stream<Path> s = Files.walk(session.chunkStore().chunksDir(), 2)) {
      for (Path p :
          (Iterable<Path>) s.filter(f -> ChunkDigest.isHex(f.getFileName().toString()))::iterator) {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(null, aged, null);
        agedChunks++;
      }
    }
    out.note(
        "aged the atime of all "
            + HumanOutput.count(agedChunks, "chunk file")
            + " by "
            + DemoCommand.AGE.toHours()
            + " h: GC only removes chunks unused for longer than its cutoff (24 h 5 min), and a demo cannot wait"
            + " a day, so it simulates that time having passed; GC's mark phase touches every chunk still"
            + " referenced, so only the chunks of the pruned snapshots stay old and are removed");
  }

  /**
   * A real GC run with the default cutoff and atime safety check; on S3 with a zero cutoff (the age
   * of an object is its LastModified, which the demo cannot set back), after waiting out the store
   * clock's one-second resolution. Safe here: the demo is the datastore's only writer.
   */
  void gc() throws IOException, InterruptedException {
    GcEnvironment env =
        new GcEnvironment(session.datastore(), session.chunkStore(), session.state(), clock);
    GcOptions options = GcOptions.defaults().withThreads(2);
    GcProgressListener listener = new GcProgressListener(out, progress);
    if (session.s3().isPresent()) {
      S3Datastore s3 = session.s3().get();
      out.note(
          "S3: objects are aged by their LastModified, which cannot be set back: this GC runs"
              + " with a zero cutoff (safe only because the demo is the datastore's only writer)");
      Thread.sleep(2_000);
      gc =
          S3GarbageCollection.run(
                  env,
                  s3.client(),
                  s3.chunks(),
                  options.withCutoff(Duration.ZERO),
                  listener,
                  S3GarbageCollection.Settings.defaults())
              .report();
    } else {
      gc = GarbageCollector.run(env, options, listener);
    }
    table.accept(w -> GcCommand.printHuman(session.datastore().base(), gc, w));
    if (gc.status().removedChunks() == 0) {
      failures.add(
          "GC removed no chunks although "
              + HumanOutput.count(
                  pruned.stream().filter(m -> "removed".equals(m.get("status"))).count(),
                  "snapshot")
              + " were pruned");
    }
    if (gc.mark().missingChunks() != 0) {
      failures.add("GC found " + HumanOutput.count(gc.mark().missingChunks(), "missing chunk"));
    }
  }

  /** Verifies the whole store (the remaining snapshots). */
  void verify() throws IOException {
    long t0 = System.nanoTime();
    try (Verifier v =
        new Verifier(
            session.chunkStore(),
            session.chunks(),
            VerifyOptions.defaults(clock)
                .withThreads(2)
                .withProgress(VerifyCommand.listener(progress)))) {
      verify =
          VerifyCommand.result(
              session.datastore().base(),
              v.verifyStore(session.datastore()),
              Duration.ofNanos(System.nanoTime() - t0));
    }
    progress.finish();
    out.note("verify:");
    table.accept(w -> VerifyCommand.printHuman(verify, w));
    if (!verify.ok() || verify.verified() != snapshots) {
      failures.add(
          "verify: "
              + verify.failed()
              + " failed, "
              + verify.verified()
              + " of "
              + snapshots
              + " verified");
    }
  }

  /** Restores the newest snapshot's two index archives and compares them with the data set. */
  void restoreCheck(BackupGroup group, DemoData data) throws IOException {
    BackupDir newest =
        group.listSnapshots().stream()
            .filter(SnapshotInfo::isFinished)
            .map(SnapshotInfo::dir)
            .max(java.util.Comparator.comparingLong(BackupDir::backupTime))
            .orElseThrow();
    boolean image = restoresTo(newest, "disk.img.fidx", data.image());
    boolean stream = restoresTo(newest, "data.pxar.didx", data.stream());
    restoreIdentical = image && stream;
    out.note(
        "restore "
            + newest.relativePath()
            + ": disk.img.fidx "
            + (image ? "identical" : "DIFFERS")
            + ", data.pxar.didx "
            + (stream ? "identical" : "DIFFERS")
            + " (every chunk verified on read)");
    if (!restoreIdentical) {
      failures.add("restore of " + newest.relativePath() + " differs from the data set");
    }
  }

  private boolean restoresTo(BackupDir snap, String archive, byte[] expected) throws IOException {
    MessageDigest sha = ChunkDigestSha.newSha256();
    long[] size = {0};
    try (ArchiveReader r = ArchiveReader.open(session.chunks(), snap, archive, 0)) {
      r.copyTo(
          new OutputStream() {
            @Override
            public void write(int b) {
              sha.update((byte) b);
              size[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
              sha.update(b, off, len);
              size[0] += len;
            }
          },
          (done, total) -> {},
          new Cancellation());
    }
    return size[0] == expected.length
        && Arrays.equals(sha.digest(), ChunkDigestSha.newSha256().digest(expected));
  }

  DemoCommand.Result result(Path base, boolean kept, long seed, Duration duration)
      throws IOException {
    for (String f : failures) {
      out.warn(f);
    }
    GcStatus s = gc.status();
    double dedup = s.diskBytes() == 0 ? 0 : (double) s.indexDataBytes() / s.diskBytes();
    return new DemoCommand.Result(
        base,
        kept,
        seed,
        List.copyOf(backups),
        List.copyOf(pruned),
        agedChunks,
        DemoCommand.AGE.toSeconds(),
        GcCommand.json(base, gc),
        verify,
        restoreIdentical,
        snapshots,
        s.removedChunks(),
        s.removedBytes(),
        Math.round(dedup * 100) / 100.0,
        failures.isEmpty(),
        duration);
  }

  /** SHA-256 instances (always present in the JDK). */
  private static final class ChunkDigestSha {
    static MessageDigest newSha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
