package org.jpbs.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jpbs.format.CorruptFileException;

/**
 * The persisted request counters of one S3 datastore, {@code <cache>/.jpbs/s3-statistics.shmem}, in
 * PBS 4.1.7's layout (spec pbs-s3.md §6.3): 4096 bytes, little-endian; offset 0 the magic {@code e0
 * 6e 58 fc 1a 4d b4 05} padded to 32; from offset 32, 32-byte slots holding one u64 each: {@code
 * get, delete, put, head, post, upload, download}, then PBS's seven thresholds (kept as found, 0
 * when jpbs creates the file), then at slot 14 (offset 480, zero padding for PBS) jpbs's
 * ListObjectsV2 count, a part of {@code get}.
 *
 * <p>PBS maps the file and adds per request; jpbs adds a process's counts once, when the datastore
 * is closed ({@link #add}): read, add and write under an exclusive lock on the whole file, so
 * concurrent commands on one datastore each add their own counts and none is lost. A command that
 * dies without closing loses its counts (PBS: those since the last flush, ≤ 5 s). {@link #add} is
 * also synchronized: a JVM's file locks do not exclude its own threads.
 */
public final class S3CounterFile {
  /** The file, relative to the cache directory. */
  public static final String FILE = ".jpbs/s3-statistics.shmem";

  static final int SIZE = 4096;
  private static final int SLOT = 32;
  private static final int FIRST_SLOT = 32;
  private static final byte[] MAGIC = {
    (byte) 0xe0, 0x6e, 0x58, (byte) 0xfc, 0x1a, 0x4d, (byte) 0xb4, 0x05
  };
  private static final int GET = 0;
  private static final int DELETE = 1;
  private static final int PUT = 2;
  private static final int HEAD = 3;
  private static final int POST = 4;
  private static final int UPLOAD = 5;
  private static final int DOWNLOAD = 6;
  private static final int LIST = 14;

  /**
   * Totals of the file.
   *
   * @param stats PBS's seven counters
   * @param list ListObjectsV2 requests, included in {@code stats.get()}
   */
  public record Totals(S3Statistics stats, long list) {
    public static final Totals ZERO = new Totals(new S3Statistics(0, 0, 0, 0, 0, 0, 0), 0);
  }

  private S3CounterFile() {}

  /** The totals in the file of the cache at {@code base}; {@link Totals#ZERO} if there is none. */
  public static Totals read(Path base) throws IOException {
    Path file = base.resolve(FILE);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return decode(readAll(ch, file), file);
    } catch (NoSuchFileException e) {
      return Totals.ZERO;
    }
  }

  /** Adds {@code counts} to the file of the cache at {@code base}, creating it if needed. */
  public static synchronized void add(Path base, S3Counters counts) throws IOException {
    Totals delta = new Totals(counts.snapshot(), counts.listRequests());
    if (delta.stats().requests() == 0 && delta.stats().downloaded() == 0) {
      return;
    }
    Path file = base.resolve(FILE);
    if (!Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      return; // not a jpbs cache (a test's bare client): nothing to persist into
    }
    try (FileChannel ch =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      ByteBuffer b = ch.size() == 0 ? fresh() : readAll(ch, file);
      Totals old = decode(b, file);
      S3Statistics o = old.stats();
      S3Statistics d = delta.stats();
      put(b, GET, o.get() + d.get());
      put(b, DELETE, o.delete() + d.delete());
      put(b, PUT, o.put() + d.put());
      put(b, HEAD, o.head() + d.head());
      put(b, POST, o.post() + d.post());
      put(b, UPLOAD, o.uploaded() + d.uploaded());
      put(b, DOWNLOAD, o.downloaded() + d.downloaded());
      put(b, LIST, old.list() + delta.list());
      b.clear();
      ch.write(b, 0);
      ch.force(false);
    }
  }

  private static ByteBuffer fresh() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0, MAGIC);
    return b;
  }

  private static ByteBuffer readAll(FileChannel ch, Path file) throws IOException {
    if (ch.size() != SIZE) {
      throw new CorruptFileException(file.toString(), -1, "file size", SIZE, ch.size());
    }
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, b.position()) < 0) {
        throw new CorruptFileException(file.toString(), b.position(), "unexpected end of file");
      }
    }
    return b;
  }

  private static Totals decode(ByteBuffer b, Path file) throws CorruptFileException {
    byte[] magic = new byte[MAGIC.length];
    b.get(0, magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptFileException(file.toString(), 0, "not an S3 request counter file (magic)");
    }
    S3Statistics s =
        new S3Statistics(
            get(b, GET),
            get(b, PUT),
            get(b, HEAD),
            get(b, POST),
            get(b, DELETE),
            get(b, UPLOAD),
            get(b, DOWNLOAD));
    return new Totals(s, get(b, LIST));
  }

  private static long get(ByteBuffer b, int slot) {
    return b.getLong(FIRST_SLOT + slot * SLOT);
  }

  private static void put(ByteBuffer b, int slot, long value) {
    b.putLong(FIRST_SLOT + slot * SLOT, value);
  }
}
