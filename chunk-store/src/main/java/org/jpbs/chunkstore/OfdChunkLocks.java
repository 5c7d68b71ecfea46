package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@link ChunkLocks} as Linux open-file-description (OFD) byte-range locks on
 * {@code <base>/.jpbs-chunk-locks}: byte {@code prefix} stands for directory {@code .chunks/XXXX}.
 *
 * <p>OFD locks belong to an open file description, not to a process, so they exclude threads of
 * one process from each other as well as processes. Therefore every thread opens its own
 * descriptor (a shared one would let one thread's unlock drop another's lock). Descriptors are
 * closed with this object. Unlike classic fcntl locks, closing some other descriptor of the file
 * does not drop them. A crashed process loses its locks with its descriptors.
 */
final class OfdChunkLocks implements ChunkLocks {
  private final Path file;
  private final Memory fileName;
  private final ConcurrentLinkedQueue<Integer> openFds = new ConcurrentLinkedQueue<>();
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
    set(prefix, LibC.F_RDLCK, LibC.F_OFD_SETLKW);
  }

  @Override
  public void unlockShared(int prefix) throws IOException {
    set(prefix, LibC.F_UNLCK, LibC.F_OFD_SETLK);
  }

  @Override
  public void lockExclusive(int prefix) throws IOException {
    set(prefix, LibC.F_WRLCK, LibC.F_OFD_SETLKW);
  }

  @Override
  public void unlockExclusive(int prefix) throws IOException {
    set(prefix, LibC.F_UNLCK, LibC.F_OFD_SETLK);
  }

  private void set(int prefix, short type, int cmd) throws IOException {
    if (closed) {
      throw new IllegalStateException("chunk locks closed: " + file);
    }
    PerThread t = local.get();
    int fd = t.fd();
    Memory fl = t.flock;
    fl.setShort(LibC.FLOCK_TYPE, type);
    fl.setLong(LibC.FLOCK_START, prefix);
    while (true) {
      int rc = LibC.fcntl(fd, cmd, t.flockAddr);
      if (rc == 0) {
        return;
      }
      int errno = LibC.errno();
      if (errno != LibC.EINTR) {
        throw NativeError.io("fcntl(F_OFD_SETLK" + (cmd == LibC.F_OFD_SETLKW ? "W" : "") + ", byte " + prefix + ")", file, errno);
      }
    }
  }

  @Override
  public String name() {
    return "ofd";
  }

  @Override
  public void close() {
    closed = true;
    Integer fd;
    while ((fd = openFds.poll()) != null) {
      LibC.close(fd);
    }
  }

  private final class PerThread {
    private final Memory flock = new Memory(LibC.FLOCK_SIZE);
    private final long flockAddr = Pointer.nativeValue(flock);
    private int fd = -1;

    PerThread() {
      flock.clear();
      flock.setShort(LibC.FLOCK_WHENCE, LibC.SEEK_SET);
      flock.setLong(LibC.FLOCK_LEN, 1);
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
        openFds.add(f);
        fd = f;
      }
      return fd;
    }
  }
}
