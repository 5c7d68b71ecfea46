package org.jpbs.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An S3 access key pair. Read from the environment ({@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}) or from a credentials file, never from a command line. {@link
 * #toString()} shows the access key only, so the secret never reaches a log line.
 */
public final class S3Credentials {
  public static final String ENV_ACCESS_KEY = "AWS_ACCESS_KEY_ID";
  public static final String ENV_SECRET_KEY = "AWS_SECRET_ACCESS_KEY";

  private final String accessKey;
  private final String secretKey;

  public S3Credentials(String accessKey, String secretKey) {
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("S3 access key and secret key must both be set");
    }
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** From {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}. */
  public static S3Credentials fromEnvironment(Map<String, String> env) {
    String access = env.get(ENV_ACCESS_KEY);
    String secret = env.get(ENV_SECRET_KEY);
    if (access == null || secret == null || access.isBlank() || secret.isBlank()) {
      throw new IllegalArgumentException(
          "S3 credentials missing: set " + ENV_ACCESS_KEY + " and " + ENV_SECRET_KEY);
    }
    return new S3Credentials(access.trim(), secret.trim());
  }

  /**
   * From a file of {@code key value} lines as in PBS's {@code s3.cfg}: {@code access-key K} and
   * {@code secret-key S}; {@code #} starts a comment. The error names the file, never a value.
   */
  public static S3Credentials fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read S3 credentials file " + file + ": " + e);
    }
    String access = null;
    String secret = null;
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] kv = line.split("\\s+", 2);
      String value = kv.length == 2 ? kv[1].strip() : "";
      switch (kv[0]) {
        case "access-key" -> access = value;
        case "secret-key" -> secret = value;
        default ->
            throw new IllegalArgumentException(
                "S3 credentials file " + file + ": unknown key '" + kv[0] + "'");
      }
    }
    if (access == null || secret == null || access.isEmpty() || secret.isEmpty()) {
      throw new IllegalArgumentException(
          "S3 credentials file " + file + " needs both 'access-key' and 'secret-key'");
    }
    return new S3Credentials(access, secret);
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKey=" + accessKey + ", secretKey=***]";
  }
}
