package org.jpbs.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The files of a datastore outside its chunk tree. A walk of the whole store visits the 65,536
 * {@code .chunks} prefix directories (an {@code opendir} and a {@code stat} each, ~0.5 s even when
 * they are empty); checks that only need index files, manifests or blobs skip that subtree.
 */
public final class StoreFiles {
  private StoreFiles() {}

  /**
   * Every regular file below {@code base}, not following symbolic links, except those below the
   * top-level directories named in {@code skipped} (e.g. {@code .chunks}). Files and directories
   * that vanish during the walk are left out.
   */
  public static List<Path> regularFiles(Path base, Set<String> skipped) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(
        base,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean skip =
                base.equals(dir.getParent()) && skipped.contains(dir.getFileName().toString());
            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              out.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return out;
  }

  /**
   * Every entry of the prefix directories of the chunk tree {@code chunksDir} (chunk files, their
   * {@code .bad} copies, temp files; not stat-ed). A prefix directory that does not exist is
   * skipped, and on tmpfs one that {@link #knownEmpty is known empty} is not opened: most of a test
   * store's 65,536 directories are empty, and a {@code stat} costs a quarter of {@code
   * opendir}/{@code getdents64}/{@code close}.
   */
  public static List<Path> chunkDirEntries(Path chunksDir) throws IOException {
    List<Path> out = new ArrayList<>();
    boolean tmpfs = isTmpfs(chunksDir);
    for (int prefix = 0; prefix < 65_536; prefix++) {
      Path dir = chunksDir.resolve(String.format("%04x", prefix));
      try {
        if (tmpfs
            && knownEmpty(
                Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS),
                true)) {
          continue;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path e : entries) {
            out.add(e);
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // not a prefix directory of this tree
      }
    }
    return out;
  }

  /** True if {@code path} is on a tmpfs (where {@link #knownEmpty} can answer). */
  public static boolean isTmpfs(Path path) {
    try {
      return "tmpfs".equals(Files.getFileStore(path).type());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * True only if the directory with attributes {@code a} is certainly empty without listing it: on
   * tmpfs a directory's size is 20 bytes per entry, {@code .} and {@code ..} included (the kernel's
   * {@code BOGO_DIRENT_SIZE}), so an empty one has size 40. Elsewhere (or for a non-directory)
   * false: the caller lists it.
   */
  public static boolean knownEmpty(BasicFileAttributes a, boolean tmpfs) {
    return tmpfs && a.isDirectory() && a.size() == 40;
  }

  /** {@link #regularFiles(Path, Set)} skipping {@code .chunks}. */
  public static List<Path> outsideChunks(Path base) throws IOException {
    return regularFiles(base, Set.of(".chunks"));
  }
}
