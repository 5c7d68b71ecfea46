package org.jpbs.posix;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether a path lies on a read-only mount: {@code statvfs(2)} {@code ST_RDONLY}, which reports the
 * flag of the mount the path was reached through (so a read-only bind mount of a writable
 * filesystem counts as read-only). The JDK's {@code FileStore.isReadOnly()} cannot be used: it
 * matches {@code /proc/mounts} by device and misses bind mounts. Without the JNA binding it is the
 * fallback. Used by the chunk store and by the backup lock tree.
 */
public final class ReadOnlyMount {
  private static final System.Logger LOG = System.getLogger(ReadOnlyMount.class.getName());

  private ReadOnlyMount() {}

  /**
   * True if {@code path}, or its nearest existing ancestor when it does not exist, is on a
   * read-only mount. False when that cannot be determined (the writes then fail on their own).
   */
  public static boolean test(Path path) {
    Path p = path.toAbsolutePath().normalize();
    while (p.getParent() != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      p = p.getParent();
    }
    if (!LibC.AVAILABLE) {
      try {
        return Files.getFileStore(p).isReadOnly();
      } catch (IOException e) {
        return false;
      }
    }
    Memory cpath = CString.of(p);
    Memory buf = new Memory(LibC.STATVFS_SIZE);
    if (LibC.statvfs(CString.address(cpath), CString.address(buf)) != 0) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "statvfs failed for {0}: {1}",
          p,
          NativeError.describe(LibC.errno()));
      return false;
    }
    return (buf.getLong(LibC.STATVFS_FLAG) & LibC.ST_RDONLY) != 0;
  }
}
