package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jpbs.posix.LibC;
import org.jpbs.posix.NativeError;

/**
 * {@link ChunkLocks} as Linux open-file-description (OFD) byte-range locks on {@code
 * <base>/.jpbs-chunk-locks}: byte {@code prefix} stands for directory {@code .chunks/XXXX}; the
 * sweep locks a run of contiguous directories with one lock over their bytes.
 *
 * <p>OFD locks belong to an open file description, not to a process, so they exclude threads of one
 * process from each other as well as processes. Therefore every thread opens its own descriptor (a
 * shared one would let one thread's unlock drop another's lock). A thread's descriptor is closed by
 * {@link #releaseThread()}, when the thread's state becomes unreachable (thread ended; via a {@link
 * Cleaner}), or by {@link #close()}, whichever comes first: whoever removes the fd from the open
 * set closes it, so no fd number is closed twice. Unlike classic fcntl locks, closing some other
 * descriptor of the file does not drop OFD locks. A crashed process loses its locks with its
 * descriptors.
 */
final class OfdChunkLocks implements ChunkLocks {
  private static final Cleaner CLEANER =
      Cleaner.create(
          r -> {
            Thread t = new Thread(r, "jpbs-chunk-lock-cleaner");
            t.setDaemon(true);
            return t;
          });

  private final Path file;
  private final Memory fileName;

  /** Open per-thread descriptors; tokens compare by identity, so a reused fd number is distinct. */
  private final Set<FdToken> openFds = ConcurrentHashMap.newKeySet();

  private final ThreadLocal<PerThread> local = ThreadLocal.withInitial(PerThread::new);
  private volatile boolean closed;

  OfdChunkLocks(Path file) {
    this.file = file;
    byte[] name = file.toString().getBytes(StandardCharsets.UTF_8);
    this.fileName = new Memory(name.length + 1L);
    fileName.write(0, name, 0, name.length);
    fileName.setByte(name.length, (byte) 0);
  }

  @Override
  public void lockShared(int prefix) throws IOException {
    set(prefix, 1, LibC.F_RDLCK, LibC.F_OFD_SETLKW);
  }

  @Override
  public void unlockShared(int prefix) throws IOException {
    set(prefix, 1, LibC.F_UNLCK, LibC.F_OFD_SETLK);
  }

  @Override
  public void lockExclusive(int prefix) throws IOException {
    set(prefix, 1, LibC.F_WRLCK, LibC.F_OFD_SETLKW);
  }

  @Override
  public void unlockExclusive(int prefix) throws IOException {
    set(prefix, 1, LibC.F_UNLCK, LibC.F_OFD_SETLK);
  }

  /**
   * One {@code F_WRLCK} over bytes {@code [first, first + count)}: the kernel grants it only when
   * no other open file description holds any byte of it, all at once (never partially).
   */
  @Override
  public void lockExclusiveRange(int first, int count) throws IOException {
    ChunkLocks.checkRange(first, count);
    set(first, count, LibC.F_WRLCK, LibC.F_OFD_SETLKW);
  }

  @Override
  public void unlockExclusiveRange(int first, int count) throws IOException {
    ChunkLocks.checkRange(first, count);
    set(first, count, LibC.F_UNLCK, LibC.F_OFD_SETLK);
  }

  private void set(int first, int count, short type, int cmd) throws IOException {
    if (closed) {
      throw new IllegalStateException("chunk locks closed: " + file);
    }
    PerThread t = local.get();
    int fd = t.fd();
    ByteBuffer fl = t.flockView;
    fl.putShort(LibC.FLOCK_TYPE, type);
    fl.putLong(LibC.FLOCK_START, first);
    fl.putLong(LibC.FLOCK_LEN, count);
    while (true) {
      int rc = LibC.fcntl(fd, cmd, t.flockAddr);
      if (rc == 0) {
        return;
      }
      int errno = LibC.errno();
      if (errno != LibC.EINTR) {
        throw NativeError.io(
            "fcntl(F_OFD_SETLK"
                + (cmd == LibC.F_OFD_SETLKW ? "W" : "")
                + ", "
                + (count == 1 ? "byte " + first : "bytes " + first + ".." + (first + count - 1))
                + ")",
            file,
            errno);
      }
    }
  }

  @Override
  public String name() {
    return "ofd";
  }

  @Override
  public void releaseThread() {
    PerThread t = local.get();
    local.remove();
    if (t.token != null) {
      t.token.closeOnce(openFds);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (FdToken token : openFds) {
      token.closeOnce(openFds);
    }
  }

  /** One opened descriptor; closed by whoever removes it from the open set first. */
  private static final class FdToken {
    final int fd;

    FdToken(int fd) {
      this.fd = fd;
    }

    void closeOnce(Set<FdToken> open) {
      if (open.remove(this)) {
        LibC.close(fd);
      }
    }
  }

  /** Cleaner action for a thread whose state became unreachable (the thread ended). */
  private static final class FdCloser implements Runnable {
    private final Set<FdToken> openFds;
    private final FdToken token;

    FdCloser(Set<FdToken> openFds, FdToken token) {
      this.openFds = openFds;
      this.token = token;
    }

    @Override
    public void run() {
      token.closeOnce(openFds);
    }
  }

  private final class PerThread {
    private final Memory flock = new Memory(LibC.FLOCK_SIZE);
    private final long flockAddr = Pointer.nativeValue(flock);

    /** Written without a JNI call per field (Memory.setX is one). */
    private final ByteBuffer flockView =
        flock.getByteBuffer(0, LibC.FLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);

    private int fd = -1;
    private FdToken token;

    PerThread() {
      flock.clear();
      flockView.putShort(LibC.FLOCK_WHENCE, LibC.SEEK_SET);
    }

    int fd() throws IOException {
      if (fd < 0) {
        long name = Pointer.nativeValue(fileName);
        int f = LibC.openat(LibC.AT_FDCWD, name, LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (f < 0 && (LibC.errno() == LibC.EACCES || LibC.errno() == LibC.EROFS)) {
          // read-only users can still take shared (read) locks
          f = LibC.openat(LibC.AT_FDCWD, name, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        }
        if (f < 0) {
          throw NativeError.io("open", file, LibC.errno());
        }
        token = new FdToken(f);
        openFds.add(token);
        fd = f;
        CLEANER.register(this, new FdCloser(openFds, token));
      }
      return fd;
    }
  }
}
