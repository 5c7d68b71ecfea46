package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store-level lock on {@code <base>/.lock}: a classic POSIX fcntl read lock on the whole file,
 * as PBS's {@code ProcessLocker} shared lock (spec §1.3, §3.5), so a PBS daemon's GC (which needs
 * the exclusive lock) refuses to start while a jpbs process writes chunks or runs GC.
 *
 * <p>fcntl record locks belong to the process, and closing <em>any</em> descriptor of the file
 * drops all of them. Therefore this class keeps exactly one channel per store per process (the
 * registry is keyed by the file's identity), hands out refcounted {@link SharedStoreGuard}s with
 * their acquisition time, and releases the lock when the last guard closes. Nothing else in jpbs
 * may open {@code .lock} ({@link LockHolders} reads {@code /proc/locks} instead). Thread-safe.
 *
 * <p>On a read-only mount {@code .lock} is opened read-only (a read lock needs only read access, so
 * a PBS GC working through a writable mount of the same filesystem is still excluded), and when it
 * does not exist the guards hold no lock: every PBS or jpbs process that opens the store creates
 * {@code .lock} first, so no writer was using the store through any mount when the guard was taken,
 * and this process, which writes nothing through a read-only mount, only reads (a writer that
 * starts later can at worst make a dry-run report stale, never lose data).
 */
public final class StoreLock {
  /** Lock file name inside the datastore base directory. */
  public static final String FILE_NAME = ".lock";

  private static final Map<Object, StoreLock> REGISTRY = new HashMap<>();

  private final Object key;
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final TreeMap<Long, Instant> guards = new TreeMap<>();
  private long nextGuardId;

  /** {@code channel} and {@code lock} are null for a read-only store without {@code .lock}. */
  private StoreLock(Object key, Path file, FileChannel channel, FileLock lock) {
    this.key = key;
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes a shared guard on {@code <base>/.lock}, taking the fcntl read lock (non-blocking, as PBS)
   * if this process holds no guard yet.
   *
   * @param clock the guard's acquisition time comes from here
   * @throws LockUnavailableException if another process holds the exclusive lock (a PBS GC)
   */
  public static SharedStoreGuard acquireShared(Path base, InstantSource clock) throws IOException {
    return acquireShared(base, clock, false);
  }

  /**
   * As {@link #acquireShared(Path, InstantSource)}; {@code readOnly}: creates and writes nothing.
   */
  static SharedStoreGuard acquireShared(Path base, InstantSource clock, boolean readOnly)
      throws IOException {
    Path file = base.resolve(FILE_NAME);
    synchronized (REGISTRY) {
      if (readOnly && !Files.exists(file)) {
        StoreLock sl = REGISTRY.computeIfAbsent(key(file), k -> new StoreLock(k, file, null, null));
        return sl.newGuard(clock.instant());
      }
      if (!readOnly && !Files.exists(file)) {
        try {
          Files.createFile(file); // as ProcessLocker (create=true); O_EXCL leaves no fd behind
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // created concurrently
        }
      }
      Object key = identity(file);
      StoreLock sl = REGISTRY.get(key);
      if (sl == null) {
        sl = open(key, file, readOnly);
        REGISTRY.put(key, sl);
      }
      return sl.newGuard(clock.instant());
    }
  }

  /**
   * The acquisition time of the oldest live shared guard of this process on {@code <base>/.lock}
   * (PBS {@code oldest_shared_lock}); empty if there is none.
   */
  public static Optional<Instant> oldestSharedGuard(Path base) throws IOException {
    Path file = base.resolve(FILE_NAME);
    synchronized (REGISTRY) {
      StoreLock sl = REGISTRY.get(key(file));
      if (sl == null || sl.guards.isEmpty()) {
        return Optional.empty();
      }
      return sl.guards.values().stream().min(Instant::compareTo);
    }
  }

  /** Number of live shared guards of this process on {@code <base>/.lock}. */
  public static int sharedGuardCount(Path base) throws IOException {
    Path file = base.resolve(FILE_NAME);
    synchronized (REGISTRY) {
      StoreLock sl = REGISTRY.get(key(file));
      return sl == null ? 0 : sl.guards.size();
    }
  }

  /**
   * The registry key: the file's identity, or its path when it does not exist (read-only store).
   */
  private static Object key(Path file) throws IOException {
    return Files.exists(file) ? identity(file) : file.toAbsolutePath().normalize();
  }

  private static Object identity(Path file) throws IOException {
    Object key =
        Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    return key != null ? key : file.toRealPath();
  }

  private static StoreLock open(Object key, Path file, boolean readOnly) throws IOException {
    FileChannel ch =
        readOnly
            ? FileChannel.open(file, StandardOpenOption.READ)
            : FileChannel.open(
                file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    FileLock fl;
    try {
      // Long.MAX_VALUE is passed to fcntl as l_len = 0: the whole file, exactly as PBS.
      fl = ch.tryLock(0, Long.MAX_VALUE, true);
    } catch (IOException | OverlappingFileLockException e) {
      ch.close();
      throw new LockUnavailableException(
          "unable to get shared lock on " + file + " - " + e, file, e);
    }
    if (fl == null) {
      ch.close();
      throw new LockUnavailableException(
          "unable to get shared lock on "
              + file
              + " - another process holds it exclusively (a GC?)",
          file,
          null);
    }
    return new StoreLock(key, file, ch, fl);
  }

  private SharedStoreGuard newGuard(Instant now) {
    long id = nextGuardId++;
    guards.put(id, now);
    return new SharedStoreGuard(this, id, now);
  }

  void release(long guardId) throws IOException {
    synchronized (REGISTRY) {
      if (guards.remove(guardId) == null || !guards.isEmpty()) {
        return;
      }
      REGISTRY.remove(key);
      if (channel == null) {
        return; // read-only store without .lock: nothing held
      }
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }

  Path file() {
    return file;
  }

  /** The store lock is held by another process in a conflicting mode. */
  public static final class LockUnavailableException extends LockContentionException {
    private static final long serialVersionUID = 1L;

    LockUnavailableException(String message, Path file, Throwable cause) {
      super(message, file, cause);
    }
  }
}
