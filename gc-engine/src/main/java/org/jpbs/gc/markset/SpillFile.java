package org.jpbs.gc.markset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.jpbs.format.CorruptFileException;

/**
 * The mark set's spill file: sorted, deduplicated runs of one partition group each, appended by any
 * marking thread and read back one partition at a time by the sweep. Little-endian.
 *
 * <pre>
 * SpillFile --&gt; Run*
 * Run       --&gt; Header, Record^Count
 * Header    --&gt; Magic u32, Group u32, Starts u32^257, SegmentCrcs u32^256, HeaderCrc u32
 * Record    --&gt; W0 u64, W1 u64, W2 u64, W3 u64   (the digest's big-endian words)
 * </pre>
 *
 * {@code Starts[p]} is the index of the first record of partition {@code group << 8 | p} in the run
 * ({@code Starts[0] = 0}, {@code Starts[256] = Count}); {@code SegmentCrcs[p]} is the CRC-32C of
 * that partition's records, {@code HeaderCrc} that of the header bytes before it. Every byte the
 * sweep trusts is covered by a CRC: a damaged run is a {@link CorruptFileException} naming the
 * file, never a silently missing member.
 *
 * <p>Thread-safe: appends are serialised; reads are positional and may run concurrently.
 */
final class SpillFile implements Closeable {
  static final String PREFIX = "markset-";
  static final String SUFFIX = ".spill";
  static final int MAGIC = 0x3152_534d; // "MSR1" little-endian
  static final int PARTITIONS = 256;
  static final int HEADER_SIZE = 4 + 4 + 4 * (PARTITIONS + 1) + 4 * PARTITIONS + 4;
  static final int RECORD_SIZE = 32;

  private static final int WRITE_BUFFER = 64 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final byte[] writeBytes = new byte[WRITE_BUFFER];
  private final ByteBuffer writeBuf = ByteBuffer.wrap(writeBytes).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C writeCrc = new CRC32C();
  private long end;

  private SpillFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Creates a new spill file in {@code dir}. */
  static SpillFile create(Path dir) throws IOException {
    Path path = Files.createTempFile(dir, PREFIX, SUFFIX);
    return new SpillFile(
        path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  /** Deletes every spill file in {@code dir} (left by a killed process); returns how many. */
  static int deleteStale(Path dir) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path f : files) {
        if (Files.deleteIfExists(f)) {
          n++;
        }
      }
    }
    return n;
  }

  Path path() {
    return path;
  }

  synchronized long size() {
    return end;
  }

  /**
   * Appends the sorted, unique records {@code [0, count)} of group {@code group} as one run.
   *
   * @param starts scratch of 257 ints, filled with the partition starts
   */
  synchronized SpilledRun append(int group, LongBuffer records, int count, int[] starts)
      throws IOException {
    partitionStarts(group, records, count, starts);
    long start = end;
    long pos = start + HEADER_SIZE;
    int[] crcs = new int[PARTITIONS];
    int rec = 0;
    writeBuf.clear();
    for (int p = 0; p < PARTITIONS; p++) {
      writeCrc.reset();
      while (rec < starts[p + 1]) {
        if (writeBuf.remaining() < RECORD_SIZE) {
          pos = flush(pos);
        }
        int segStart = writeBuf.position();
        while (rec < starts[p + 1] && writeBuf.remaining() >= RECORD_SIZE) {
          int i = rec * DigestRecords.WORDS;
          writeBuf.putLong(records.get(i)).putLong(records.get(i + 1));
          writeBuf.putLong(records.get(i + 2)).putLong(records.get(i + 3));
          rec++;
        }
        writeCrc.update(writeBytes, segStart, writeBuf.position() - segStart);
      }
      crcs[p] = (int) writeCrc.getValue();
    }
    flush(pos);
    ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(MAGIC).putInt(group);
    for (int s : starts) {
      header.putInt(s);
    }
    for (int c : crcs) {
      header.putInt(c);
    }
    writeCrc.reset();
    writeCrc.update(header.array(), 0, HEADER_SIZE - 4);
    header.putInt((int) writeCrc.getValue()).flip();
    writeFully(header, start);
    end = start + HEADER_SIZE + (long) count * RECORD_SIZE;
    return new SpilledRun(start, group, count);
  }

  private long flush(long pos) throws IOException {
    writeBuf.flip();
    int n = writeBuf.remaining();
    writeFully(writeBuf, pos);
    writeBuf.clear();
    return pos + n;
  }

  private void writeFully(ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      pos += channel.write(buf, pos);
    }
  }

  /** Fills {@code starts[0..256]} with the first record index of each partition of the group. */
  static void partitionStarts(int group, LongBuffer records, int count, int[] starts) {
    for (int p = 0; p <= PARTITIONS; p++) {
      starts[p] =
          p == PARTITIONS
              ? count
              : DigestRecords.lowerBoundPrefix(records, 0, count, group << 8 | p);
    }
  }

  /**
   * Reads and verifies a run's header into {@code starts[at..at+256]} and {@code crcs[at..at+255]}
   * (the cursor keeps the headers of the runs of one group side by side).
   */
  void readHeader(SpilledRun run, int[] starts, int[] crcs, int at, ByteBuffer buf)
      throws IOException {
    readFully(buf, run.position(), HEADER_SIZE, "spill run header");
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, HEADER_SIZE - 4);
    int stored = buf.getInt(HEADER_SIZE - 4);
    if (stored != (int) crc.getValue()) {
      throw corrupt(run.position(), "spill run header checksum mismatch", stored, crc.getValue());
    }
    if (buf.getInt(0) != MAGIC || buf.getInt(4) != run.group()) {
      throw corrupt(run.position(), "spill run header magic/group", run.group(), buf.getInt(4));
    }
    int prev = 0;
    for (int p = 0; p <= PARTITIONS; p++) {
      int s = buf.getInt(8 + 4 * p);
      if (s < prev || (p == 0 && s != 0) || (p == PARTITIONS && s != run.count())) {
        throw corrupt(run.position(), "spill run partition table", run.count(), s);
      }
      starts[at + p] = prev = s;
    }
    for (int p = 0; p < PARTITIONS; p++) {
      crcs[at + p] = buf.getInt(8 + 4 * (PARTITIONS + 1) + 4 * p);
    }
  }

  /**
   * Reads records {@code [from, to)} of a run (one partition, checksum {@code expectedCrc}) into
   * {@code dst} at record {@code dstRecord}, verifying them.
   */
  void readSegment(
      SpilledRun run,
      int from,
      int to,
      int expectedCrc,
      LongBuffer dst,
      int dstRecord,
      ByteBuffer buf)
      throws IOException {
    long pos = run.position() + HEADER_SIZE + (long) from * RECORD_SIZE;
    int len = (to - from) * RECORD_SIZE;
    readFully(buf, pos, len, "spill run records");
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, len);
    if ((int) crc.getValue() != expectedCrc) {
      throw corrupt(pos, "spill run checksum mismatch", expectedCrc, (int) crc.getValue());
    }
    int d = dstRecord * DigestRecords.WORDS;
    for (int off = 0; off < len; off += 8) {
      dst.put(d++, buf.getLong(off));
    }
  }

  private void readFully(ByteBuffer buf, long pos, int len, String what) throws IOException {
    buf.clear().limit(len);
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos + buf.position());
      if (n < 0) {
        throw new CorruptFileException(
            path.toString(), pos, what + " truncated (file ends early)", len, buf.position());
      }
    }
  }

  private CorruptFileException corrupt(long pos, String what, Object expected, Object actual) {
    return new CorruptFileException(path.toString(), pos, what, expected, actual);
  }

  /** Closes and deletes the file. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(path);
    }
  }
}
