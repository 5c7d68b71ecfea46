package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jpbs.posix.LibC;

/**
 * Test probe: its own open file description of a lock file; F_OFD_GETLK asks who would block a read
 * lock.
 */
final class OfdProbe implements AutoCloseable {
  private final int fd;

  OfdProbe(Path file) {
    byte[] name = file.toString().getBytes(StandardCharsets.UTF_8);
    Memory n = new Memory(name.length + 1L);
    n.write(0, name, 0, name.length);
    n.setByte(name.length, (byte) 0);
    fd = LibC.openat(LibC.AT_FDCWD, Pointer.nativeValue(n), LibC.O_RDWR | LibC.O_CLOEXEC, 0);
    assertThat(fd).as("open %s", file).isNotNegative();
  }

  /** True if another open file description holds a write lock on a byte of the range. */
  boolean writeLocked(int first, int count) {
    Memory flock = new Memory(LibC.FLOCK_SIZE); // per call: probes run on several threads
    flock.clear();
    flock.setShort(LibC.FLOCK_TYPE, LibC.F_RDLCK);
    flock.setShort(LibC.FLOCK_WHENCE, LibC.SEEK_SET);
    flock.setLong(LibC.FLOCK_START, first);
    flock.setLong(LibC.FLOCK_LEN, count);
    assertThat(LibC.fcntl(fd, LibC.F_OFD_GETLK, Pointer.nativeValue(flock)))
        .as("F_OFD_GETLK")
        .isZero();
    return flock.getShort(LibC.FLOCK_TYPE) == LibC.F_WRLCK;
  }

  @Override
  public void close() {
    LibC.close(fd);
  }
}
