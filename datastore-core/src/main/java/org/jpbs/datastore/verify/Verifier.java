package org.jpbs.datastore.verify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.Upid;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CryptMode;
import org.jpbs.format.DataBlob;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;

/**
 * A verify job (spec §6): checks snapshots file by file and every referenced chunk by CRC, size and
 * digest, renames corrupt chunks to {@code .N.bad}, and records {@code verify_state} in each
 * manifest.
 *
 * <p>One instance is one job: its verified and corrupt chunk sets are shared by all snapshots it
 * verifies, so each chunk is read at most once. Snapshots are verified one after another under a
 * shared snapshot lock (skipped if that is not available at once); chunks of one snapshot are read
 * by the configured number of threads. A cancelled or interrupted job throws {@link
 * InterruptedIOException} and writes no manifest for the snapshot it was in (manifests are replaced
 * atomically, so a killed job leaves none half-written). Not thread-safe: call one method at a
 * time; {@link #close()} stops the reader threads.
 *
 * <p>On a read-only store ({@link ChunkStore#isReadOnly()}, e.g. the read-only mount of an offsite
 * copy) the job only reports: no chunk is renamed and no {@code verify_state} is recorded ({@link
 * #readOnly()}); the checks and the report are the same.
 */
public final class Verifier implements AutoCloseable {
  private final ChunkStore store;
  private final VerifyOptions options;
  private final String upid;
  private final ChunkVerifier chunks;

  /** Creates a job; its UPID carries the clock's current time as start time. */
  public Verifier(ChunkStore store, VerifyOptions options) {
    this(store, new LocalChunkBackend(store), options);
  }

  /**
   * A job reading chunks through {@code chunks} (for S3: from the bucket, never the cache); {@code
   * store} is the local chunk store (S3: the cache), used for inode order and the job's name.
   */
  public Verifier(ChunkStore store, ChunkBackend chunks, VerifyOptions options) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(chunks, "chunks");
    this.options = Objects.requireNonNull(options, "options");
    long now = options.clock().instant().getEpochSecond();
    this.upid =
        Upid.format(
            options.node(),
            ProcessHandle.current().pid(),
            0,
            0,
            now,
            "verify",
            store.base().getFileName().toString(),
            options.authId());
    this.chunks =
        new ChunkVerifier(
            store, chunks, options.threads(), options.inodeOrder(), options.cancellation());
  }

  /**
   * True if the store is read-only: the job renames nothing and records no {@code verify_state}.
   */
  public boolean readOnly() {
    return store.isReadOnly();
  }

  /** The UPID written into {@code verify_state}. */
  public String upid() {
    return upid;
  }

  /** Verifies one snapshot. */
  public VerifyReport verifySnapshot(BackupDir snapshot) throws IOException {
    return verifyAll(List.of(snapshot));
  }

  /** Verifies one group's snapshots, newest first. */
  public VerifyReport verifyGroup(BackupGroup group) throws IOException {
    return verifyAll(snapshotsNewestFirst(group));
  }

  /**
   * Verifies the whole store (PBS verify job): namespaces depth-first, groups in PBS order without
   * {@code host/benchmark}, snapshots newest first.
   */
  public VerifyReport verifyStore(Datastore datastore) throws IOException {
    List<BackupDir> all = new ArrayList<>();
    for (BackupNamespace ns :
        datastore.listNamespaces(BackupNamespace.root(), BackupNamespace.MAX_DEPTH)) {
      List<BackupGroup> groups = new ArrayList<>(datastore.listGroups(ns));
      groups.sort(BackupGroup.PBS_ORDER);
      for (BackupGroup g : groups) {
        if (g.type() == BackupType.HOST && g.id().equals("benchmark")) {
          continue;
        }
        all.addAll(snapshotsNewestFirst(g));
      }
    }
    return verifyAll(all);
  }

  private static List<BackupDir> snapshotsNewestFirst(BackupGroup g) throws IOException {
    return g.listSnapshots().stream()
        .sorted(Comparator.comparingLong(SnapshotInfo::backupTime).reversed())
        .map(SnapshotInfo::dir)
        .toList();
  }

  private VerifyReport verifyAll(List<BackupDir> snapshots) throws IOException {
    List<SnapshotVerifyResult> results = new ArrayList<>();
    options.progress().progress(0, snapshots.size());
    for (BackupDir s : snapshots) {
      options.cancellation().check("verify");
      results.add(verifyOne(s));
      options.progress().progress(results.size(), snapshots.size());
    }
    return new VerifyReport(upid, List.copyOf(results));
  }

  private SnapshotVerifyResult verifyOne(BackupDir snap) throws IOException {
    if (!snap.exists()) {
      return skipped(snap, SnapshotVerifyResult.Status.SKIPPED_GONE);
    }
    LockGuard lock;
    try {
      lock = snap.lockShared();
    } catch (LockedException e) {
      return skipped(snap, SnapshotVerifyResult.Status.SKIPPED_LOCKED);
    }
    try (lock) {
      if (!snap.exists()) {
        return skipped(snap, SnapshotVerifyResult.Status.SKIPPED_GONE);
      }
      ChunkVerifier.Tally t = new ChunkVerifier.Tally();
      Path manifestPath = snap.archivePath(BackupManifest.BLOB_NAME);
      BackupManifest manifest;
      try {
        manifest = BackupManifest.load(manifestPath);
      } catch (IOException e) {
        t.error("cannot load manifest " + manifestPath + ": " + e.getMessage());
        return result(snap, SnapshotVerifyResult.Status.FAILED, t, false);
      }
      if (skipAsVerified(manifest)) {
        return skipped(snap, SnapshotVerifyResult.Status.SKIPPED_VERIFIED);
      }
      boolean ok = true;
      for (BackupManifest.FileInfo f : manifest.files()) {
        options.cancellation().check("verify " + snap.relativePath());
        ok &= verifyFile(snap, f, t);
      }
      boolean updated = updateManifest(snap, ok, t);
      return result(
          snap,
          ok ? SnapshotVerifyResult.Status.OK : SnapshotVerifyResult.Status.FAILED,
          t,
          updated);
    }
  }

  private boolean skipAsVerified(BackupManifest m) {
    if (!options.ignoreVerified()) {
      return false;
    }
    Optional<BackupManifest.VerifyState> last = m.verifyState();
    if (last.isEmpty()) {
      return false;
    }
    Optional<Duration> max = options.outdatedAfter();
    if (max.isEmpty()) {
      return true;
    }
    OptionalLong start = Upid.startTime(last.get().upid());
    if (start.isEmpty()) {
      return false; // unreadable task id: re-verify
    }
    long age = options.clock().instant().getEpochSecond() - start.getAsLong();
    Duration d = max.get();
    boolean outdated =
        d.toSeconds() % 86400 == 0 && d.getNano() == 0
            ? Math.floorDiv(age, 86400) > d.toDays()
            : Duration.ofSeconds(age).compareTo(d) > 0;
    return !outdated;
  }

  private boolean verifyFile(BackupDir snap, BackupManifest.FileInfo f, ChunkVerifier.Tally t)
      throws IOException {
    Path path = snap.archivePath(f.filename());
    if (f.filename().endsWith(".blob")) {
      return verifyBlob(path, f, t);
    }
    Map<ChunkDigest, ChunkVerifier.Item> work = new LinkedHashMap<>();
    boolean ok;
    try (IndexFile index = IndexFiles.open(path)) {
      String csum = HexFormat.of().formatHex(index.computeChecksum());
      if (index.indexBytes() != f.size()) {
        t.error(path + ": wrong size " + index.indexBytes() + ", manifest says " + f.size());
        return false;
      }
      if (!csum.equals(f.csumHex())) {
        t.error(path + ": wrong index checksum " + csum + ", manifest says " + f.csumHex());
        return false;
      }
      ok = chunks.collect(index, f.cryptMode() == CryptMode.ENCRYPT, work, t);
      return chunks.run(work, t) && ok;
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      t.error("cannot verify " + path + ": " + e.getMessage());
      return false;
    }
  }

  private static boolean verifyBlob(Path path, BackupManifest.FileInfo f, ChunkVerifier.Tally t) {
    try {
      byte[] raw = Files.readAllBytes(path);
      if (raw.length != f.size()) {
        t.error(path + ": wrong size " + raw.length + ", manifest says " + f.size());
        return false;
      }
      String csum = ChunkDigest.sha256(raw).toHex();
      if (!csum.equals(f.csumHex())) {
        t.error(path + ": wrong index checksum " + csum + ", manifest says " + f.csumHex());
        return false;
      }
      DataBlob blob = DataBlob.parse(raw, path.toString());
      if (!blob.kind().isEncrypted()) {
        blob.decode(path.toString());
      }
      return true;
    } catch (IOException e) {
      t.error("cannot verify " + path + ": " + e.getMessage());
      return false;
    }
  }

  /**
   * PBS update_manifest: manifest lock, reload, set verify_state, atomic replace; non-fatal (≥
   * 3.3.3).
   */
  private boolean updateManifest(BackupDir snap, boolean ok, ChunkVerifier.Tally t)
      throws InterruptedIOException {
    options.cancellation().check("verify " + snap.relativePath());
    if (store.isReadOnly()) {
      return false; // report only (class documentation)
    }
    Path path = snap.archivePath(BackupManifest.BLOB_NAME);
    try (LockGuard ignored = snap.lockManifest()) {
      BackupManifest m = BackupManifest.load(path);
      m.setVerifyState(upid, ok);
      snap.group()
          .datastore()
          .metadata()
          .put(snap.relativePath() + '/' + BackupManifest.BLOB_NAME, m.toBlob().rawData());
      m.store(path, true);
      return true;
    } catch (IOException e) {
      t.messages.add("cannot write verify_state into " + path + ": " + e.getMessage());
      return false;
    }
  }

  private static SnapshotVerifyResult skipped(BackupDir snap, SnapshotVerifyResult.Status s) {
    return new SnapshotVerifyResult(snap, s, 0, 0, 0, 0, List.of(), false);
  }

  private static SnapshotVerifyResult result(
      BackupDir snap, SnapshotVerifyResult.Status s, ChunkVerifier.Tally t, boolean updated) {
    return new SnapshotVerifyResult(
        snap,
        s,
        t.chunks.get(),
        t.bytes.get(),
        t.corrupt.get(),
        t.errors.get(),
        List.copyOf(t.messages),
        updated,
        t.renamed.get());
  }

  /** Stops the reader threads. */
  @Override
  public void close() {
    chunks.close();
  }
}
