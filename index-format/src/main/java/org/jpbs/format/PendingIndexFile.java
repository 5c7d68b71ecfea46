package org.jpbs.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The temp-file life cycle both index writers share (spec §1.9): the index is written to {@code
 * <stem>.<tempExtension>} with its 4096-byte header (csum zero) first; {@link #publish} writes the
 * checksum, optionally fsyncs, and renames the file onto its final name (then fsyncs the
 * directory); {@link #close()} before that deletes the temp file. A partial index therefore never
 * appears under the final name. Not thread-safe.
 */
final class PendingIndexFile implements AutoCloseable {
  private final Path finalPath;
  private final Path tempPath;
  private FileChannel channel;
  private boolean committed;
  private boolean closed;

  private PendingIndexFile(Path finalPath, Path tempPath) {
    this.finalPath = finalPath;
    this.tempPath = tempPath;
  }

  /**
   * Creates (or truncates) the temp file and writes the header: magic, uuid, ctime, csum zero, then
   * {@code formatFields} (the format's own header fields, may be null).
   *
   * @param readable whether the channel must also be readable (to map the entry area)
   */
  static PendingIndexFile create(
      Path finalPath,
      String tempExtension,
      boolean readable,
      FileMagic magic,
      UUID uuid,
      long ctime,
      java.util.function.Consumer<ByteBuffer> formatFields)
      throws IOException {
    PendingIndexFile f =
        new PendingIndexFile(finalPath, AtomicFile.withExtension(finalPath, tempExtension));
    try {
      f.channel =
          readable
              ? FileChannel.open(
                  f.tempPath,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE)
              : FileChannel.open(
                  f.tempPath,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE);
      byte[] header =
          IndexHeaders.newHeader(
              magic, uuid, ctime, IndexHeaderFormat.UUID_OFFSET, IndexHeaderFormat.CTIME_OFFSET);
      ByteBuffer h = IndexHeaders.littleEndian(header);
      if (formatFields != null) {
        formatFields.accept(h);
      }
      f.write(h, 0);
    } catch (IOException | RuntimeException e) {
      f.closeSuppressing(e);
      throw e;
    }
    return f;
  }

  Path finalPath() {
    return finalPath;
  }

  Path tempPath() {
    return tempPath;
  }

  FileChannel channel() {
    return channel;
  }

  /** Writes all of {@code buf} at {@code pos}. */
  void write(ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      pos += channel.write(buf, pos);
    }
  }

  /**
   * Writes {@code csum} into the header, optionally fsyncs file and directory, and renames the temp
   * file onto the final name (replacing an existing file). On failure the temp file is removed.
   */
  void publish(byte[] csum, boolean fsync) throws IOException {
    try {
      write(ByteBuffer.wrap(csum), IndexHeaderFormat.CSUM_OFFSET);
      if (fsync) {
        channel.force(true);
      }
      channel.close();
      channel = null;
      Files.move(tempPath, finalPath, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      if (fsync) {
        AtomicFile.fsyncDirectory(finalPath.toAbsolutePath().getParent());
      }
    } catch (IOException | RuntimeException e) {
      closeSuppressing(e);
      throw e;
    }
  }

  /** Throws unless the file can still be written. */
  void ensureWritable() {
    if (closed || committed) {
      throw new IllegalStateException(
          "writer already " + (committed ? "committed" : "closed") + ": " + tempPath);
    }
  }

  /** Closes (aborting unless published), attaching any failure to {@code primary}. */
  void closeSuppressing(Exception primary) {
    try {
      close();
    } catch (IOException | RuntimeException s) {
      primary.addSuppressed(s);
    }
  }

  /** Closes; without a prior {@link #publish} this deletes the temp file. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    } finally {
      if (!committed) {
        Files.deleteIfExists(tempPath);
      }
    }
  }
}
