package org.jpbs.datastore.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The copy of a datastore's metadata tree (owner, notes, indexes, blobs, manifests, {@code
 * .protected}, namespace markers) kept outside the local directory, addressed by paths relative to
 * the datastore base ({@code vm/100/2026-01-01T00:00:00Z/index.json.blob}). The local directory
 * stays the datastore's view: every listing and read uses it. For a filesystem datastore there is
 * no other copy and every method is a no-op ({@link #LOCAL}); for S3 each call is one or more
 * requests under {@code <store>/.cnt/} (PBS spec §4.2, §4.3).
 *
 * <p>Write order as in PBS: owner, notes, blobs and manifests are uploaded before the local write
 * (a failure leaves the local state unchanged); index files after their local commit; {@code
 * .protected} after the local marker. Implementations are thread-safe.
 */
public interface MetadataBackend {
  /** The filesystem datastore: the local directory is the only copy. */
  MetadataBackend LOCAL = new MetadataBackend() {};

  /** True if this backend keeps a copy outside the local directory. */
  default boolean isRemote() {
    return false;
  }

  /** Stores {@code data} at {@code relPath}, replacing what is there. */
  default void put(String relPath, byte[] data) throws IOException {}

  /** Stores {@code data} at {@code relPath} unless something is there already. */
  default void putIfAbsent(String relPath, byte[] data) throws IOException {}

  /** Stores the local file {@code file} (read back whole) at {@code relPath}, replacing. */
  default void putFile(String relPath, Path file) throws IOException {}

  /** Deletes the object at {@code relPath}; a missing one is no error. */
  default void delete(String relPath) throws IOException {}

  /**
   * Deletes the objects at {@code relPaths} (missing ones are no error). Every path is attempted
   * even when one fails.
   *
   * @throws IOException naming the first object that could not be deleted and how many failed
   */
  default void deleteAll(List<String> relPaths) throws IOException {}

  /**
   * The objects below {@code relDir} (which must end with {@code /}), at any depth, as paths
   * relative to {@code relDir}, in the store's listing order. {@link #LOCAL}: none.
   *
   * @throws IllegalArgumentException if {@code relDir} does not end with {@code /}
   */
  default List<String> list(String relDir) throws IOException {
    requireDirPrefix(relDir);
    return List.of();
  }

  /**
   * Copies the object at {@code fromRelPath} to {@code toRelPath} inside the store (S3 CopyObject,
   * replacing), without moving its bytes through this host.
   *
   * @return false if there is no object at {@code fromRelPath} (nothing copied); {@link #LOCAL}:
   *     true, nothing done
   */
  default boolean copy(String fromRelPath, String toRelPath) throws IOException {
    return true;
  }

  /**
   * Deletes everything below {@code relDir}, which must end with {@code /} (so group {@code vm/1/}
   * never matches {@code vm/10}).
   *
   * @throws IllegalArgumentException if {@code relDir} does not end with {@code /}
   */
  default void deleteTree(String relDir) throws IOException {
    requireDirPrefix(relDir);
  }

  /** Checks that a prefix ends at a directory boundary. */
  static void requireDirPrefix(String relDir) {
    if (relDir == null || relDir.isEmpty() || !relDir.endsWith("/")) {
      throw new IllegalArgumentException(
          "prefix '" + relDir + "' must end with '/' (it would match sibling names too)");
    }
  }
}
