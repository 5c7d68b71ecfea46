package org.jpbs.s3;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The Ceph RGW the ITs run against, as {@code scripts/ceph-rgw env DIR} exports it: the endpoint
 * and region from the {@code jpbs.s3.*} system properties (set by the pom) or the environment, the
 * keys from the environment only. Without an endpoint the IT fails when {@code JPBS_S3_REQUIRED=1}
 * (CI) and is skipped otherwise.
 */
public final class RgwEndpoint {
  private RgwEndpoint() {}

  static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** A config for a fresh bucket on the RGW, or the test is skipped/failed as described. */
  public static S3DatastoreConfig freshBucket(String storeName) {
    String endpoint = setting("jpbs.s3.endpoint", "JPBS_S3_ENDPOINT");
    if (endpoint == null) {
      String why =
          "no S3 endpoint: start one with scripts/ceph-rgw start DIR and"
              + " eval \"$(scripts/ceph-rgw env DIR)\"";
      if ("1".equals(setting("jpbs.s3.required", "JPBS_S3_REQUIRED"))) {
        fail(why + " (JPBS_S3_REQUIRED=1)");
      }
      Assumptions.abort(why);
    }
    String region = setting("jpbs.s3.region", "JPBS_S3_REGION");
    String bucket = "jpbs-it-" + UUID.randomUUID().toString().substring(0, 13);
    return S3DatastoreConfig.pathStyle(
        URI.create(endpoint),
        bucket,
        storeName,
        region == null ? "us-east-1" : region,
        S3Credentials.fromEnvironment(System.getenv()));
  }
}
