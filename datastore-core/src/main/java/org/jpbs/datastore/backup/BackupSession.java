package org.jpbs.datastore.backup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.SharedStoreGuard;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.datastore.backend.MetadataBackend;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.format.AtomicFile;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CryptMode;
import org.jpbs.format.DataBlob;

/**
 * One backup of a group into a new snapshot, written the way a PBS backup session writes it (spec
 * §8.2): locks, base snapshot and known chunks, archives, manifest last.
 *
 * <p>Lifecycle: {@link #start} registers the writer, takes the store's shared lock, the group lock,
 * a shared lock on the base snapshot and an exclusive lock on the new snapshot, and creates its
 * directory; {@code add*} write archives; {@link #finish} writes the manifest (atomically) and
 * releases everything. {@link #close()} without a successful finish removes the snapshot directory
 * (and the group, if this session created it and it holds no snapshot), so a failed or cancelled
 * backup leaves no snapshot and no empty group. Not thread-safe; after an {@code add*} failed, only
 * {@link #close()} is allowed.
 */
public final class BackupSession implements AutoCloseable {
  private final ChunkStore store;
  private final BackupOptions options;
  private final BackupDir snapshot;
  private final BackupBase base;
  private final ChunkUploader uploader;
  private final List<ArchiveStats> archives = new ArrayList<>();
  private final List<AutoCloseable> held; // released in reverse order
  private final LockGuard createdGroupLock; // the group lock, if this session created the group
  private boolean failed;
  private boolean done;

  private BackupSession(
      ChunkStore store,
      BackupOptions options,
      BackupDir snapshot,
      BackupBase base,
      List<AutoCloseable> held,
      LockGuard createdGroupLock,
      ChunkBackend chunks) {
    this.store = store;
    this.options = options;
    this.snapshot = snapshot;
    this.base = base;
    this.uploader = new ChunkUploader(chunks);
    this.held = held;
    this.createdGroupLock = createdGroupLock;
  }

  /**
   * Opens a new snapshot in {@code group} (created with the options' owner if missing; a group
   * created here is removed again if the session fails before its snapshot is finished).
   *
   * @throws BackupRejectedException if the group has another owner
   * @throws BackupTimeRejectedException if the backup time is not after the group's newest finished
   *     snapshot
   * @throws org.jpbs.datastore.lock.LockedException if the group (another backup) or the base
   *     snapshot (exclusively) is locked
   */
  public static BackupSession start(ChunkStore store, BackupGroup group, BackupOptions options)
      throws IOException {
    Objects.requireNonNull(store, "store");
    return start(store, new LocalChunkBackend(store), group, options);
  }

  /**
   * As {@link #start(ChunkStore, BackupGroup, BackupOptions)} with chunks stored through {@code
   * chunks}; {@code store} is the local chunk store (for S3, the cache) whose {@code .lock} the
   * session holds shared. Metadata goes through the group's datastore's {@link MetadataBackend}.
   */
  public static BackupSession start(
      ChunkStore store, ChunkBackend chunks, BackupGroup group, BackupOptions options)
      throws IOException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(options, "options");
    List<AutoCloseable> held = new ArrayList<>();
    BackupDir created = null;
    LockGuard createdGroupLock = null;
    try {
      held.add(options.registration().register("backup", group.relativePath()));
      SharedStoreGuard storeGuard = store.acquireShared();
      held.add(storeGuard);
      LockGuard groupLock = group.lock();
      held.add(groupLock);
      if (!group.exists()) {
        createdGroupLock = groupLock; // set first: a half-created group is removed on failure too
      }
      String owner = group.createLocked(groupLock, options.owner());
      if (!owner.equals(options.owner())) {
        throw new BackupRejectedException(
            "backup group "
                + group.relativePath()
                + " is owned by "
                + owner
                + ", not "
                + options.owner());
      }
      BackupBase base = BackupBase.select(group);
      if (base.dir().isPresent()) {
        held.add(base.dir().get().lockShared());
      }
      long time = options.backupTime();
      if (base.last().isPresent() && time <= base.last().get().backupTime()) {
        throw new BackupTimeRejectedException(
            "backup time "
                + BackupDir.formatTime(time)
                + " is not after the last backup "
                + base.last().get().relativePath());
      }
      BackupDir snap = group.snapshot(time);
      LockGuard snapLock = snap.lock();
      held.add(snapLock);
      snap.create(); // fails if it exists: never adopt (or later delete) someone else's snapshot
      created = snap;
      return new BackupSession(store, options, snap, base, held, createdGroupLock, chunks);
    } catch (IOException | RuntimeException e) {
      if (created != null) {
        SessionCleanup.removeQuietly(created, e);
      }
      if (createdGroupLock != null) {
        SessionCleanup.removeGroupQuietly(group, createdGroupLock, e);
      }
      IOException r = SessionCleanup.releaseAll(held);
      if (r != null) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  /** The snapshot being written. */
  public BackupDir snapshot() {
    return snapshot;
  }

  /** The base snapshot whose chunks are known, if any (newest finished, not failed verify). */
  public Optional<BackupDir> base() {
    return base.dir();
  }

  /**
   * Backs up a file (image, block device, any file) as a fixed index (4 MiB chunks unless {@link
   * BackupOptions#withFixedChunkSize} says otherwise).
   *
   * @param name archive name; {@code .img.fidx} is appended unless it ends in {@code .fidx}
   */
  public ArchiveStats addImage(String name, Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return addImage(name, in, size);
    }
  }

  /** As {@link #addImage(String, Path)} for exactly {@code size} bytes read from {@code in}. */
  public ArchiveStats addImage(String name, InputStream in, long size) throws IOException {
    String filename = archiveName(name, ".fidx", ".img.fidx");
    return run(
        () -> {
          base.registerKnown(filename, uploader);
          ArchiveStats a =
              new ArchiveWriter(uploader, options)
                  .writeFixed(snapshot.archivePath(filename), in, size, options.fixedChunkSize());
          uploadIndex(filename);
          return a;
        });
  }

  /**
   * Backs up a stream as a dynamic index cut by the buzhash chunker.
   *
   * @param name archive name; {@code .didx} is appended unless it ends in {@code .didx}
   */
  public ArchiveStats addStream(String name, InputStream in) throws IOException {
    String filename = archiveName(name, ".didx", ".didx");
    return run(
        () -> {
          base.registerKnown(filename, uploader);
          ArchiveStats a =
              new ArchiveWriter(uploader, options)
                  .writeDynamic(
                      snapshot.archivePath(filename),
                      new BufferedInputStream(in, 1 << 16),
                      options.dynamicAverage());
          uploadIndex(filename);
          return a;
        });
  }

  /** Backs up a file as a dynamic index ({@link #addStream}). */
  public ArchiveStats addStream(String name, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return addStream(name, in);
    }
  }

  /**
   * Stores small data (a config file) as a compressed DataBlob {@code <name>.blob}.
   *
   * @throws IllegalArgumentException if the data exceeds the blob size limit
   */
  public ArchiveStats addBlob(String name, byte[] data) throws IOException {
    String filename = archiveName(name, ".blob", ".blob");
    return run(
        () -> {
          options.cancellation().check("backup of " + filename);
          byte[] raw = DataBlob.encode(data, true).rawData();
          metadata().put(fileKey(filename), raw); // PBS add_blob: the object first
          AtomicFile.replace(snapshot.archivePath(filename), raw, options.sync());
          return new ArchiveStats(
              filename, raw.length, ChunkDigest.sha256(raw).toHex(), 0, 0, 0, 0, 0);
        });
  }

  /**
   * Writes the manifest (last, atomically) and releases the locks; the snapshot is finished.
   *
   * @throws BackupRejectedException if the base snapshot was removed during the session
   */
  public BackupResult finish() throws IOException {
    BackupResult result =
        run(
            () -> {
              options.cancellation().check("backup " + snapshot.relativePath());
              if (base.dir().isPresent() && !base.dir().get().exists()) {
                throw new BackupRejectedException(
                    "base snapshot "
                        + base.dir().get().relativePath()
                        + " was removed during backup");
              }
              if (options.sync()) {
                store.syncFilesystem();
              }
              BackupManifest m =
                  BackupManifest.create(
                      snapshot.group().type().dirName(),
                      snapshot.group().id(),
                      snapshot.backupTime());
              for (ArchiveStats a : archives) {
                m.addFile(
                    new BackupManifest.FileInfo(
                        a.filename(), CryptMode.NONE, a.size(), a.csumHex()));
              }
              ChunkUploadStats s = uploader.stats();
              ObjectNode stats = JsonNodeFactory.instance.objectNode();
              stats.put("count", s.count());
              stats.put("size", s.size());
              stats.put("compressed_size", s.compressedSize());
              stats.put("duplicates", s.duplicates());
              m.putUnprotected("chunk_upload_stats", stats);
              metadata().put(fileKey(BackupManifest.BLOB_NAME), m.toBlob().rawData());
              m.store(snapshot.archivePath(BackupManifest.BLOB_NAME), options.sync());
              return new BackupResult(
                  snapshot, base.dir(), List.copyOf(archives), s, base.noBaseReason());
            });
    done = true;
    IOException r = SessionCleanup.releaseAll(held);
    if (r != null) {
      throw new IOException(
          "backup " + snapshot.relativePath() + " finished, but releasing its locks failed", r);
    }
    return result;
  }

  /** Chunk upload counters so far. */
  public ChunkUploadStats uploadStats() {
    return uploader.stats();
  }

  /** Removes the snapshot unless {@link #finish} succeeded, then releases all locks; idempotent. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    IOException first = null;
    try {
      snapshot.destroy(true);
    } catch (IOException e) {
      first = e;
    }
    if (createdGroupLock != null) {
      try {
        snapshot.group().removeIfEmptyLocked(createdGroupLock);
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    IOException r = SessionCleanup.releaseAll(held);
    if (first == null) {
      first = r;
    } else if (r != null) {
      first.addSuppressed(r);
    }
    if (first != null) {
      throw first;
    }
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws IOException;
  }

  private <T> T run(Step<T> step) throws IOException {
    if (done || failed) {
      throw new IllegalStateException(
          "backup session "
              + snapshot.relativePath()
              + (failed ? " failed; close it" : " is closed"));
    }
    try {
      T r = step.run();
      if (r instanceof ArchiveStats a) {
        archives.add(a);
      }
      return r;
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  private MetadataBackend metadata() {
    return snapshot.group().datastore().metadata();
  }

  private String fileKey(String filename) {
    return snapshot.relativePath() + '/' + filename;
  }

  /** PBS index close: the committed local file is read back and uploaded. */
  private void uploadIndex(String filename) throws IOException {
    metadata().putFile(fileKey(filename), snapshot.archivePath(filename));
  }

  private String archiveName(String name, String accept, String append) {
    Objects.requireNonNull(name, "name");
    String f = name.endsWith(accept) ? name : name + append;
    snapshot.archivePath(f); // validates
    if (f.equals(BackupManifest.BLOB_NAME)) {
      throw new IllegalArgumentException("archive name is reserved: " + f);
    }
    for (ArchiveStats a : archives) {
      if (a.filename().equals(f)) {
        throw new IllegalArgumentException("archive " + f + " was already written in this session");
      }
    }
    return f;
  }
}
