package org.jpbs.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
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
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.format.DynamicIndexReader;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.testkit.FakeClock;

/**
 * Test fixture: a real chunk store plus datastore under a temp dir, a settable clock, data
 * generators and the store invariant (every chunk referenced by every index exists and verifies).
 */
public final class BackupFixture implements AutoCloseable {
  public final Path dir;
  public final ChunkStore store;
  public final Datastore datastore;
  public final FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T00:00:00Z"));

  public BackupFixture(Path dir) throws IOException {
    this.dir = dir;
    Path base = dir.resolve("store");
    this.store =
        ChunkStore.create(
            base, ChunkStoreOptions.defaults(InstantSource.system()).withSyncLevel(SyncLevel.NONE));
    this.datastore = Datastore.open(base);
  }

  private int groups = 100;

  /**
   * A fresh group vm/&lt;n&gt; in the root namespace (tests of one class share a store, since
   * creating the 65536 chunk directories takes seconds, and keep apart by group).
   */
  public synchronized BackupGroup newGroup() {
    return datastore.group(BackupNamespace.root(), BackupType.VM, Integer.toString(groups++));
  }

  /** Default backup options on the fixture clock, no fsync. */
  public BackupOptions options() {
    return BackupOptions.defaults(InstantSource.system()).withClock(clock).withSync(false);
  }

  /** Writes {@code size} seeded random bytes (incompressible) to {@code p}. */
  public static Path randomFile(Path p, long size, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] buf = new byte[1 << 20];
    try (var out = Files.newOutputStream(p)) {
      for (long left = size; left > 0; ) {
        int n = (int) Math.min(buf.length, left);
        r.nextBytes(buf);
        out.write(buf, 0, n);
        left -= n;
      }
    }
    return p;
  }

  /** A sparse file of {@code size} bytes with a few random bytes at spread-out offsets. */
  public static Path sparseFile(Path p, long size, long seed) throws IOException {
    Random r = new Random(seed);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(size);
      for (int i = 0; i < 5; i++) {
        byte[] b = new byte[1000];
        r.nextBytes(b);
        f.seek((long) (r.nextDouble() * (size - b.length)));
        f.write(b);
      }
    }
    return p;
  }

  /**
   * The store invariant: for every snapshot with a manifest, every listed index matches the
   * manifest and every chunk it references exists, passes CRC and hashes to its digest with the
   * right length.
   *
   * @return the number of chunk references checked
   */
  public long assertInvariant() throws IOException {
    long refs = 0;
    for (BackupGroup g : datastore.listGroups(BackupNamespace.root())) {
      for (SnapshotInfo s : g.listSnapshots()) {
        if (!s.isFinished()) {
          continue;
        }
        BackupDir d = s.dir();
        BackupManifest m = BackupManifest.load(d.archivePath(BackupManifest.BLOB_NAME));
        for (BackupManifest.FileInfo f : m.files()) {
          if (f.filename().endsWith(".blob")) {
            continue;
          }
          try (IndexFile idx = IndexFiles.open(d.archivePath(f.filename()))) {
            idx.verify();
            assertThat(idx.indexBytes()).as("size of %s", idx.path()).isEqualTo(f.size());
            for (int i = 0; i < idx.count(); i++) {
              ChunkDigest digest = idx.digest(i);
              long len =
                  idx instanceof FixedIndexReader fx
                      ? Math.min(fx.chunkSize(), fx.size() - (long) i * fx.chunkSize())
                      : ((DynamicIndexReader) idx).chunkEnd(i)
                          - ((DynamicIndexReader) idx).chunkStart(i);
              DataBlob blob = DataBlob.load(store.chunkPath(digest));
              blob.verifyUnencrypted(len, digest, store.chunkPath(digest).toString());
              refs++;
            }
          }
        }
      }
    }
    return refs;
  }

  @Override
  public void close() {
    store.close();
  }
}
