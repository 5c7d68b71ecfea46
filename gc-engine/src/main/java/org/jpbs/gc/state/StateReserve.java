package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Space kept for the GC on a full filesystem: {@code <state dir>/gc.reserve}, {@link #SIZE} bytes
 * of written (not sparse) zeros. A GC deletes it before it writes its lock and run records, so that
 * it can start, and re-creates it when it is done (after its sweep freed space). Creating it is
 * best effort: on a disk already full it is simply absent, and a GC that then cannot write its
 * state fails with an I/O error (exit 5) that names the state directory.
 */
final class StateReserve {
  static final String FILE_NAME = "gc.reserve";

  /** Room for the lock file, the LMDB pages of a run and the {@code .gc-status} file. */
  static final int SIZE = 1 << 20;

  private final Path file;

  StateReserve(Path stateDir) {
    this.file = stateDir.resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /** Creates the reserve if it is missing or short; false if there is no room for it. */
  boolean ensure() {
    try {
      if (Files.isRegularFile(file) && Files.size(file) >= SIZE) {
        return true;
      }
      ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        for (long at = 0; at < SIZE; at += zeros.capacity()) {
          zeros.clear();
          while (zeros.hasRemaining()) {
            ch.write(zeros, at + zeros.position());
          }
        }
      }
      return true;
    } catch (IOException e) {
      release(); // a partial reserve would only hold space back
      return false;
    }
  }

  /** Deletes the reserve; true if it existed. */
  boolean release() {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      return false;
    }
  }
}
