package org.jpbs.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jpbs.datastore.FileTrees;

/**
 * PBS's {@code s3-refresh} (spec pbs-s3.md §3.3): rebuilds the local metadata mirror ({@code vm},
 * {@code ct}, {@code host}, {@code ns}) from every object under {@code <store>/.cnt/}. Objects are
 * fetched into {@code <base>/tmp_XXXXXX/} first (a {@code .namespace} object only creates its
 * directory), then each top-level directory is swapped in; the temporary directory is removed also
 * on failure. {@code .chunks}, {@code .lock} and the GC state are not touched and no chunk is
 * fetched. The caller must hold the datastore exclusively (no backup, prune or GC running).
 */
public final class S3Refresh {
  private static final List<String> TOP = List.of("vm", "ct", "host", "ns");

  private S3Refresh() {}

  /** What a refresh fetched. */
  public record Result(long objects, long bytes) {}

  /** Runs the refresh of the datastore cached at {@code base}. */
  public static Result run(Path base, S3StoreClient client) throws IOException {
    String prefix = client.config().keys().contentPrefix();
    Path tmp = Files.createTempDirectory(base, "tmp_");
    try {
      List<String> keys = new ArrayList<>();
      S3Calls.io(() -> client.list(prefix, o -> keys.add(o.key())));
      long bytes = 0;
      for (String key : keys) {
        Path target = localPath(tmp, key.substring(prefix.length()), key);
        if (target == null) {
          continue; // as PBS, which fetches it but swaps in only vm, ct, host and ns
        }
        Files.createDirectories(target.getParent());
        if (target.getFileName().toString().equals(S3ObjectKeys.NAMESPACE_MARKER)) {
          continue; // empty namespaces survive (PBS ≥ 4.1.5)
        }
        Optional<byte[]> data = S3Calls.io(() -> client.get(key));
        if (data.isEmpty()) {
          throw new NoSuchFileException(
              client.config().bucket() + "/" + key, null, "object vanished during s3-refresh");
        }
        Files.write(target, data.get());
        bytes += data.get().length;
      }
      for (String top : TOP) {
        deleteTree(base.resolve(top));
        if (Files.exists(tmp.resolve(top))) {
          Files.move(tmp.resolve(top), base.resolve(top));
        }
      }
      return new Result(keys.size(), bytes);
    } finally {
      deleteTree(tmp);
    }
  }

  /**
   * The path of a listed key below {@code dir}, or null for a key outside {@code vm/}, {@code ct/},
   * {@code host/} and {@code ns/}; a hostile key ({@code ..}, empty parts) is refused.
   */
  static Path localPath(Path dir, String rel, String key) throws IOException {
    Path p = dir;
    for (String part : rel.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
        throw new IOException(
            "s3-refresh: refusing object key '" + key + "' (empty, '.' or '..' component)");
      }
      p = p.resolve(part);
    }
    String first = rel.substring(0, rel.indexOf('/') < 0 ? rel.length() : rel.indexOf('/'));
    return TOP.contains(first) && rel.indexOf('/') > 0 ? p : null;
  }

  /** {@code remove_dir_all} without following symlinks; a missing root is no error. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    FileTrees.delete(root);
  }
}
