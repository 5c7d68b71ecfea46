package org.jpbs.chunkstore;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@code @TempDir} factory for tests that create chunk stores: directory from the system property
 * {@code jpbs.test.storeDir}, else {@code /dev/shm} if present, else {@code java.io.tmpdir}.
 *
 * <p>Creating and deleting the 65,536 chunk directories costs 20-50 s on the shared ext4 disk of
 * the project machines and well under a second on tmpfs, which honours atime, {@code utimensat} and
 * OFD locks like ext4. Run with {@code -Djpbs.test.storeDir=/tmp} to test on ext4.
 */
public final class StoreTempDirs implements TempDirFactory {
  /** The root directory under which test stores are created. */
  public static Path root() {
    String configured = System.getProperty("jpbs.test.storeDir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
      throws Exception {
    return Files.createTempDirectory(root(), "jpbs-test-");
  }
}
