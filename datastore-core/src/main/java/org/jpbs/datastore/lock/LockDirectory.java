package org.jpbs.datastore.lock;

import com.sun.jna.Memory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jpbs.posix.CString;
import org.jpbs.posix.LibC;
import org.jpbs.posix.NativeError;
import org.jpbs.posix.ReadOnlyMount;

/**
 * The PBS ≥ 3.3.5 lock-file tree of one datastore and the flock acquisition on it.
 *
 * <p>Lock file of an object with relative path {@code rpath} ({@code type/id}, {@code type/id/time}
 * or {@code type/id/time/.index.json.lck}) in namespace {@code a/b}: {@code
 * <base>/a:b/<escape_unit(rpath)>}; the namespace directory is omitted for the root namespace. When
 * the escaped name is 255 bytes or longer the file is {@code <base>/<nsdir>/hashed/<first
 * 80>...<last 80>-<hex sha256(rpath)>} instead (proxmox-backup {@code lock_file_path_helper}).
 * Pointing {@code base} at {@code /run/proxmox-backup/locks/<store>} interoperates with a running
 * PBS.
 *
 * <p>Acquisition opens a fresh descriptor ({@code O_RDWR|O_CREAT|O_APPEND|O_CLOEXEC}, mode 0660)
 * per call, so threads of one process exclude each other exactly like processes do. After the flock
 * succeeds the descriptor's inode is compared with the path's current inode (the "double stat" of
 * PBS {@code lock_helper}); if the file was unlinked or replaced meanwhile the lock is dropped and
 * acquisition starts over (PBS fails instead; see the package docs).
 *
 * <p>On a read-only mount (known from {@code statvfs} when the tree is opened, or from the first
 * {@code EROFS}) lock files are opened {@code O_RDONLY} and nothing is created; a shared lock on a
 * lock file that does not exist there is granted without a file (see the package docs).
 */
public final class LockDirectory {
  /** File name PBS appends to a snapshot's relative path for its manifest lock. */
  public static final String MANIFEST_LOCK_NAME = ".index.json.lck";

  private static final int MAX_ESCAPED_NAME = 255;
  private static final int HASHED_KEEP = 80;
  private static final int MAX_REPLACED_RETRIES = 8;
  private static final long MAX_POLL_NANOS = 50_000_000L;

  private final Path base;

  /** The tree is on a read-only mount: statvfs at creation, or set by the first EROFS. */
  private volatile boolean readOnly;

  private LockDirectory(Path base) {
    this.base = base;
    this.readOnly = ReadOnlyMount.test(base);
  }

  /**
   * Returns the lock tree rooted at {@code base} (created lazily on first lock).
   *
   * @throws UnsupportedOperationException when not running on Linux (flock via glibc)
   */
  public static LockDirectory at(Path base) {
    Objects.requireNonNull(base, "base");
    if (!LibC.AVAILABLE) {
      throw new UnsupportedOperationException("backup locks need Linux flock(2)");
    }
    return new LockDirectory(base.toAbsolutePath().normalize());
  }

  /** Returns the root of the lock tree. */
  public Path base() {
    return base;
  }

  /** Returns whether the lock tree is on a read-only mount (so lock files are never created). */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * Returns the lock file for {@code relativePath} in the namespace given by its components.
   *
   * @param namespace namespace components (already validated names; empty for the root)
   * @param relativePath {@code type/id[/time[/.index.json.lck]]}, unescaped
   */
  public Path lockFile(List<String> namespace, String relativePath) {
    Objects.requireNonNull(relativePath, "relativePath");
    if (relativePath.isEmpty() || relativePath.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid lock path '" + relativePath + "'");
    }
    Path dir = base;
    if (!namespace.isEmpty()) {
      for (String c : namespace) {
        if (c.isEmpty()
            || c.equals(".")
            || c.equals("..")
            || c.indexOf('/') >= 0
            || c.indexOf(':') >= 0
            || c.indexOf('\0') >= 0) {
          throw new IllegalArgumentException("invalid namespace component '" + c + "'");
        }
      }
      dir = dir.resolve(String.join(":", namespace));
    }
    byte[] raw = relativePath.getBytes(StandardCharsets.UTF_8);
    String escaped = escapeUnitPath(raw);
    if (escaped.length() < MAX_ESCAPED_NAME) {
      return dir.resolve(escaped);
    }
    String name =
        escaped.substring(0, HASHED_KEEP)
            + "..."
            + escaped.substring(escaped.length() - HASHED_KEEP)
            + '-'
            + HexFormat.of().formatHex(sha256(raw));
    return dir.resolve("hashed").resolve(name);
  }

  /**
   * Takes {@code mode} on {@code lockFile}, waiting up to {@code wait} (zero = one attempt).
   *
   * @param what description used in error messages, e.g. {@code "snapshot vm/100/…"}
   * @throws LockedException if another holder keeps the lock for the whole wait
   * @throws InterruptedIOException if the thread is interrupted while waiting (flag restored)
   * @throws IOException if the lock file cannot be created, opened or stat-ed (also for an
   *     exclusive lock on a lock file that does not exist on a read-only mount)
   */
  public LockGuard acquire(Path lockFile, LockMode mode, Duration wait, String what)
      throws IOException {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(what, "what");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("negative wait " + wait);
    }
    Path file = lockFile.toAbsolutePath();
    if (!file.startsWith(base)) {
      throw new IllegalArgumentException("lock file " + file + " is outside " + base);
    }
    Memory cpath = CString.of(file);
    long start = System.nanoTime();
    long deadline = start + wait.toNanos();
    for (int attempt = 0; ; attempt++) {
      int fd = open(cpath, file, mode, what);
      if (fd < 0) {
        return new LockGuard(-1, file, mode); // no lock file on a read-only mount (package docs)
      }
      boolean keep = false;
      try {
        lockFd(fd, mode, file, what, wait, deadline);
        if (sameInode(fd, cpath, file)) {
          keep = true;
          return new LockGuard(fd, file, mode);
        }
      } finally {
        if (!keep) {
          LibC.close(fd);
        }
      }
      if (attempt >= MAX_REPLACED_RETRIES) {
        throw new LockedException(
            what,
            file,
            mode,
            Duration.ofNanos(System.nanoTime() - start),
            "the lock file was replaced " + (attempt + 1) + " times while locking");
      }
    }
  }

  /** Removes a lock file, ignoring every error (as PBS does after destroying an object). */
  public void deleteLockFile(Path lockFile) {
    try {
      Files.deleteIfExists(lockFile);
    } catch (IOException ignored) {
      // a leftover lock file is harmless: it is re-used or replaced by the next locker
    }
  }

  /**
   * Opens (creating it if needed) the lock file; on a read-only mount opens it {@code O_RDONLY}
   * (flock needs no write access) and returns -1 if it does not exist and {@code mode} is shared.
   */
  private int open(Memory cpath, Path file, LockMode mode, String what) throws IOException {
    long path = CString.address(cpath);
    if (!readOnly) {
      Files.createDirectories(file.getParent());
      int flags = LibC.O_RDWR | LibC.O_CREAT | LibC.O_APPEND | LibC.O_CLOEXEC;
      int fd = LibC.openat(LibC.AT_FDCWD, path, flags, 0660);
      if (fd >= 0) {
        return fd;
      }
      int errno = LibC.errno();
      if (errno != LibC.EROFS) {
        throw NativeError.io("open lock file", file, errno);
      }
      readOnly = true; // remounted read-only since the tree was opened
    }
    int fd = LibC.openat(LibC.AT_FDCWD, path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
    if (fd >= 0) {
      return fd;
    }
    int errno = LibC.errno();
    if (errno != LibC.ENOENT) {
      throw NativeError.io("open lock file", file, errno);
    }
    if (mode == LockMode.EXCLUSIVE) {
      throw new IOException(
          "cannot lock "
              + what
              + " exclusively: its lock file "
              + file
              + " does not exist and cannot be created on a read-only filesystem");
    }
    return -1;
  }

  private static void lockFd(
      int fd, LockMode mode, Path file, String what, Duration wait, long deadline)
      throws IOException {
    int op = (mode == LockMode.SHARED ? LibC.LOCK_SH : LibC.LOCK_EX) | LibC.LOCK_NB;
    long pause = 1_000_000L;
    while (true) {
      if (LibC.flock(fd, op) == 0) {
        return;
      }
      int errno = LibC.errno();
      if (errno == LibC.EINTR) {
        continue;
      }
      if (errno != LibC.EWOULDBLOCK) {
        throw NativeError.io("flock on lock file", file, errno);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new LockedException(what, file, mode, wait, null);
      }
      try {
        long nanos = Math.min(pause, left);
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException ie =
            new InterruptedIOException(
                "interrupted while waiting for lock on " + what + " (" + file + ")");
        ie.initCause(e);
        throw ie;
      }
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
  }

  private static boolean sameInode(int fd, Memory cpath, Path file) throws IOException {
    Memory held = new Memory(LibC.STATX_BUF_SIZE);
    Memory empty = new Memory(1);
    empty.setByte(0, (byte) 0);
    if (LibC.statx(
            fd, CString.address(empty), LibC.AT_EMPTY_PATH, LibC.STATX_INO, CString.address(held))
        != 0) {
      throw NativeError.io("fstat of lock file", file, LibC.errno());
    }
    Memory now = new Memory(LibC.STATX_BUF_SIZE);
    if (LibC.statx(LibC.AT_FDCWD, CString.address(cpath), 0, LibC.STATX_INO, CString.address(now))
        != 0) {
      int errno = LibC.errno();
      if (errno == LibC.ENOENT) {
        return false;
      }
      throw NativeError.io("stat of lock file", file, errno);
    }
    return held.getLong(LibC.STX_INO) == now.getLong(LibC.STX_INO)
        && held.getInt(LibC.STX_DEV_MAJOR) == now.getInt(LibC.STX_DEV_MAJOR)
        && held.getInt(LibC.STX_DEV_MINOR) == now.getInt(LibC.STX_DEV_MINOR);
  }

  /**
   * systemd {@code escape_unit(path, is_path = true)} as in proxmox-systemd: leading '/' stripped,
   * '/' becomes '-', every byte outside {@code [A-Za-z0-9_.]} and a leading '.' become {@code \xNN}
   * (lowercase hex); an empty path becomes "-".
   */
  static String escapeUnitPath(byte[] path) {
    int start = 0;
    while (start < path.length && path[start] == '/') {
      start++;
    }
    if (start == path.length) {
      return "-";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(path.length * 2);
    for (int i = start; i < path.length; i++) {
      int c = path[i] & 0xff;
      if (c == '/') {
        out.write('-');
      } else if ((i == start && c == '.')
          || !(c == '_'
              || c == '.'
              || (c >= '0' && c <= '9')
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z'))) {
        byte[] esc = String.format("\\x%02x", c).getBytes(StandardCharsets.US_ASCII);
        out.write(esc, 0, esc.length);
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }
}
