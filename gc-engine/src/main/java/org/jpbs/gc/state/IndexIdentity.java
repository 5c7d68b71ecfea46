package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The identity of an index file for the mark checkpoint: a resumed GC skips a file only if all
 * components are equal, so a file replaced under the same name (new inode, size or times) is marked
 * again.
 *
 * @param relativePath path relative to the datastore base, {@code /}-separated
 * @param dev device id ({@code st_dev})
 * @param ino inode number ({@code st_ino})
 * @param size file size in bytes
 * @param mtimeNanos modification time, ns since the epoch
 * @param ctimeNanos status-change time, ns since the epoch
 */
public record IndexIdentity(
    String relativePath, long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {
  /** Validates the components. */
  public IndexIdentity {
    Objects.requireNonNull(relativePath, "relativePath");
    if (relativePath.isEmpty()) {
      throw new IllegalArgumentException("relativePath is empty");
    }
  }

  /**
   * Reads the identity of {@code file} (not following a final symlink) relative to {@code base}.
   *
   * @throws java.nio.file.NoSuchFileException if the file vanished
   * @throws UnsupportedOperationException if the filesystem has no {@code unix} attribute view
   */
  public static IndexIdentity of(Path base, Path file) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(
            file, "unix:dev,ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
    String rel = base.relativize(file).toString();
    if (!file.getFileSystem().getSeparator().equals("/")) {
      rel = rel.replace(file.getFileSystem().getSeparator(), "/");
    }
    return new IndexIdentity(
        rel,
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        (Long) a.get("size"),
        nanos((FileTime) a.get("lastModifiedTime")),
        nanos((FileTime) a.get("ctime")));
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }
}
