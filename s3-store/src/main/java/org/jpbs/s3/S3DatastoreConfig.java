package org.jpbs.s3;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an S3 datastore lives: endpoint, bucket, store name (= the key prefix, PBS spec §1.4),
 * region, addressing style, provider quirks (§1.2) and the credentials. Validated on construction;
 * every error is one line naming the bad field.
 *
 * @param endpoint {@code http(s)://host[:port]}
 * @param bucket bucket name, PBS's rules (§1.3)
 * @param storeName datastore name; every key of the store starts with {@code <storeName>/}
 * @param region signing region; PBS's default is {@code us-west-1}
 * @param pathStyle {@code /<bucket>/<key>} addressing instead of virtual-host
 * @param skipIfNoneMatch quirk {@code skip-if-none-match-header}: no conditional PUT
 * @param deleteViaDeleteObject quirk {@code delete-objects-via-delete-object}
 * @param credentials the key pair; never printed
 */
public record S3DatastoreConfig(
    URI endpoint,
    String bucket,
    String storeName,
    String region,
    boolean pathStyle,
    boolean skipIfNoneMatch,
    boolean deleteViaDeleteObject,
    S3Credentials credentials) {

  public static final String DEFAULT_REGION = "us-west-1";

  private static final Pattern BUCKET = Pattern.compile("^[a-z0-9]([a-z0-9\\-]*[a-z0-9])?$");
  private static final Pattern REGION = Pattern.compile("^[_a-z\\d][-_a-z\\d]+$");
  private static final Pattern SAFE_ID = Pattern.compile("^(?:[A-Za-z0-9_][A-Za-z0-9._\\-]*)$");

  public S3DatastoreConfig {
    Objects.requireNonNull(credentials, "credentials");
    checkEndpoint(endpoint);
    checkBucket(bucket);
    if (storeName == null || storeName.length() < 3 || storeName.length() > 32) {
      throw new IllegalArgumentException(
          "S3 store name '" + storeName + "' must be 3..32 characters");
    }
    if (!SAFE_ID.matcher(storeName).matches()) {
      throw new IllegalArgumentException(
          "S3 store name '" + storeName + "' may only contain letters, digits, '_', '-', '.'");
    }
    if (region == null || region.isEmpty()) {
      region = DEFAULT_REGION;
    }
    if (region.length() > 32 || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("S3 region '" + region + "' is not a valid region name");
    }
  }

  /** The usual settings for a local endpoint such as the project's Ceph RGW. */
  public static S3DatastoreConfig pathStyle(
      URI endpoint, String bucket, String storeName, String region, S3Credentials credentials) {
    return new S3DatastoreConfig(
        endpoint, bucket, storeName, region, true, false, false, credentials);
  }

  public S3DatastoreConfig withQuirks(boolean skipIfNoneMatch, boolean deleteViaDeleteObject) {
    return new S3DatastoreConfig(
        endpoint,
        bucket,
        storeName,
        region,
        pathStyle,
        skipIfNoneMatch,
        deleteViaDeleteObject,
        credentials);
  }

  public S3ObjectKeys keys() {
    return new S3ObjectKeys(storeName);
  }

  private static void checkEndpoint(URI endpoint) {
    if (endpoint == null
        || endpoint.getHost() == null
        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException(
          "S3 endpoint '" + endpoint + "' must be http(s)://host[:port]");
    }
    if (endpoint.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "S3 endpoint must not carry credentials; use the environment or a credentials file");
    }
  }

  static void checkBucket(String bucket) {
    if (bucket == null
        || bucket.length() < 3
        || bucket.length() > 63
        || !BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "S3 bucket name '"
              + bucket
              + "' must be 3..63 of [a-z0-9-], not starting/ending with '-'");
    }
    for (String bad : new String[] {"xn--", "sthree-", "amzn-s3-demo-"}) {
      if (bucket.startsWith(bad)) {
        throw new IllegalArgumentException(
            "S3 bucket name '" + bucket + "' must not start with '" + bad + "'");
      }
    }
    for (String bad : new String[] {"--ol-s3", ".mrap", "--x-s3"}) {
      if (bucket.endsWith(bad)) {
        throw new IllegalArgumentException(
            "S3 bucket name '" + bucket + "' must not end with '" + bad + "'");
      }
    }
  }

  @Override
  public String toString() {
    return "S3DatastoreConfig[endpoint="
        + endpoint
        + ", bucket="
        + bucket
        + ", store="
        + storeName
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", skipIfNoneMatch="
        + skipIfNoneMatch
        + ", deleteViaDeleteObject="
        + deleteViaDeleteObject
        + ", "
        + credentials
        + "]";
  }
}
