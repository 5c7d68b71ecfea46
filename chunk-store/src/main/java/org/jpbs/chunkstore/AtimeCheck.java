package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;

/**
 * The atime safety check of PBS {@code check_fs_atime_updates(retry=true)} (spec §3.6): proves that
 * an explicit touch really advances atime on this filesystem, before a GC relies on it.
 *
 * <p>Steps: insert the 4 MiB zero chunk (or touch it if present), sleep (1 s by default, for
 * timestamp granularity), stat, touch, stat; require the same inode and a strictly later atime
 * (full precision). If the inode changed in between, the check runs once more.
 */
public final class AtimeCheck {
  /** Digest of 4 MiB of zero bytes (spec §2.2). */
  public static final ChunkDigest ZERO_CHUNK_DIGEST =
      ChunkDigest.fromHex("bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8");

  /** Size of the zero chunk's data. */
  public static final int ZERO_CHUNK_SIZE = 4 * 1024 * 1024;

  /** Default pause between insert and the first stat. */
  public static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);

  private AtimeCheck() {}

  /** Sleeps; injectable so tests need not wait. */
  @FunctionalInterface
  public interface Sleeper {
    /** The real sleeper ({@link Thread#sleep(long)}). */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * What the check saw.
   *
   * @param preExisting true if the zero chunk already existed (it was touched, not created)
   * @param before atime before the touch
   * @param after atime after the touch
   */
  public record Result(boolean preExisting, FileTime before, FileTime after) {}

  /** The check failed: this filesystem does not keep explicit atime updates. */
  public static final class FailedException extends IOException {
    private static final long serialVersionUID = 1L;

    FailedException(String message) {
      super(message);
    }
  }

  /** Runs the check with the default 1 s pause. */
  public static Result run(ChunkStore store) throws IOException, InterruptedException {
    return run(store, Sleeper.SYSTEM);
  }

  /**
   * Runs the check.
   *
   * @throws FailedException if atime did not advance, or the chunk was replaced twice
   */
  public static Result run(ChunkStore store, Sleeper sleeper)
      throws IOException, InterruptedException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(sleeper, "sleeper");
    return run(store, sleeper, true);
  }

  private static Result run(ChunkStore store, Sleeper sleeper, boolean retry)
      throws IOException, InterruptedException {
    InsertResult inserted = store.insert(ZERO_CHUNK_DIGEST, ZeroChunk.BLOB);
    sleeper.sleep(DEFAULT_PAUSE);
    Path path = store.chunkPath(ZERO_CHUNK_DIGEST);
    Stat m1 = stat(path);
    if (!store.touch(ZERO_CHUNK_DIGEST)) {
      throw new IOException("update atime failed for chunk/file " + path + " - ENOENT");
    }
    Stat m2 = stat(path);
    String which = inserted.duplicate() ? "pre-existing" : "newly inserted";
    if (!m1.inode.equals(m2.inode)) {
      if (retry) {
        return run(store, sleeper, false);
      }
      throw new FailedException("chunk " + path + " changed twice during access time safety check");
    }
    if (m1.atime.compareTo(m2.atime) >= 0) {
      throw new FailedException(
          "access time safety check using "
              + which
              + " chunk failed, aborting GC! "
              + "("
              + path
              + ": atime before touch "
              + m1.atime
              + ", after "
              + m2.atime
              + ")");
    }
    return new Result(inserted.duplicate(), m1.atime, m2.atime);
  }

  private static final class Stat {
    final Object inode;
    final FileTime atime;

    Stat(Object inode, FileTime atime) {
      this.inode = inode;
      this.atime = atime;
    }
  }

  private static Stat stat(Path path) throws IOException {
    try {
      Map<String, Object> a =
          Files.readAttributes(path, "unix:ino,lastAccessTime", LinkOption.NOFOLLOW_LINKS);
      return new Stat(a.get("ino"), (FileTime) a.get("lastAccessTime"));
    } catch (UnsupportedOperationException e) {
      BasicFileAttributes b =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new Stat(String.valueOf(b.fileKey()), b.lastAccessTime());
    }
  }

  /** The zero chunk blob, built once (zstd level 1 of 4 MiB of zeros). */
  private static final class ZeroChunk {
    static final DataBlob BLOB = DataBlob.encode(new byte[ZERO_CHUNK_SIZE], true);
  }
}
