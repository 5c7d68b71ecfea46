package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * PBS's {@code list_index_files} (spec §4.2 step 2, §4.3 step 1): every {@code *.fidx} and {@code
 * *.didx} below the datastore root, found by a walk that never follows symlinks and skips (without
 * descending) every entry whose name starts with a dot.
 *
 * <p>Error rules, as PBS: permission denied is fatal except on a {@code lost+found} at depth ≤ 1; a
 * vanished entry is skipped; any other I/O error is fatal. Unlike PBS, the hidden-name filter is
 * not applied to the root itself (PBS would find nothing under a root named {@code .x} and then
 * sweep every chunk; the safe behaviour is to walk it).
 */
final class IndexFileWalk {
  private IndexFileWalk() {}

  /** Absolute paths of all index files below {@code base}, in walk order. */
  static Set<Path> list(Path base) throws IOException {
    Set<Path> found = new LinkedHashSet<>();
    Files.walkFileTree(
        base,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(base) && hidden(dir)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!hidden(file) && isIndexName(file.getFileName().toString())) {
              found.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // vanished meanwhile (PBS: "ignoring vanished file")
            }
            if (hidden(file) && !file.equals(base)) {
              return FileVisitResult.CONTINUE;
            }
            if (e instanceof AccessDeniedException) {
              int depth = base.relativize(file).getNameCount();
              if (depth <= 1 && file.endsWith("lost+found")) {
                return FileVisitResult.CONTINUE;
              }
              throw new GcAbortedException(
                  "cannot continue garbage-collection safely, permission denied on: " + file, e);
            }
            throw e;
          }
        });
    return found;
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /** True if the extension (text after the last dot) is exactly {@code fidx} or {@code didx}. */
  static boolean isIndexName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return false; // no extension, or a hidden name such as ".fidx"
    }
    String ext = name.substring(dot + 1);
    return ext.equals("fidx") || ext.equals("didx");
  }
}
