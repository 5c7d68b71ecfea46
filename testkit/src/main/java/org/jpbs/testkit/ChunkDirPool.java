package org.jpbs.testkit;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reuses the 65,536 chunk directories of closed test stores. Creating them and deleting them again
 * is most of a GC test's run time on a busy disk; a closed store's {@code .chunks} is emptied (only
 * regular files are removed) and, if it then has exactly the 65,536 empty {@code 0750} prefix
 * directories of a fresh store, renamed into this JVM's pool beside the test's temporary directory
 * (deleted at exit: one deletion per JVM instead of one per test). A new test store claims a pooled
 * tree by an atomic rename (so concurrent tests never share one) or, if there is none, creates a
 * fresh store. Anything unexpected leaves the tree where it is, for {@code @TempDir} to delete.
 */
public final class ChunkDirPool {
  private ChunkDirPool() {}

  private static final String CHUNKS = ".chunks";
  private static final int DIRECTORIES = 65_536;
  private static final int MAX_POOLED = 4;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** {@code -Djpbs.test.chunkDirPool=false} turns reuse off (to compare run times). */
  private static final boolean DISABLED =
      "false".equals(System.getProperty("jpbs.test.chunkDirPool"));

  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwxr-x---");

  /** This JVM's pool; deleted when the JVM exits, so no tree outlives the test run. */
  private static final Path POOL =
      Path.of(
          System.getProperty("java.io.tmpdir"),
          "jpbs-test-chunk-dir-pool-" + ProcessHandle.current().pid());

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChunkDirPool::deletePool));
  }

  private static Path pool() {
    return POOL;
  }

  private static void deletePool() {
    if (!Files.isDirectory(POOL, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      TreeDeletion.emptyDirectory(POOL); // fd-relative; whatever stays is walked below
    } catch (IOException | RuntimeException e) {
      // the walk below reports it
    }
    try (Stream<Path> s = Files.walk(POOL)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not delete " + POOL + ": " + e);
    }
  }

  /**
   * Moves a pooled empty {@code .chunks} tree to {@code base/.chunks} (creating {@code base}, mode
   * 0755). Returns false, with nothing moved, if no pooled tree could be claimed.
   */
  public static boolean claim(Path base) throws IOException {
    Path pool = pool();
    if (DISABLED || !Files.isDirectory(pool, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(pool)) {
      for (Path e : entries) {
        Files.createDirectories(
            base,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
          Files.move(e, base.resolve(CHUNKS), StandardCopyOption.ATOMIC_MOVE);
          return true;
        } catch (NoSuchFileException | AtomicMoveNotSupportedException raced) {
          // claimed by another JVM meanwhile, or on another file system: try the next one
        }
      }
    }
    return false;
  }

  /** Empties {@code base/.chunks} and pools it if it is then exactly a fresh store's tree. */
  public static void recycle(Path base) {
    Path chunks = base.resolve(CHUNKS);
    try {
      Path pool = pool();
      Files.createDirectories(pool);
      if (DISABLED || count(pool) >= MAX_POOLED || !emptyFreshTree(chunks)) {
        return;
      }
      Files.move(
          chunks, pool.resolve(UUID.randomUUID().toString()), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      // not reusable (read-only, other file system, damaged on purpose): @TempDir deletes it
    }
  }

  private static int count(Path dir) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path ignored : entries) {
        n++;
      }
    }
    return n;
  }

  private static boolean emptyFreshTree(Path chunks) throws IOException {
    if (!isPrefixDir(Files.readAttributes(chunks, PosixFileAttributes.class, NOFOLLOW))) {
      return false;
    }
    boolean tmpfs = StoreFiles.isTmpfs(chunks);
    int dirs = 0;
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(chunks)) {
      for (Path p : prefixes) {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
        if (!isPrefixName(p.getFileName().toString()) || !isPrefixDir(a)) {
          return false;
        }
        dirs++;
        if (StoreFiles.knownEmpty(a, tmpfs)) {
          continue; // most are: no opendir
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
          for (Path f : files) {
            BasicFileAttributes fa = Files.readAttributes(f, BasicFileAttributes.class, NOFOLLOW);
            if (!fa.isRegularFile()) {
              return false;
            }
            Files.delete(f);
          }
        }
      }
    }
    return dirs == DIRECTORIES;
  }

  private static boolean isPrefixName(String name) {
    if (name.length() != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      char c = name.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrefixDir(PosixFileAttributes a) {
    return a.isDirectory() && a.permissions().equals(DIR_MODE);
  }
}
