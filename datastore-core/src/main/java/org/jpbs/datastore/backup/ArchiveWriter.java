package org.jpbs.datastore.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HexFormat;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DynamicIndexWriter;
import org.jpbs.format.FixedIndexWriter;

/**
 * Writes one index archive: reads the input, cuts it into chunks (fixed blocks or {@link Chunker}
 * boundaries), uploads unknown chunks and commits the index. Single-threaded, one per archive.
 */
final class ArchiveWriter {
  private static final int READ_SLICE = 1 << 20;

  private final ChunkUploader uploader;
  private final InstantSource clock;
  private final ProgressListener progress;
  private final Cancellation cancellation;
  private final boolean fsync;
  private final int[] outcome = new int[1];
  private int known;
  private int uploaded;
  private int duplicates;
  private int repeated;

  ArchiveWriter(ChunkUploader uploader, BackupOptions o) {
    this.uploader = uploader;
    this.clock = o.clock();
    this.progress = o.progress();
    this.cancellation = o.cancellation();
    this.fsync = o.sync();
  }

  /** Fixed index over exactly {@code size} bytes of {@code in} in {@code chunkSize} blocks. */
  ArchiveStats writeFixed(Path target, InputStream in, long size, int chunkSize)
      throws IOException {
    String what = "backup of " + target.getFileName();
    try (FixedIndexWriter w = FixedIndexWriter.create(target, size, chunkSize, clock)) {
      byte[] buf = new byte[(int) Math.min(chunkSize, Math.max(size, 1))];
      long done = 0;
      progress.progress(0, size);
      for (int i = 0; i < w.count(); i++) {
        cancellation.check(what);
        int len = (int) Math.min(chunkSize, size - done);
        int n = in.readNBytes(buf, 0, len);
        if (n != len) {
          throw new EOFException(
              what + ": input ended at " + (done + n) + " of " + size + " bytes");
        }
        w.setDigest(i, chunk(buf, len));
        done += len;
        progress.progress(done, size);
      }
      if (in.read() >= 0) {
        throw new IOException(what + ": input is longer than its declared size " + size);
      }
      byte[] csum = w.commit(fsync);
      return stats(target, size, csum, w.count());
    }
  }

  /** Dynamic index over {@code in} until EOF, cut by a buzhash chunker of average {@code avg}. */
  ArchiveStats writeDynamic(Path target, InputStream in, int avg) throws IOException {
    String what = "backup of " + target.getFileName();
    Chunker chunker = new Chunker(avg);
    byte[] buf = new byte[(int) chunker.maximumSize()];
    try (DynamicIndexWriter w = DynamicIndexWriter.create(target, clock)) {
      int fill = 0;
      int scanned = 0;
      long end = 0;
      boolean eof = false;
      while (true) {
        cancellation.check(what);
        if (scanned == fill && !eof) {
          int want = Math.min(READ_SLICE, buf.length - fill);
          if (want == 0) {
            throw new IllegalStateException(
                "chunker made no cut within its maximum size " + buf.length);
          }
          int n = in.readNBytes(buf, fill, want);
          fill += n;
          eof = n < want;
        }
        int cut = scanned < fill ? chunker.scan(buf, scanned, fill - scanned) : 0;
        if (cut > 0) {
          int len = scanned + cut;
          end += len;
          w.append(end, chunk(buf, len));
          System.arraycopy(buf, len, buf, 0, fill - len);
          fill -= len;
          scanned = 0;
          progress.progress(end, -1);
        } else {
          scanned = fill;
          if (eof) {
            if (fill > 0) { // the last, short chunk
              end += fill;
              w.append(end, chunk(buf, fill));
              progress.progress(end, -1);
            }
            break;
          }
        }
      }
      byte[] csum = w.commit(fsync);
      return stats(target, end, csum, w.count());
    }
  }

  private ChunkDigest chunk(byte[] buf, int len) throws IOException {
    ChunkDigest d = uploader.upload(buf, 0, len, outcome);
    switch (outcome[0]) {
      case 0 -> known++;
      case 1 -> uploaded++;
      case 2 -> {
        uploaded++;
        duplicates++;
      }
      default -> repeated++;
    }
    return d;
  }

  private ArchiveStats stats(Path target, long size, byte[] csum, int chunks) {
    return new ArchiveStats(
        target.getFileName().toString(),
        size,
        HexFormat.of().formatHex(csum),
        chunks,
        known,
        uploaded,
        duplicates,
        repeated);
  }
}
