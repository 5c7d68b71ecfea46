package org.jpbs.datastore.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.jpbs.chunkstore.ChunkValidation;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.FileTrees;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.datastore.backend.MetadataBackend;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.format.AtomicFile;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;
import org.jpbs.format.DynamicIndexReader;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;

/**
 * Copies one finished source snapshot into its target group, whose lock the caller holds, while the
 * caller holds the source snapshot's shared lock: every file into a hidden temporary directory
 * {@code <group>/.sync-<time>.tmp} (the manifest last), each checked against the manifest, every
 * chunk the target lacks copied and checked; then the directory is renamed into place under the
 * target snapshot's exclusive lock. Until that rename the snapshot does not exist on the target.
 */
final class SnapshotCopy {
  /** Prefix of the temporary directories a sync leaves in a target group when it is killed. */
  static final String TEMP_PREFIX = ".sync-";

  private final SyncContext ctx;
  private final BackupDir src;
  private final BackupDir dst;
  private final boolean resync;
  private final Set<ChunkDigest> seen = new HashSet<>();

  SnapshotCopy(SyncContext ctx, BackupDir src, BackupDir dst, boolean resync) {
    this.ctx = ctx;
    this.src = src;
    this.dst = dst;
    this.resync = resync;
  }

  /**
   * Copies the snapshot.
   *
   * @throws NoSuchFileException if the source manifest is gone (the snapshot vanished)
   */
  void run() throws IOException {
    Path manifestPath = src.archivePath(BackupManifest.BLOB_NAME);
    byte[] rawManifest = Files.readAllBytes(manifestPath);
    BackupManifest m =
        BackupManifest.parse(
            DataBlob.parse(rawManifest, manifestPath.toString()), manifestPath.toString());
    if (m.backupTime() != src.backupTime()
        || !m.backupId().equals(src.group().id())
        || !m.backupType().equals(src.group().type().dirName())) {
      throw new CorruptFileException(manifestPath.toString(), 0, "manifest names another snapshot");
    }
    Path group = dst.group().fullPath();
    Path tmp = group.resolve(TEMP_PREFIX + dst.backupTimeString() + ".tmp");
    if (Files.exists(tmp)) {
      FileTrees.delete(tmp);
    }
    Files.createDirectory(tmp);
    boolean committed = false;
    try {
      step("created " + tmp.getFileName());
      for (BackupManifest.FileInfo f : m.files()) {
        copyFile(f, tmp);
      }
      copyClientLog(m, tmp);
      boolean sync = ctx.options().sync();
      if (sync) {
        ctx.target().store().syncFilesystem();
      }
      AtomicFile.replace(tmp.resolve(BackupManifest.BLOB_NAME), rawManifest, sync);
      metadata().put(key(BackupManifest.BLOB_NAME), rawManifest); // the object last, as PBS pull
      step("manifest " + dst.relativePath());
      commit(tmp, group, sync);
      committed = true;
    } finally {
      if (!committed && Files.exists(tmp)) {
        FileTrees.delete(tmp);
      }
    }
  }

  /** Renames the finished temporary directory into place (an existing copy is replaced). */
  @SuppressWarnings("try") // the guard is held for the scope of the try
  private void commit(Path tmp, Path group, boolean sync) throws IOException {
    try (LockGuard ignored = dst.lock()) {
      if (dst.exists()) {
        if (dst.isProtected()) {
          Files.createFile(tmp.resolve(BackupDir.PROTECTED_MARKER)); // a resync keeps the flag
        }
        Path old = group.resolve(TEMP_PREFIX + dst.backupTimeString() + ".old");
        if (Files.exists(old)) {
          FileTrees.delete(old);
        }
        Files.move(dst.fullPath(), old, StandardCopyOption.ATOMIC_MOVE);
        step("moved aside " + dst.relativePath());
        Files.move(tmp, dst.fullPath(), StandardCopyOption.ATOMIC_MOVE);
        step("renamed " + dst.relativePath());
        FileTrees.delete(old);
      } else {
        Files.move(tmp, dst.fullPath(), StandardCopyOption.ATOMIC_MOVE);
        step("renamed " + dst.relativePath());
      }
      if (sync) {
        AtomicFile.fsyncDirectory(group);
      }
    }
  }

  private void copyFile(BackupManifest.FileInfo f, Path tmp) throws IOException {
    Path from = src.archivePath(f.filename());
    byte[] raw = Files.readAllBytes(from);
    Path to = tmp.resolve(f.filename());
    if (f.filename().endsWith(".blob")) {
      DataBlob.parse(raw, from.toString()); // CRC
      String csum = ChunkDigest.sha256(raw).toHex();
      if (raw.length != f.size() || !csum.equals(f.csumHex())) {
        throw new CorruptFileException(
            from.toString(), 0, "blob does not match the manifest", f.csumHex(), csum);
      }
      metadata().put(key(f.filename()), raw); // PBS: the object first
      AtomicFile.replace(to, raw, ctx.options().sync());
      step("blob " + f.filename());
      return;
    }
    // under a name no index walk matches until every chunk it references is present (the rule
    // every index writer follows, PBS §8.4 property 1), then renamed
    Path part = tmp.resolve(f.filename() + ".part");
    AtomicFile.replace(part, raw, ctx.options().sync());
    try (IndexFile index = IndexFiles.open(part)) {
      index.verify();
      String csum = HexFormat.of().formatHex(index.computeChecksum());
      if (index.indexBytes() != f.size() || !csum.equals(f.csumHex())) {
        throw new CorruptFileException(
            from.toString(), 0, "index does not match the manifest", f.csumHex(), csum);
      }
      for (int i = 0; i < index.count(); i++) {
        copyChunk(index.digest(i), chunkLength(index, i));
      }
    }
    Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
    metadata().putFile(key(f.filename()), to);
    step("index " + f.filename());
  }

  /** {@code client.log.blob} is not in the manifest; copied (CRC-checked) if the source has it. */
  private void copyClientLog(BackupManifest m, Path tmp) throws IOException {
    String name = BackupDir.CLIENT_LOG_BLOB_NAME;
    Path from = src.archivePath(name);
    if (m.lookupFile(name).isPresent() || !Files.isRegularFile(from)) {
      return;
    }
    byte[] raw = Files.readAllBytes(from);
    DataBlob.parse(raw, from.toString());
    metadata().put(key(name), raw);
    AtomicFile.replace(tmp.resolve(name), raw, ctx.options().sync());
  }

  static long chunkLength(IndexFile index, int i) {
    if (index instanceof FixedIndexReader f) {
      return Math.min(f.chunkSize(), f.size() - (long) i * f.chunkSize());
    }
    DynamicIndexReader d = (DynamicIndexReader) index;
    return d.chunkEnd(i) - d.chunkStart(i);
  }

  /** Makes {@code d} present on the target: found (touched), or read, checked and inserted. */
  private void copyChunk(ChunkDigest d, long length) throws IOException {
    ctx.advance(length);
    if (!seen.add(d)) {
      return;
    }
    SyncCounters c = ctx.counters();
    ChunkBackend target = ctx.target().chunks();
    if (resync ? targetCopyIsGood(d) : target.touchIfPresent(d)) {
      c.chunksSkipped.increment();
      c.bytesSkipped.add(length);
      return;
    }
    DataBlob blob = ctx.source().chunks().load(d); // CRC-checked
    ctx.rate().acquire(blob.rawSize());
    target.insert(d, blob); // refuses a blob that does not hash to d
    c.chunksCopied.increment();
    c.bytesCopied.add(length);
    c.encodedBytesCopied.add(blob.rawSize());
    step("chunk " + d.toHex());
  }

  /**
   * For a resync: reads the target's own copy (bypassing caches) and checks it; a good one is
   * re-inserted (touched), a corrupt one moved aside to {@code .bad}.
   */
  private boolean targetCopyIsGood(ChunkDigest d) throws IOException {
    ChunkBackend target = ctx.target().chunks();
    DataBlob blob;
    try {
      blob = target.loadAuthoritative(d);
      ChunkValidation.validate(d, blob, target.location(d));
    } catch (NoSuchFileException e) {
      return false;
    } catch (CorruptFileException e) {
      target.renameCorrupt(d);
      ctx.listener()
          .warn("corrupt chunk " + target.location(d) + " moved aside: " + e.getMessage());
      return false;
    }
    target.insert(d, blob);
    return true;
  }

  private MetadataBackend metadata() {
    return ctx.target().datastore().metadata();
  }

  private String key(String filename) {
    return dst.relativePath() + '/' + filename;
  }

  private void step(String what) throws IOException {
    ctx.probe().after(what);
  }
}
