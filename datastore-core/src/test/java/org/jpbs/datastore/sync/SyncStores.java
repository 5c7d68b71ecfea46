package org.jpbs.datastore.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SyncLevel;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.WriterRegistration;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.format.BackupManifest;
import org.jpbs.testkit.ChunkDirPool;
import org.jpbs.testkit.ReferencedChunks;

/**
 * Test stores for sync: real chunk stores with real backups (fixed and dynamic archives, blobs,
 * namespaces) and the checks every sync test ends with.
 */
final class SyncStores {
  static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

  private SyncStores() {}

  /** Closes the stores and hands their chunk directories to the next test. */
  static void recycle(SyncEndpoint... stores) {
    for (SyncEndpoint e : stores) {
      e.store().close();
      ChunkDirPool.recycle(e.datastore().base());
    }
  }

  /** A local datastore under {@code dir}. */
  static SyncEndpoint create(Path dir) throws IOException {
    ChunkStoreOptions o =
        ChunkStoreOptions.defaults(InstantSource.system()).withSyncLevel(SyncLevel.NONE);
    ChunkStore store =
        ChunkDirPool.claim(dir) ? ChunkStore.open(dir, o) : ChunkStore.create(dir, o);
    return new SyncEndpoint(
        Datastore.open(dir), store, new LocalChunkBackend(store), WriterRegistration.NONE);
  }

  /**
   * The demo-like source: vm/100 and vm/101 and ct/200 in the root, host/web in ns a, vm/300 in
   * a/b; three snapshots each (a sliding window of shared data), 64 KiB chunks.
   */
  static void populate(SyncEndpoint s) throws IOException {
    Datastore ds = s.datastore();
    ds.createNamespace(BackupNamespace.of("a", "b"));
    int seed = 1;
    for (Object[] g :
        new Object[][] {
          {BackupNamespace.root(), BackupType.VM, "100"},
          {BackupNamespace.root(), BackupType.VM, "101"},
          {BackupNamespace.root(), BackupType.CT, "200"},
          {BackupNamespace.of("a"), BackupType.HOST, "web"},
          {BackupNamespace.of("a", "b"), BackupType.VM, "300"}
        }) {
      BackupGroup group = ds.group((BackupNamespace) g[0], (BackupType) g[1], (String) g[2]);
      for (int i = 0; i < 3; i++) {
        backup(s, group, T0 + i * 3600, seed++);
      }
    }
  }

  /** One backup: an image (half shared with the group's previous one), a stream, a config blob. */
  static BackupDir backup(SyncEndpoint s, BackupGroup group, long time, long seed)
      throws IOException {
    BackupOptions o =
        BackupOptions.defaults(InstantSource.system())
            .withClock(InstantSource.fixed(Instant.ofEpochSecond(time)))
            .withSync(false)
            .withOwner("alice@pbs")
            .withFixedChunkSize(64 << 10)
            .withDynamicAverage(64 << 10);
    byte[] image = new byte[768 << 10];
    new Random(group.id().hashCode()).nextBytes(image);
    byte[] fresh = new byte[256 << 10];
    new Random(seed).nextBytes(fresh);
    System.arraycopy(fresh, 0, image, 0, fresh.length);
    try (BackupSession b = BackupSession.start(s.store(), s.chunks(), group, o)) {
      b.addImage("disk", new java.io.ByteArrayInputStream(image), image.length);
      b.addStream("root.pxar", new java.io.ByteArrayInputStream(fresh));
      b.addBlob("qemu-server.conf", ("seed " + seed).getBytes());
      return b.finish().snapshot();
    }
  }

  /** Every finished snapshot below the root, as {@code ns:type/id/time}. */
  static List<String> snapshots(Datastore ds) throws IOException {
    List<String> out = new ArrayList<>();
    for (BackupNamespace ns : ds.listNamespaces(BackupNamespace.root(), 7)) {
      for (BackupGroup g : ds.listGroups(ns)) {
        for (SnapshotInfo s : g.listSnapshots()) {
          out.add(s.dir().toString() + (s.isFinished() ? "" : " (unfinished)"));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Target snapshot {@code dst} is a faithful copy of {@code src}: same manifest bytes, same blob
   * bytes, and every archive restores to the same bytes.
   */
  static void assertSameSnapshot(
      SyncEndpoint source, BackupDir src, SyncEndpoint target, BackupDir dst) throws IOException {
    Path m = src.archivePath(BackupManifest.BLOB_NAME);
    assertThat(BackupManifest.load(dst.archivePath(BackupManifest.BLOB_NAME)).files())
        .isEqualTo(BackupManifest.load(m).files());
    for (BackupManifest.FileInfo f : BackupManifest.load(m).files()) {
      if (f.filename().endsWith(".blob")) {
        assertThat(ArchiveReader.readBlob(dst, f.filename()))
            .isEqualTo(ArchiveReader.readBlob(src, f.filename()));
      } else {
        assertThat(restore(target, dst, f.filename()))
            .isEqualTo(restore(source, src, f.filename()));
      }
    }
  }

  private static byte[] restore(SyncEndpoint e, BackupDir d, String file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveReader r = ArchiveReader.open(e.chunks(), d, file, 0)) {
      r.copyTo(out, (done, total) -> {}, new org.jpbs.datastore.backup.Cancellation());
    }
    return out.toByteArray();
  }

  /** Verifies the whole store; returns the number of failed snapshots. */
  static long verifyFailures(SyncEndpoint e) throws IOException {
    try (Verifier v =
        new Verifier(e.store(), e.chunks(), VerifyOptions.defaults(InstantSource.system()))) {
      return v.verifyStore(e.datastore()).failed().size();
    }
  }

  /** The invariant: every chunk referenced by any index of either store exists. */
  static void assertInvariant(SyncEndpoint... stores) throws IOException {
    for (SyncEndpoint e : stores) {
      ReferencedChunks.assertAllExist(e.datastore().base());
    }
  }
}
