package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import org.jpbs.format.ChunkDigest;

/**
 * Portable {@link AtimeToucher}: {@code BasicFileAttributeView.setTimes(null, now, null)} with
 * {@code NOFOLLOW_LINKS}, "now" from the injected clock.
 *
 * <p>Weaker than {@code utimensat(UTIME_NOW, UTIME_OMIT)}: the JDK re-writes mtime from a value it
 * read just before (4-5 syscalls), and the atime comes from the JVM clock rather than the kernel.
 * Used only where the native binding is unavailable, or when forced (benchmarks).
 */
final class NioToucher implements AtimeToucher {
  private final Path chunksDir;
  private final InstantSource clock;

  NioToucher(Path chunksDir, InstantSource clock) {
    this.chunksDir = chunksDir;
    this.clock = clock;
  }

  @Override
  public boolean touch(ChunkDigest digest) throws IOException {
    return touchPath(ChunkPath.of(chunksDir, digest));
  }

  @Override
  public boolean touch(long w0, long w1, long w2, long w3) throws IOException {
    return touch(ChunkDigest.ofWords(w0, w1, w2, w3));
  }

  @Override
  public boolean touchBadCopy(ChunkDigest digest, int n) throws IOException {
    return touchPath(ChunkPath.badCopy(chunksDir, digest, n));
  }

  private boolean touchPath(Path path) throws IOException {
    try {
      Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(null, FileTime.from(clock.instant()), null);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new IOException("update atime failed for chunk " + path + " - " + e, e);
    }
  }

  @Override
  public String name() {
    return "nio-setTimes";
  }
}
