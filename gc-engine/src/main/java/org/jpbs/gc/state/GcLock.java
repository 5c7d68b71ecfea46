package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-store exclusive GC lock: a POSIX record lock ({@code fcntl F_SETLK}, via {@link
 * FileChannel#tryLock()}) on {@code <state dir>/gc.lock}, so at most one GC runs per store across
 * all processes. The kernel releases it when the holder dies, so a killed GC never leaves it stuck.
 * The holder writes {@code "<pid> <starttime>\n"} into the file, which a refused acquirer reports.
 *
 * <p>POSIX record locks belong to the process, so a second acquisition inside the same JVM is
 * detected by an in-process registry instead. The lock file is never deleted (deleting it would let
 * two processes lock two different inodes). Closing is idempotent.
 */
public final class GcLock implements AutoCloseable {
  static final String FILE_NAME = "gc.lock";
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean closed;

  private GcLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  static GcLock tryAcquire(Path stateDir, ProcessIdentity self)
      throws GcStateException, GcLockUnavailableException {
    Path file = stateDir.resolve(FILE_NAME).toAbsolutePath().normalize();
    if (!HELD_IN_THIS_JVM.add(file)) {
      throw new GcLockUnavailableException(file, self.pid());
    }
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        long holder = readHolder(ch);
        ch.close();
        HELD_IN_THIS_JVM.remove(file);
        throw new GcLockUnavailableException(file, holder);
      }
      ch.truncate(0);
      ch.write(
          ByteBuffer.wrap(
              (self.pid() + " " + self.startTicks() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      return new GcLock(file, ch, l);
    } catch (GcStateException | GcLockUnavailableException e) {
      throw e;
    } catch (IOException e) {
      closeQuietly(ch);
      HELD_IN_THIS_JVM.remove(file);
      throw new GcStateException(file, "cannot take GC lock", e);
    }
  }

  private static long readHolder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(64);
      ch.read(b, 0);
      String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
      int sp = s.indexOf(' ');
      return Long.parseLong(sp < 0 ? s : s.substring(0, sp));
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing; the close error adds nothing
      }
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Releases the lock; idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } finally {
      channel.close();
      HELD_IN_THIS_JVM.remove(file);
    }
  }
}
