package org.jpbs.testkit;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirDeletionStrategy;

/**
 * Deletes {@code @TempDir} trees with one {@code unlinkat} per entry, relative to its directory's
 * descriptor, then lets JUnit's standard strategy handle whatever is left (entries this pass may
 * not remove: read-only directories, mount points), so failures are reported exactly as before.
 *
 * <p>Configured for every module's tests in the parent POM ({@code
 * junit.jupiter.tempdir.deletion.strategy.default}). A test datastore has 65,536 chunk directories;
 * the standard strategy resolves each one's real path, resets its three permission bits (a stat and
 * a {@code chmod} each) and walks every absolute path again for each call: about 18 path-walking
 * syscalls per directory, ~5 s per store on a loaded 2-core machine against ~0.5 s here (and the
 * dominant kernel cost of the whole suite before, see docs/reliability.md).
 *
 * <p>An entry is first removed as whatever the previous entry of its directory was (a chunk tree's
 * directories hold directories, its prefix directories hold files), so the common case costs one
 * syscall; a non-empty directory is opened (without following links) and emptied first. Symbolic
 * links are removed, never followed.
 */
public final class TreeDeletion implements TempDirDeletionStrategy {
  @Override
  public DeletionResult delete(
      Path dir, AnnotatedElementContext element, ExtensionContext extension) throws IOException {
    try {
      emptyDirectory(dir);
      Files.deleteIfExists(dir);
    } catch (IOException | RuntimeException e) {
      // best effort: the standard strategy below resets permissions and reports what stays
    }
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return DeletionResult.builder(dir).build();
    }
    return Standard.INSTANCE.delete(dir, element, extension);
  }

  /**
   * Removes everything below {@code dir} that this process may remove and leaves the rest (the
   * caller then sees it still exists). Without fd-relative calls on this platform it does nothing.
   */
  static void emptyDirectory(Path dir) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      if (stream instanceof SecureDirectoryStream<Path> secure) {
        empty(secure);
      }
    }
  }

  private static void empty(SecureDirectoryStream<Path> dir) {
    boolean directoryFirst = true;
    for (Path entry : dir) {
      Path name = entry.getFileName();
      if (directoryFirst) {
        if (!tryDirectory(dir, name)) {
          directoryFirst = false;
          tryFile(dir, name);
        }
      } else if (!tryFile(dir, name)) {
        directoryFirst = true;
        tryDirectory(dir, name);
      }
    }
  }

  /** Removes {@code name} as a directory, emptying it first if needed; false if not one. */
  private static boolean tryDirectory(SecureDirectoryStream<Path> parent, Path name) {
    try {
      parent.deleteDirectory(name);
      return true;
    } catch (NoSuchFileException gone) {
      return true;
    } catch (DirectoryNotEmptyException full) {
      try (SecureDirectoryStream<Path> child =
          parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
        empty(child);
      } catch (IOException | RuntimeException unreadable) {
        return true; // left for the standard strategy
      }
      try {
        parent.deleteDirectory(name);
      } catch (IOException stays) {
        // left for the standard strategy
      }
      return true;
    } catch (IOException notADirectoryOrDenied) {
      return false;
    }
  }

  /** Removes {@code name} as a non-directory; false if it is a directory (or may not go). */
  private static boolean tryFile(SecureDirectoryStream<Path> parent, Path name) {
    try {
      parent.deleteFile(name);
      return true;
    } catch (NoSuchFileException gone) {
      return true;
    } catch (IOException directoryOrDenied) {
      return false;
    }
  }
}
