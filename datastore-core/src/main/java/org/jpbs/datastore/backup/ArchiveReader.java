package org.jpbs.datastore.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.format.UnsupportedFormatException;

/**
 * Reads one index archive of a finished snapshot back: sequentially ({@link #copyTo}) or at random
 * offsets ({@link #read}) through a bounded chunk cache ({@link ArchiveChunks}).
 *
 * <p>Validated on open: the manifest (blob CRC, JSON), the archive is listed, the index's size and
 * freshly computed checksum equal the manifest's, the stored checksum and the index's structure.
 * Every chunk is CRC-checked, decoded and compared by length and SHA-256 with its index entry
 * before one byte of it is returned; a mismatch is a {@link CorruptFileException} naming the chunk
 * file. The snapshot is held with a shared lock until {@link #close()}, so it cannot be forgotten
 * or pruned meanwhile.
 *
 * <p>Thread safety: {@link #read} may be called by several threads; {@link #close()} must not race
 * with readers.
 */
public final class ArchiveReader implements AutoCloseable {
  /** Default bound of the random-access chunk cache: 64 MiB of decoded chunk data. */
  public static final long DEFAULT_CACHE_BYTES = 64L * 1024 * 1024;

  private final IndexFile index;
  private final LockGuard lock;
  private final String filename;
  private final long size;
  private final long fixedChunkSize; // 0 for a dynamic index
  private final ArchiveChunks chunks;

  private ArchiveReader(
      ChunkBackend store, IndexFile index, LockGuard lock, String filename, long cacheBytes) {
    this.index = index;
    this.lock = lock;
    this.filename = filename;
    this.chunks = new ArchiveChunks(store, index, filename, cacheBytes);
    this.size = chunks.size();
    this.fixedChunkSize = chunks.fixedChunkSize();
  }

  /** Opens with the default cache bound. */
  public static ArchiveReader open(ChunkStore store, BackupDir snapshot, String filename)
      throws IOException {
    return open(store, snapshot, filename, DEFAULT_CACHE_BYTES);
  }

  /**
   * Opens archive {@code filename} ({@code *.fidx} or {@code *.didx}) of a finished snapshot.
   *
   * @param cacheBytes bound of decoded chunk bytes kept for {@link #read} (0 disables caching)
   * @throws java.nio.file.NoSuchFileException if the snapshot is not finished or the archive is not
   *     listed
   * @throws CorruptFileException if index and manifest disagree or the index is damaged
   * @throws org.jpbs.datastore.lock.LockedException if the snapshot is locked exclusively
   */
  public static ArchiveReader open(
      ChunkStore store, BackupDir snapshot, String filename, long cacheBytes) throws IOException {
    Objects.requireNonNull(store, "store");
    return open(new LocalChunkBackend(store), snapshot, filename, cacheBytes);
  }

  /** As {@link #open(ChunkStore, BackupDir, String, long)}, reading chunks from {@code store}. */
  public static ArchiveReader open(
      ChunkBackend store, BackupDir snapshot, String filename, long cacheBytes) throws IOException {
    Objects.requireNonNull(store, "store");
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cacheBytes must be >= 0: " + cacheBytes);
    }
    if (!(filename.endsWith(".fidx") || filename.endsWith(".didx"))) {
      throw new IllegalArgumentException(
          "not an index archive: " + filename + " (use readBlob for .blob)");
    }
    LockGuard lock = snapshot.lockShared();
    IndexFile index = null;
    try {
      BackupManifest.FileInfo info = manifestEntry(snapshot, filename);
      Path path = snapshot.archivePath(filename);
      try {
        index = IndexFiles.open(path);
      } catch (UnsupportedFormatException e) { // the manifest lists it as an index: damage
        throw new CorruptFileException(
            path.toString(),
            0,
            "archive listed in the manifest does not start"
                + " with an index magic (found "
                + e.actualMagicHex()
                + ")",
            e);
      }
      if (index.indexBytes() != info.size()) {
        throw new CorruptFileException(
            path.toString(),
            -1,
            "index size differs from the manifest",
            info.size(),
            index.indexBytes());
      }
      String csum = HexFormat.of().formatHex(index.computeChecksum());
      if (!csum.equals(info.csumHex())) {
        throw new CorruptFileException(
            path.toString(), -1, "index checksum differs from the manifest", info.csumHex(), csum);
      }
      index.verify();
      return new ArchiveReader(store, index, lock, filename, cacheBytes);
    } catch (IOException | RuntimeException e) {
      if (index != null) {
        index.close();
      }
      lock.close();
      throw e;
    }
  }

  /**
   * Reads a {@code .blob} archive: checks raw size and SHA-256 against the manifest, then decodes.
   *
   * @throws CorruptFileException on any mismatch
   */
  public static byte[] readBlob(BackupDir snapshot, String filename) throws IOException {
    if (!filename.endsWith(".blob")) {
      throw new IllegalArgumentException("not a blob archive: " + filename);
    }
    try (LockGuard ignored = snapshot.lockShared()) {
      BackupManifest.FileInfo info = manifestEntry(snapshot, filename);
      Path path = snapshot.archivePath(filename);
      byte[] raw = Files.readAllBytes(path);
      if (raw.length != info.size()) {
        throw new CorruptFileException(
            path.toString(), -1, "blob size differs from the manifest", info.size(), raw.length);
      }
      String csum = ChunkDigest.sha256(raw).toHex();
      if (!csum.equals(info.csumHex())) {
        throw new CorruptFileException(
            path.toString(), -1, "blob checksum differs from the manifest", info.csumHex(), csum);
      }
      return DataBlob.parse(raw, path.toString()).decode(path.toString());
    }
  }

  private static BackupManifest.FileInfo manifestEntry(BackupDir snapshot, String filename)
      throws IOException {
    Path manifestPath = snapshot.archivePath(BackupManifest.BLOB_NAME);
    BackupManifest m = BackupManifest.load(manifestPath);
    return m.lookupFile(filename)
        .orElseThrow(
            () ->
                new java.nio.file.NoSuchFileException(
                    snapshot.archivePath(filename).toString(),
                    null,
                    "archive not listed in " + manifestPath));
  }

  /** The archive file name. */
  public String filename() {
    return filename;
  }

  /** Bytes of archive data. */
  public long size() {
    return size;
  }

  /** Number of chunks. */
  public int chunkCount() {
    return index.count();
  }

  /** Writes the whole archive to {@code out}, verifying every chunk; progress in bytes. */
  public void copyTo(OutputStream out, ProgressListener progress, Cancellation cancellation)
      throws IOException {
    long done = 0;
    progress.progress(0, size);
    for (int i = 0; i < index.count(); i++) {
      cancellation.check("restore of " + filename);
      byte[] data = chunks.load(i);
      out.write(data);
      done += data.length;
      progress.progress(done, size);
    }
  }

  /**
   * Writes the whole archive to a new file {@code target} (fails if it exists), fsynced. A fixed
   * index (disk image) is written sparse: an all-zero chunk becomes a hole (also at the end, by
   * setting the final length), so the file reads back byte-identical but allocates only its data.
   */
  public void restoreTo(Path target, ProgressListener progress, Cancellation cancellation)
      throws IOException {
    // CREATE_NEW before the cleanup scope: a file that already exists is never deleted
    FileChannel ch =
        FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean ok = false;
    try {
      try (ch) {
        if (fixedChunkSize > 0) {
          writeSparse(ch, progress, cancellation);
        } else {
          java.io.BufferedOutputStream b =
              new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
          copyTo(b, progress, cancellation);
          b.flush();
        }
        ch.force(true);
      }
      if (fixedChunkSize > 0 && Files.size(target) < size) {
        try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
          f.setLength(size); // ftruncate: a trailing all-zero chunk stays a hole
          f.getFD().sync();
        }
      }
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(target);
      }
    }
  }

  /** Positional writes of the non-zero chunks; an all-zero chunk is skipped and so stays a hole. */
  private void writeSparse(FileChannel ch, ProgressListener progress, Cancellation cancellation)
      throws IOException {
    byte[] zeros = new byte[(int) Math.min(fixedChunkSize, size)];
    long done = 0;
    progress.progress(0, size);
    for (int i = 0; i < index.count(); i++) {
      cancellation.check("restore of " + filename);
      byte[] data = chunks.load(i);
      if (Arrays.mismatch(data, 0, data.length, zeros, 0, data.length) >= 0) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        long pos = done;
        while (buf.hasRemaining()) {
          pos += ch.write(buf, pos);
        }
      }
      done += data.length;
      progress.progress(done, size);
    }
  }

  /**
   * Reads up to {@code len} bytes at {@code offset} of the archive into {@code dst[off..]}.
   *
   * @return bytes read (less than {@code len} only at the end), or -1 if {@code offset >= size()}
   */
  public int read(long offset, byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset: " + offset);
    }
    if (offset >= size) {
      return len == 0 ? 0 : -1;
    }
    int total = 0;
    while (total < len && offset < size) {
      int i = chunks.chunkAt(offset);
      long start = chunks.chunkStart(i);
      byte[] data = chunks.cached(i);
      int from = (int) (offset - start);
      int n = Math.min(len - total, data.length - from);
      System.arraycopy(data, from, dst, off + total, n);
      total += n;
      offset += n;
    }
    return total;
  }

  /** Unmaps the index and releases the snapshot lock; idempotent. */
  @Override
  public void close() {
    chunks.invalidate();
    index.close();
    lock.close();
  }
}
