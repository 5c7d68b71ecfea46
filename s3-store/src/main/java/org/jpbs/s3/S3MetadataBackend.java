package org.jpbs.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  public void deleteTree(String relDir) throws IOException {
    MetadataBackend.requireDirPrefix(relDir);
    String dir = relDir.substring(0, relDir.length() - 1);
    int slash = dir.lastIndexOf('/');
    String probe = // validates every component through the key builder
        slash < 0
            ? keys.content("", dir)
            : keys.content(dir.substring(0, slash), dir.substring(slash + 1));
    S3DeleteResult r = S3Calls.io(() -> client.deletePrefix(probe + "/"));
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
              + " objects under "
              + probe
              + "/ not deleted)");
    }
  }

  @Override
  public String toString() {
    return "S3MetadataBackend[" + client.config().bucket() + "/" + keys.contentPrefix() + "]";
  }
}
