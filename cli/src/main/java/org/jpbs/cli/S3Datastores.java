package org.jpbs.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.s3.S3Credentials;
import org.jpbs.s3.S3Datastore;
import org.jpbs.s3.S3DatastoreConfig;
import picocli.CommandLine.Option;

/**
 * The cli's side of S3 datastores: the {@code init} options (a picocli mixin) and opening a
 * datastore whose cache holds {@code .jpbs/s3.cfg}. Configuration errors (a bad bucket name,
 * missing credentials) are one line with exit {@link ExitCodes#USAGE}; the secret key is read only
 * from the environment or a credentials file and never printed.
 */
public final class S3Datastores {
  /** {@code jpbs init} options for a datastore on S3 (all optional: without them, a local one). */
  static final class InitOptions {
    @Option(
        names = "--s3-endpoint",
        paramLabel = "URL",
        description = "Create the datastore on S3: http(s)://host[:port] of the S3 service.")
    URI endpoint;

    @Option(names = "--s3-bucket", paramLabel = "NAME", description = "Bucket (S3 naming rules).")
    String bucket;

    @Option(
        names = "--s3-store",
        paramLabel = "NAME",
        description = "Datastore name = key prefix in the bucket (default: the directory name).")
    String store;

    @Option(
        names = "--s3-region",
        paramLabel = "REGION",
        description = "Signing region (default: us-west-1, as PBS; Ceph RGW: us-east-1).")
    String region;

    @Option(
        names = "--s3-path-style",
        description = "Path-style addressing (/<bucket>/<key>); needed by most local endpoints.")
    boolean pathStyle;

    @Option(
        names = "--s3-credentials-file",
        paramLabel = "FILE",
        description =
            "File with 'access-key K' and 'secret-key S' lines (default: AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY from the environment). Keys are never taken from the"
                + " command line.")
    Path credentialsFile;

    @Option(
        names = "--s3-quirk",
        paramLabel = "QUIRK",
        description =
            "Provider quirk as in PBS: skip-if-none-match-header, delete-objects-via-delete-object.")
    List<String> quirks = List.of();

    @Option(names = "--s3-create-bucket", description = "Create the bucket if it does not exist.")
    boolean createBucket;

    @Option(
        names = "--reuse-datastore",
        description =
            "The bucket already holds this datastore (e.g. the cache was lost): adopt it and"
                + " rebuild the cache's metadata from the bucket (PBS s3-refresh).")
    boolean reuse;

    @Option(
        names = "--overwrite-in-use",
        description = "Take over a datastore that another host's .in-use marker claims.")
    boolean overwriteInUse;

    boolean requested() {
      return endpoint != null;
    }

    S3DatastoreConfig config(Path dir) throws CommandFailedException {
      try {
        S3Credentials creds =
            credentialsFile != null
                ? S3Credentials.fromFile(credentialsFile)
                : S3Credentials.fromEnvironment(System.getenv());
        for (String q : quirks) {
          if (!q.equals("skip-if-none-match-header")
              && !q.equals("delete-objects-via-delete-object")) {
            throw new IllegalArgumentException("unknown S3 provider quirk '" + q + "'");
          }
        }
        String name =
            store != null ? store : dir.toAbsolutePath().normalize().getFileName().toString();
        return new S3DatastoreConfig(
            endpoint,
            bucket,
            name,
            region,
            pathStyle,
            quirks.contains("skip-if-none-match-header"),
            quirks.contains("delete-objects-via-delete-object"),
            creds);
      } catch (IllegalArgumentException e) {
        throw new CommandFailedException(
            ExitCodes.USAGE, e.getMessage(), "see 'jpbs init --help' (Datastores on S3)");
      }
    }

    S3Datastore.CreateOptions createOptions() {
      return new S3Datastore.CreateOptions(
          hostname(), overwriteInUse, reuse, createBucket, credentialsFile);
    }
  }

  private S3Datastores() {}

  /**
   * The node name written into {@code .in-use}: PBS writes {@code nodename()}, the kernel's host
   * name (no DNS lookup), read here from {@code /proc/sys/kernel/hostname}.
   */
  static String hostname() {
    try {
      String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!n.isEmpty()) {
        return n;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the JDK
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * Creates a throwaway S3 datastore for {@code jpbs demo --s3} cached at {@code base}: endpoint
   * and region from {@code JPBS_S3_ENDPOINT} / {@code JPBS_S3_REGION} (default us-east-1),
   * path-style, credentials from the environment, a new bucket {@code jpbs-demo-<12 hex>}, store
   * {@code demo}. Without an endpoint: one usage line. Returns {@code <bucket>/demo/}.
   */
  public static String createDemo(Path base, InstantSource clock)
      throws IOException, CommandFailedException {
    String endpoint = demoEndpoint();
    String region = System.getenv("JPBS_S3_REGION");
    String bucket =
        "jpbs-demo-" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    S3DatastoreConfig config;
    try {
      config =
          S3DatastoreConfig.pathStyle(
              URI.create(endpoint.strip()),
              bucket,
              "demo",
              region == null || region.isBlank() ? "us-east-1" : region.strip(),
              S3Credentials.fromEnvironment(System.getenv()));
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(
          ExitCodes.USAGE, "demo --s3: " + e.getMessage(), "see README, Datastores on S3");
    }
    S3Datastore.create(
            base,
            config,
            new S3Datastore.CreateOptions(hostname(), false, false, true, null),
            ChunkStoreOptions.defaults(clock))
        .close();
    return bucket + "/demo/";
  }

  /** {@code JPBS_S3_ENDPOINT}; without it one usage line for {@code demo --s3}. */
  public static String demoEndpoint() throws CommandFailedException {
    String endpoint = System.getenv("JPBS_S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      throw new CommandFailedException(
          ExitCodes.USAGE,
          "demo --s3: no S3 endpoint configured (JPBS_S3_ENDPOINT is not set)",
          "start a local Ceph RGW: scripts/ceph-rgw start DIR; eval \"$(scripts/ceph-rgw env DIR)\"");
    }
    return endpoint;
  }

  /**
   * Opens the S3 datastore cached at {@code base}; a bad settings file or missing credentials is
   * one {@link IOException} line (exit {@link ExitCodes#IO_ERROR}) naming the datastore.
   */
  static S3Datastore open(Path base, InstantSource clock) throws IOException {
    try {
      return S3Datastore.open(base, System.getenv(), ChunkStoreOptions.defaults(clock));
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "cannot open S3 datastore " + base.toAbsolutePath().normalize() + ": " + e.getMessage(),
          e);
    }
  }
}
