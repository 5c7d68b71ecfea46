package org.jpbs.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jpbs.datastore.backend.MetadataBackend;

/**
 * The metadata copy of an S3 datastore: a path {@code rel} relative to the datastore base is the
 * object {@code <store>/.cnt/<rel>} (PBS spec pbs-s3.md §2, §4.2). Tree deletes use a prefix ending
 * with {@code /}. A failed request is an {@link IOException} of one line naming the object.
 */
public final class S3MetadataBackend implements MetadataBackend {
  private final S3StoreClient client;
  private final S3ObjectKeys keys;

  public S3MetadataBackend(S3StoreClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.keys = client.config().keys();
  }

  @Override
  public boolean isRemote() {
    return true;
  }

  /** {@code <store>/.cnt/<relPath>}, every component checked. */
  public String key(String relPath) {
    int slash = relPath.lastIndexOf('/');
    return slash < 0
        ? keys.content("", relPath)
        : keys.content(relPath.substring(0, slash), relPath.substring(slash + 1));
  }

  @Override
  public void put(String relPath, byte[] data) throws IOException {
    String key = key(relPath);
    S3Calls.io(() -> client.put(key, data));
  }

  @Override
  public void putIfAbsent(String relPath, byte[] data) throws IOException {
    String key = key(relPath);
    S3Calls.io(() -> client.putIfAbsent(key, data));
  }

  @Override
  public void putFile(String relPath, Path file) throws IOException {
    put(relPath, Files.readAllBytes(file));
  }

  @Override
  public void delete(String relPath) throws IOException {
    String key = key(relPath);
    S3Calls.io(() -> client.delete(key));
  }

  @Override
  public void deleteAll(List<String> relPaths) throws IOException {
    List<String> objects = new ArrayList<>(relPaths.size());
    for (String rel : relPaths) {
      objects.add(key(rel));
    }
    if (!objects.isEmpty()) {
      requireComplete(S3Calls.io(() -> client.deleteAll(objects)), "objects");
    }
  }

  @Override
  public List<String> list(String relDir) throws IOException {
    String prefix = dirKey(relDir);
    List<String> names = new ArrayList<>();
    S3Calls.io(() -> client.list(prefix, o -> names.add(o.key().substring(prefix.length()))));
    return names;
  }

  @Override
  public boolean copy(String fromRelPath, String toRelPath) throws IOException {
    String from = key(fromRelPath);
    String to = key(toRelPath);
    try {
      client.copy(from, to);
      return true;
    } catch (S3StoreException e) {
      if (e.httpStatus() == 404) {
        return false;
      }
      throw new S3Calls.S3IOException(e);
    }
  }

  @Override
  public void deleteTree(String relDir) throws IOException {
    String prefix = dirKey(relDir);
    requireComplete(S3Calls.io(() -> client.deletePrefix(prefix)), "objects under " + prefix);
  }

  /** {@code <store>/.cnt/<relDir>}, ending with {@code /}, every component checked. */
  private String dirKey(String relDir) {
    MetadataBackend.requireDirPrefix(relDir);
    String dir = relDir.substring(0, relDir.length() - 1);
    return key(dir) + "/"; // validates every component through the key builder
  }

  private void requireComplete(S3DeleteResult r, String what) throws IOException {
    if (!r.complete()) {
      var first = r.failed().entrySet().iterator().next();
      throw new IOException(
          "S3 delete of "
              + client.config().bucket()
              + "/"
              + first.getKey()
              + " failed: "
              + first.getValue()
              + " ("
              + r.failed().size()
              + " of "
              + (r.failed().size() + r.deleted().size())
              + " "
              + what
              + " not deleted)");
    }
  }

  @Override
  public String toString() {
    return "S3MetadataBackend[" + client.config().bucket() + "/" + keys.contentPrefix() + "]";
  }
}
