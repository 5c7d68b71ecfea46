package org.jpbs.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpbs.format.AtomicFile;

/**
 * The S3 settings of a datastore, kept in its local cache directory as {@code .jpbs/s3.cfg} so
 * every command needs only the datastore path. One {@code key value} line each, like PBS's {@code
 * s3.cfg} section lines: {@code endpoint}, {@code bucket}, {@code store}, {@code region}, {@code
 * path-style}, {@code provider-quirks} and optionally {@code credentials-file} (a path). The secret
 * is never written here: credentials come from that file or from {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}.
 */
public final class S3DatastoreSettings {
  /** Relative to the datastore base. */
  public static final String FILE = ".jpbs/s3.cfg";

  private static final String SKIP_IF_NONE_MATCH = "skip-if-none-match-header";
  private static final String DELETE_VIA_DELETE_OBJECT = "delete-objects-via-delete-object";

  private S3DatastoreSettings() {}

  /** True if {@code base} is the cache of an S3 datastore. */
  public static boolean isS3(Path base) {
    return Files.isRegularFile(base.resolve(FILE), LinkOption.NOFOLLOW_LINKS);
  }

  /** Writes the settings atomically; {@code credentialsFile} may be null (environment). */
  public static void write(Path base, S3DatastoreConfig config, Path credentialsFile)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("endpoint ").append(config.endpoint()).append('\n');
    sb.append("bucket ").append(config.bucket()).append('\n');
    sb.append("store ").append(config.storeName()).append('\n');
    sb.append("region ").append(config.region()).append('\n');
    sb.append("path-style ").append(config.pathStyle()).append('\n');
    String quirks =
        (config.skipIfNoneMatch() ? SKIP_IF_NONE_MATCH : "")
            + (config.skipIfNoneMatch() && config.deleteViaDeleteObject() ? "," : "")
            + (config.deleteViaDeleteObject() ? DELETE_VIA_DELETE_OBJECT : "");
    if (!quirks.isEmpty()) {
      sb.append("provider-quirks ").append(quirks).append('\n');
    }
    if (credentialsFile != null) {
      sb.append("credentials-file ").append(credentialsFile.toAbsolutePath().normalize());
      sb.append('\n');
    }
    Path file = base.resolve(FILE);
    Files.createDirectories(file.getParent());
    AtomicFile.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Reads the settings of the datastore at {@code base}, with credentials from the recorded file or
   * else {@code env}.
   *
   * @throws NoSuchFileException if {@code base} is no S3 datastore
   * @throws IllegalArgumentException (one line naming the file) for a bad or incomplete file
   */
  public static S3DatastoreConfig read(Path base, Map<String, String> env) throws IOException {
    Path file = base.resolve(FILE);
    Map<String, String> kv = new LinkedHashMap<>();
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      kv.put(parts[0], parts.length == 2 ? parts[1].strip() : "");
    }
    String quirks = kv.getOrDefault("provider-quirks", "");
    for (String q : quirks.split(",")) {
      if (!q.isEmpty() && !q.equals(SKIP_IF_NONE_MATCH) && !q.equals(DELETE_VIA_DELETE_OBJECT)) {
        throw new IllegalArgumentException(file + ": unknown provider quirk '" + q + "'");
      }
    }
    String creds = kv.get("credentials-file");
    S3Credentials credentials =
        creds == null ? S3Credentials.fromEnvironment(env) : S3Credentials.fromFile(Path.of(creds));
    String endpoint = required(kv, "endpoint", file);
    String bucket = required(kv, "bucket", file);
    String store = required(kv, "store", file);
    try {
      return new S3DatastoreConfig(
          URI.create(endpoint),
          bucket,
          store,
          kv.get("region"),
          Boolean.parseBoolean(kv.getOrDefault("path-style", "false")),
          quirks.contains(SKIP_IF_NONE_MATCH),
          quirks.contains(DELETE_VIA_DELETE_OBJECT),
          credentials);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> kv, String key, Path file) {
    String v = kv.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(file + ": '" + key + "' is missing");
    }
    return v;
  }
}
