package org.jpbs.gc.reliability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.LockContentionException;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.ProtectedSnapshotException;
import org.jpbs.datastore.RemovalAbortedException;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupRejectedException;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.backup.ProgressListener;
import org.jpbs.datastore.backup.WriterRegistration;
import org.jpbs.datastore.prune.KeepOptions;
import org.jpbs.datastore.prune.PruneReport;
import org.jpbs.datastore.prune.Pruner;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.datastore.verify.VerifyReport;
import org.jpbs.gc.GarbageCollector;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcListener;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.GcReport;
import org.jpbs.gc.MarkPhaseBarrier;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.gc.state.WriterLease;

/**
 * One jpbs process of the torture and crash suites (a child JVM): opens the store the way a
 * production process must (one {@link GcStateStore}, backups registered as writers, the {@link
 * MarkPhaseBarrier} on its datastore) and runs random operations, printing one line per operation:
 * {@code RESULT <op> OK <detail>} or {@code RESULT <op> <exception class> <message>}.
 *
 * <p>Arguments: {@code base seed ops groups mix [target]} where {@code mix} is a string of
 * operation letters to draw from ({@code b}ackup, {@code r}estore, {@code p}rune, {@code f}orget,
 * {@code v}erify, {@code g}c; {@link TortureMoves}: {@code m}ove a group, move a {@code n}amespace;
 * with a {@code target} store ({@link TortureSync}): {@code s}ync into it, {@code t}arget GC);
 * {@code ops < 0} loops forever (crash suite), announcing {@code START <op>} before each operation.
 * Besides the {@code RESULT} line, an operation prints {@code SPAN <op> <start ms> <end ms>}, a
 * backup's result names its version seed ({@code seed=}, {@link SnapshotLedger}), and a prune or
 * forget prints {@code GONE <snapshot path>} for each snapshot it may have removed.
 */
public final class TortureWorker {
  static final Duration GC_CUTOFF = Duration.ofSeconds(1);

  private final ChunkStore store;
  private final Datastore datastore;
  private final GcStateStore state;
  private final Random random;
  private final int groups;
  private final TortureMoves moves;
  private final TortureSync target;

  private TortureWorker(
      ChunkStore store,
      Datastore datastore,
      GcStateStore state,
      Random random,
      int groups,
      TortureSync target) {
    this.store = store;
    this.datastore = datastore;
    this.state = state;
    this.random = random;
    this.groups = groups;
    this.moves = new TortureMoves(datastore, random, groups);
    this.target = target;
  }

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int ops = Integer.parseInt(args[2]);
    int groups = Integer.parseInt(args[3]);
    String mix = args[4];
    InstantSource clock = InstantSource.system();
    try (ChunkStore store =
            ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()));
        GcStateStore state = GcStateStore.open(GcStateStore.defaultDir(base), clock);
        TortureSync target = args.length > 5 ? TortureSync.open(Path.of(args[5])) : null) {
      Datastore datastore = Datastore.open(base);
      datastore.addRemovalListener(new MarkPhaseBarrier(state, store));
      TortureWorker w =
          new TortureWorker(store, datastore, state, new Random(seed), groups, target);
      for (int i = 0; ops < 0 || i < ops; i++) {
        char op = mix.charAt(w.random.nextInt(mix.length()));
        if (ops < 0) {
          System.out.println("START " + op);
          System.out.flush();
        }
        long start = System.currentTimeMillis();
        String result = w.runOne(op);
        System.out.println("SPAN " + op + " " + start + " " + System.currentTimeMillis());
        System.out.println("RESULT " + op + " " + result);
        System.out.flush();
        Thread.sleep(w.random.nextInt(40));
      }
    }
  }

  private String runOne(char op) {
    try {
      return "OK "
          + switch (op) {
            case 'b' -> backupRetryingSameSecond(random.nextInt(groups));
            case 'r' -> restore();
            case 'p' -> prune();
            case 'f' -> forget();
            case 'v' -> verify();
            case 'g' -> gc(datastore, store, state);
            case 'm' -> moves.moveGroup();
            case 'n' -> moves.moveNamespace();
            case 's' -> target.sync(datastore, store, random);
            case 't' -> target.gc();
            default -> throw new IllegalArgumentException("unknown op " + op);
          };
    } catch (Throwable e) {
      String msg = String.valueOf(e.getMessage()).replace('\n', ' ');
      return e.getClass().getName() + " " + msg;
    }
  }

  static BackupGroup group(Datastore ds, int i) {
    return ds.group(BackupNamespace.root(), BackupType.HOST, TortureLayout.groupId(i));
  }

  /** A registration backed by the GC state's writer registry (made before the store lock). */
  static WriterRegistration registration(GcStateStore state) {
    return (kind, description) -> {
      WriterLease lease = state.registerWriter(kind, description);
      return lease::close;
    };
  }

  /**
   * A backup of {@code t<i>} where the group now lives; one in the same second as its base (or as a
   * killed process's unfinished snapshot) is retried in the next second (twice at most).
   */
  private String backupRetryingSameSecond(int i) throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        long versionSeed = random.nextLong();
        BackupGroup g = TortureLayout.backupTarget(datastore, random, i);
        return backup(g, versionSeed, store, state) + " seed=" + versionSeed;
      } catch (BackupRejectedException e) {
        if (attempt == 2 || !e.getMessage().contains("is not after the last backup")) {
          throw e;
        }
        Thread.sleep(1005 - System.currentTimeMillis() % 1000);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // the snapshot directory of this second exists: an unfinished backup of a killed
        // process (kill points) in the same second; refused as PBS refuses it
        if (attempt == 2) {
          throw e;
        }
        Thread.sleep(1005 - System.currentTimeMillis() % 1000);
      }
    }
  }

  static String backup(BackupGroup g, Random random, ChunkStore store, GcStateStore state)
      throws IOException {
    return backup(g, random.nextLong(), store, state);
  }

  /** A backup of version {@code versionSeed} of {@code g}'s data; returns the snapshot's path. */
  static String backup(BackupGroup g, long versionSeed, ChunkStore store, GcStateStore state)
      throws IOException {
    long groupSeed = TortureData.groupSeed(g.id());
    byte[] data = TortureData.content(groupSeed, versionSeed);
    BackupOptions options =
        BackupOptions.defaults(InstantSource.system())
            .withSync(false)
            .withFixedChunkSize(TortureData.FIXED_CHUNK)
            .withDynamicAverage(TortureData.DYNAMIC_AVG)
            .withRegistration(registration(state));
    try (BackupSession s = BackupSession.start(store, g, options)) {
      s.addBlob(TortureData.CONTENT, TortureData.contentBlob(groupSeed, versionSeed));
      s.addImage(TortureData.IMAGE, new ByteArrayInputStream(data), data.length);
      s.addStream(TortureData.STREAM, new ByteArrayInputStream(data));
      return s.finish().snapshot().relativePath();
    }
  }

  private String restore() throws IOException {
    BackupDir snap = randomSnapshot(true);
    if (snap == null) {
      return "nothing";
    }
    checkRestore(store, snap);
    return snap.relativePath();
  }

  /** Restores both archives of a finished snapshot and compares them with the recorded content. */
  static void checkRestore(ChunkStore store, BackupDir snap) throws IOException {
    byte[] expected = TortureData.contentOf(ArchiveReader.readBlob(snap, TortureData.CONTENT_BLOB));
    for (String archive : List.of(TortureData.IMAGE_INDEX, TortureData.STREAM_INDEX)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(expected.length);
      try (ArchiveReader r = ArchiveReader.open(store, snap, archive)) {
        r.copyTo(out, ProgressListener.NONE, new Cancellation());
      }
      if (!Arrays.equals(out.toByteArray(), expected)) {
        throw new IllegalStateException(
            "DATA LOSS: restore of "
                + snap.relativePath()
                + "/"
                + archive
                + " is not byte-identical ("
                + out.size()
                + " vs "
                + expected.length
                + " bytes)");
      }
    }
  }

  private String prune() throws IOException {
    BackupGroup g = TortureLayout.randomGroup(datastore, random, groups);
    if (g == null) {
      return "no group";
    }
    PruneReport r =
        new Pruner(KeepOptions.none().withLast(1 + random.nextInt(2)), ZoneOffset.UTC)
            .prune(g, false);
    for (PruneReport.Outcome o : r.outcomes()) {
      if (o.status() == PruneReport.Status.REMOVED
          || (o.status() == PruneReport.Status.FAILED && !removedNothing(o.failure()))) {
        gone(o.snapshot());
      }
    }
    if (!r.succeeded()) {
      IOException first =
          r.outcomes().stream()
              .map(PruneReport.Outcome::failure)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .orElse(null);
      if (first != null) {
        throw first;
      }
    }
    return g.relativePath() + " removed=" + r.with(PruneReport.Status.REMOVED).size();
  }

  private String forget() throws IOException {
    BackupDir snap = randomSnapshot(false);
    if (snap == null) {
      return "nothing";
    }
    try {
      snap.destroy(false);
    } catch (IOException | RuntimeException e) {
      if (!removedNothing(e)) {
        gone(snap);
      }
      throw e;
    }
    gone(snap);
    return snap.relativePath();
  }

  /** Whether {@code destroy} failed before it deleted anything (busy, vanished, protected). */
  private static boolean removedNothing(Exception e) {
    return e instanceof LockContentionException
        || e instanceof NoSuchFileException
        || e instanceof ProtectedSnapshotException
        || e instanceof RemovalAbortedException;
  }

  /** Tells the ledger that {@code snap} may have been removed. */
  private static void gone(BackupDir snap) {
    System.out.println("GONE " + snap.relativePath());
  }

  private String verify() throws IOException {
    BackupGroup g = TortureLayout.randomGroup(datastore, random, groups);
    if (g == null) {
      return "no group";
    }
    try (Verifier v =
        new Verifier(store, VerifyOptions.defaults(InstantSource.system()).withThreads(2))) {
      VerifyReport r = v.verifyGroup(g);
      // an unfinished snapshot left by a killed backup (crash suite) fails for want of a
      // manifest, as in PBS; the torture's audit separately requires that none exists
      List<?> finishedFailures =
          r.failed().stream()
              .filter(
                  f ->
                      java.nio.file.Files.exists(
                          f.snapshot().fullPath().resolve(BackupDir.MANIFEST_BLOB_NAME)))
              .toList();
      if (!finishedFailures.isEmpty()) {
        throw new IllegalStateException("DATA LOSS: verify failed: " + finishedFailures);
      }
      return g.relativePath() + " chunks=" + r.chunks();
    }
  }

  static String gc(Datastore datastore, ChunkStore store, GcStateStore state)
      throws IOException, InterruptedException {
    GcReport r =
        GarbageCollector.run(
            new GcEnvironment(datastore, store, state, InstantSource.system()),
            GcOptions.defaults().withCutoff(GC_CUTOFF).withAtimeSafetyCheck(false),
            GcListener.NONE);
    return "removed=" + r.sweep().removedChunks() + " resumed=" + r.resumed();
  }

  private BackupDir randomSnapshot(boolean finishedOnly) throws IOException {
    BackupGroup g = TortureLayout.randomGroup(datastore, random, groups);
    if (g == null) {
      return null;
    }
    List<SnapshotInfo> list =
        g.listSnapshots().stream().filter(s -> !finishedOnly || s.isFinished()).toList();
    return list.isEmpty() ? null : list.get(random.nextInt(list.size())).dir();
  }
}
