package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jpbs.format.BlobFormat;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.posix.ReadOnlyMount;

/**
 * A PBS chunk store: {@code <base>/.chunks/XXXX/<64 hex>} DataBlob files (spec §1.1-§1.3, §3).
 *
 * <p>Operations: atomic {@link #insert}, {@link #load}, {@link #touch} (atime := now, the GC mark),
 * {@link #sweep} (classify and unlink by atime, the GC sweep), {@link #renameCorrupt}. Writers
 * ({@code insert}, {@code touch}) and the sweep exclude each other per chunk directory across
 * threads and processes (see the package documentation). The store-level {@code .lock} is separate:
 * take it with {@link #acquireShared()} while writing chunks or running GC.
 *
 * <p>Thread-safe. Owns one open descriptor of {@code .chunks} and one lock descriptor per thread
 * that used it; {@link #close()} (idempotent) releases them, after which every method throws {@link
 * AlreadyClosedException}. Do not close while other threads still use the store.
 */
public final class ChunkStore implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChunkStore.class.getName());

  private final Path base;
  private final Path chunksDir;
  private final ChunkStoreOptions options;
  private final boolean readOnly;
  private final StoreAccess access;
  private final AtimeToucher toucher;
  private final ChunkLocks locks;
  private final ChunkInserter inserter;
  private volatile boolean closed;

  private ChunkStore(Path base, ChunkStoreOptions options, boolean readOnly) throws IOException {
    this.base = base;
    this.chunksDir = base.resolve(StoreLayout.CHUNKS);
    this.options = options;
    this.readOnly = readOnly;
    this.access = new StoreAccess(base, chunksDir, options);
    this.toucher = access.toucher();
    this.locks = access.locks();
    inserter = new ChunkInserter(chunksDir, toucher, options.syncLevel());
    LOG.log(
        System.Logger.Level.DEBUG,
        "opened chunk store {0} (touch: {1}, chunk locks: {2})",
        base,
        toucher.name(),
        locks.name());
  }

  /**
   * Creates a new, empty chunk store under {@code base} (created if missing) and opens it.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code base/.chunks} already exists
   * @throws ReadOnlyStoreException if {@code base} (or its nearest existing parent) is read-only
   */
  public static ChunkStore create(Path base, ChunkStoreOptions options) throws IOException {
    Path abs = base.toAbsolutePath().normalize();
    StoreLayout.create(abs, StoreAccess.NATIVE && options.nativeAccess());
    return new ChunkStore(abs, options, false);
  }

  /**
   * Opens an existing chunk store (PBS {@code ChunkStore::open}, spec §3.1). On a read-only mount
   * ({@link #isReadOnly()}, determined here once) nothing is created and only reading works.
   *
   * @throws NotAChunkStoreException if {@code base} is not a directory holding {@code .chunks/}
   */
  public static ChunkStore open(Path base, ChunkStoreOptions options) throws IOException {
    Path abs = base.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new NotAChunkStoreException(abs, "not a directory");
    }
    if (!Files.isDirectory(abs.resolve(StoreLayout.CHUNKS), LinkOption.NOFOLLOW_LINKS)) {
      throw new NotAChunkStoreException(abs, "no .chunks directory");
    }
    if (ReadOnlyMount.test(abs)) {
      return new ChunkStore(abs, options, true); // creates nothing (package documentation)
    }
    Path lock = abs.resolve(StoreLock.FILE_NAME);
    if (!Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createFile(lock); // as ProcessLocker (create=true); O_EXCL leaves no fd behind
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created concurrently
      }
    }
    StoreLayout.ensureChunkLocksFile(abs);
    return new ChunkStore(abs, options, false);
  }

  /** The datastore base directory (absolute). */
  public Path base() {
    return base;
  }

  /** {@code <base>/.chunks}. */
  public Path chunksDir() {
    return chunksDir;
  }

  /** True if the store was on a read-only mount when it was opened: only reading works. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /** Throws {@link ReadOnlyStoreException} naming {@code operation} if {@link #isReadOnly()}. */
  public void requireWritable(String operation) throws ReadOnlyStoreException {
    if (readOnly) {
      throw new ReadOnlyStoreException(base, operation);
    }
  }

  /** True if this store uses the JNA syscalls and cross-process OFD chunk locks. */
  public boolean usesNativeAccess() {
    return access.nativeAccess();
  }

  /** The path of a chunk: {@code <base>/.chunks/XXXX/<hex>}. */
  public Path chunkPath(ChunkDigest digest) {
    return ChunkPath.of(chunksDir, digest);
  }

  /**
   * Validates and stores a chunk atomically; a duplicate is touched instead (PBS {@code
   * insert_chunk}, spec §3.2, including: empty existing file is overwritten, an encrypted upload
   * never replaces an unencrypted chunk, the smaller copy is kept).
   *
   * @throws org.jpbs.format.CorruptFileException if the blob is out of size limits or (unencrypted)
   *     does not hash to {@code digest}
   * @throws IOException on refused replacement or I/O failure
   */
  public InsertResult insert(ChunkDigest digest, DataBlob blob) throws IOException {
    ensureOpen();
    requireWritable("insert chunk");
    ChunkInserter.validate(digest, blob, chunkPath(digest).toString());
    int prefix = digest.prefix();
    locks.lockShared(prefix);
    try {
      return inserter.insertLocked(digest, blob);
    } finally {
      locks.unlockShared(prefix);
    }
  }

  /** Reads and CRC-checks a chunk file. */
  public DataBlob load(ChunkDigest digest) throws IOException {
    ensureOpen();
    return DataBlob.load(chunkPath(digest), BlobFormat.MAX_ENCODED_CHUNK_SIZE);
  }

  /**
   * Sets the chunk's atime to now (mtime unchanged, symlinks not followed), excluded against a
   * concurrent sweep of its directory in any process. Allocates nothing on the JNA path.
   *
   * @return true if the chunk exists, false if absent
   * @throws IOException for any error other than ENOENT, naming the path and errno
   */
  public boolean touch(ChunkDigest digest) throws IOException {
    ensureOpen();
    requireWritable("touch chunk");
    int prefix = digest.prefix();
    locks.lockShared(prefix);
    try {
      return toucher.touch(digest);
    } finally {
      locks.unlockShared(prefix);
    }
  }

  /**
   * As {@link #touch} but without the chunk lock: only for the GC mark phase, whose touches precede
   * its own sweep and therefore never race with it. Must not be used while another sweep may run on
   * this store.
   */
  public boolean touchForMark(ChunkDigest digest) throws IOException {
    ensureOpen();
    return toucher.touch(digest);
  }

  /**
   * {@link #touchForMark(ChunkDigest)} for the digest with big-endian words {@code w0..w3} ({@link
   * ChunkDigest#word}), so the mark loop needs no {@code ChunkDigest} per chunk: allocates nothing
   * on the JNA path. Same contract and same restriction (GC mark phase only).
   *
   * @return true if the chunk exists, false if absent
   * @throws IOException for any error other than ENOENT, naming the path and errno
   */
  public boolean touchForMark(long w0, long w1, long w2, long w3) throws IOException {
    ensureOpen();
    return toucher.touch(w0, w1, w2, w3);
  }

  /**
   * Touches the existing {@code .0.bad} … {@code .9.bad} copies of a chunk (GC mark phase, for a
   * referenced chunk that is missing: PBS keeps them while the chunk is referenced). Takes no lock,
   * as {@link #touchForMark}.
   *
   * @return how many copies exist
   */
  public int touchBadCopies(ChunkDigest digest) throws IOException {
    ensureOpen();
    int found = 0;
    for (int n = 0; n <= 9; n++) {
      if (toucher.touchBadCopy(digest, n)) {
        found++;
      }
    }
    return found;
  }

  /**
   * Walks the chunk directories, classifies every chunk file by atime against {@code minAtime} and
   * {@code oldestWriter} and unlinks those below {@code minAtime} (PBS {@code sweep_unused_chunks},
   * spec §3.4, §4.6). Chunks of {@link SweepRequest#withReferenced} count as touched now, in a dry
   * run and in a real one (a GC that marked in a set); every other chunk by its atime, read under
   * the chunk-directory lock in a real run.
   *
   * @throws SweepException on an opendir (other than ENOENT)/readdir/unlink error or abort
   */
  public SweepReport sweep(SweepRequest request) throws IOException, InterruptedException {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    if (!request.dryRun()) {
      requireWritable("sweep");
    }
    return new SweepRun(request, locks, () -> access.newSweeper(request.probe())).run();
  }

  /**
   * Renames a corrupt chunk to the first free {@code <hex>.N.bad} (N = 0..8, else {@code .9.bad},
   * overwritten), under the same exclusion as the sweep (spec §6.3).
   *
   * @return the new path, or empty if the chunk does not exist
   */
  public Optional<Path> renameCorrupt(ChunkDigest digest) throws IOException {
    ensureOpen();
    requireWritable("rename corrupt chunk");
    Path path = chunkPath(digest);
    int prefix = digest.prefix();
    locks.lockExclusive(prefix);
    try {
      Path target = null;
      for (int n = 0; n <= 8 && target == null; n++) {
        Path candidate = path.resolveSibling(path.getFileName() + "." + n + ".bad");
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
          target = candidate;
        }
      }
      if (target == null) {
        target = path.resolveSibling(path.getFileName() + ".9.bad");
      }
      try {
        Files.move(
            path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      return Optional.of(target);
    } finally {
      locks.unlockExclusive(prefix);
    }
  }

  /**
   * Runs {@code action} under the shared lock of {@code digest}'s directory, with a view whose
   * insert and touch take no lock of their own (locks do not nest): for S3, "upload + local copy"
   * as one critical section against {@link #withExclusivePrefixes}.
   */
  public <T> T withSharedChunkLock(ChunkDigest digest, LockedChunkAction<T> action)
      throws IOException {
    ensureOpen();
    requireWritable("insert chunk");
    int prefix = digest.prefix();
    locks.lockShared(prefix);
    try {
      return action.run(new LockedChunk(digest));
    } finally {
      locks.unlockShared(prefix);
    }
  }

  /**
   * Runs {@code action} holding directories {@code first .. first + count - 1} exclusively, as the
   * sweep does (no insert or touch there meanwhile, in any process): for the S3 sweep.
   */
  public <T> T withExclusivePrefixes(int first, int count, IoSupplier<T> action)
      throws IOException {
    ensureOpen();
    requireWritable("sweep");
    locks.lockExclusiveRange(first, count);
    try {
      return action.get();
    } finally {
      locks.unlockExclusiveRange(first, count);
    }
  }

  /** One chunk's insert and touch while the caller holds its directory's shared lock. */
  public final class LockedChunk {
    private final ChunkDigest digest;

    private LockedChunk(ChunkDigest digest) {
      this.digest = digest;
    }

    /** {@link ChunkStore#insert} without taking the lock again. */
    public InsertResult insert(DataBlob blob) throws IOException {
      ChunkInserter.validate(digest, blob, chunkPath(digest).toString());
      return inserter.insertLocked(digest, blob);
    }

    /** {@link ChunkStore#touch} without taking the lock again. */
    public boolean touch() throws IOException {
      return toucher.touch(digest);
    }

    /** Touches the chunk file, or creates it as a 0-byte marker (atime now) if it is absent. */
    public void touchOrMark() throws IOException {
      if (!toucher.touch(digest)) {
        try {
          Files.createFile(chunkPath(digest));
        } catch (java.nio.file.FileAlreadyExistsException e) {
          toucher.touch(digest);
        }
      }
    }
  }

  /**
   * Takes a shared guard on {@code <base>/.lock} (see {@link StoreLock}), timestamped by this
   * store's clock.
   */
  public SharedStoreGuard acquireShared() throws IOException {
    ensureOpen();
    return StoreLock.acquireShared(base, options.clock(), readOnly);
  }

  /** The oldest live shared guard of this process on this store, if any. */
  public Optional<Instant> oldestSharedGuard() throws IOException {
    ensureOpen();
    return StoreLock.oldestSharedGuard(base);
  }

  /** {@code syncfs} of the store's filesystem (sync level {@code FILESYSTEM}, at backup end). */
  public void syncFilesystem() throws IOException {
    ensureOpen();
    access.syncFilesystem();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    access.close();
  }

  @Override
  public String toString() {
    return "ChunkStore[" + base + ", " + toucher.name() + "]";
  }

  private void ensureOpen() {
    if (closed) {
      throw new AlreadyClosedException(base);
    }
  }

  /** Use of a closed {@link ChunkStore}. */
  public static final class AlreadyClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    AlreadyClosedException(Path base) {
      super("chunk store is closed: " + base);
    }
  }

  /** The path given to {@link #open} is not a chunk store. */
  public static final class NotAChunkStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    NotAChunkStoreException(Path base, String why) {
      super("not a chunk store: " + base + " (" + why + ")");
    }
  }
}
