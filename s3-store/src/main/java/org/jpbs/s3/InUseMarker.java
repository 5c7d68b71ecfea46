package org.jpbs.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code <store>/.in-use} object (PBS spec pbs-s3.md §1.5): compact JSON {@code
 * {"hostname":"<node>"}}, written with replace when a datastore is created on a bucket prefix, and
 * checked before: a marker of another host refuses the creation unless overwriting is asked for.
 */
public final class InUseMarker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InUseMarker() {}

  /** The marker body PBS writes, {@code {"hostname":"<node>"}}. */
  public static byte[] body(String hostname) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("hostname", hostname)
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The marker's holder: empty if there is no marker, {@code ""} if it names no host.
   *
   * @throws IOException if the marker cannot be read
   */
  public static Optional<String> holder(S3StoreClient client) throws IOException {
    String key = client.config().keys().inUseMarker();
    Optional<byte[]> raw = S3Calls.io(() -> client.get(key));
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode host = JSON.readTree(raw.get()).get("hostname");
      return Optional.of(host != null && host.isTextual() ? host.asText() : "");
    } catch (IOException e) {
      return Optional.of("");
    }
  }

  /**
   * Refuses a prefix in use by another host (PBS: "Bucket already contains datastore in use by host
   * &lt;h&gt;") unless {@code overwrite}; the same host may re-create its own datastore.
   */
  public static void check(S3StoreClient client, String hostname, boolean overwrite)
      throws IOException {
    Optional<String> holder = holder(client);
    if (holder.isPresent() && !overwrite && !holder.get().equals(hostname)) {
      throw new S3DatastoreInUseException(
          "bucket "
              + client.config().bucket()
              + " already contains datastore "
              + client.config().storeName()
              + " in use"
              + (holder.get().isEmpty() ? "" : " by host " + holder.get()));
    }
  }

  /** PUTs the marker (replace). */
  public static void write(S3StoreClient client, String hostname) throws IOException {
    String key = client.config().keys().inUseMarker();
    S3Calls.io(() -> client.put(key, body(hostname)));
  }

  /** The bucket prefix is in use by another host. */
  public static final class S3DatastoreInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    S3DatastoreInUseException(String message) {
      super(message);
    }
  }
}
