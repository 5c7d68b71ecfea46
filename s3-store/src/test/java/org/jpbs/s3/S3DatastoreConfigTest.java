package org.jpbs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3DatastoreConfigTest {
  private static final S3Credentials CREDS = new S3Credentials("AKID", "very-secret");
  private static final URI LOCAL = URI.create("http://127.0.0.1:8000");

  @Test
  void defaultsAndValidFields() {
    S3DatastoreConfig c =
        new S3DatastoreConfig(LOCAL, "pbs-s3", "store1", null, true, false, false, CREDS);
    assertThat(c.region()).isEqualTo("us-west-1");
    assertThat(c.keys().chunksPrefix()).isEqualTo("store1/.chunks/");
    assertThat(c.withQuirks(true, true).skipIfNoneMatch()).isTrue();
  }

  @Test
  void secretNeverPrinted() {
    S3DatastoreConfig c =
        S3DatastoreConfig.pathStyle(LOCAL, "pbs-s3", "store1", "us-east-1", CREDS);
    assertThat(c.toString()).contains("AKID").doesNotContain("very-secret");
    assertThat(CREDS.toString()).doesNotContain("very-secret");
  }

  @Test
  void badFieldsGiveOneLineNamingTheField() {
    assertThatThrownBy(
            () -> S3DatastoreConfig.pathStyle(LOCAL, "Bad_Bucket", "store1", null, CREDS))
        .hasMessageContaining("Bad_Bucket");
    assertThatThrownBy(() -> S3DatastoreConfig.pathStyle(LOCAL, "xn--abc", "store1", null, CREDS))
        .hasMessageContaining("xn--");
    assertThatThrownBy(() -> S3DatastoreConfig.pathStyle(LOCAL, "abc--x-s3", "store1", null, CREDS))
        .hasMessageContaining("--x-s3");
    assertThatThrownBy(() -> S3DatastoreConfig.pathStyle(LOCAL, "ab", "store1", null, CREDS))
        .hasMessageContaining("3..63");
    assertThatThrownBy(() -> S3DatastoreConfig.pathStyle(LOCAL, "bucket", "a/b", null, CREDS))
        .hasMessageContaining("a/b");
    assertThatThrownBy(
            () -> S3DatastoreConfig.pathStyle(LOCAL, "bucket", "store", "US-East", CREDS))
        .hasMessageContaining("US-East");
    assertThatThrownBy(
            () ->
                S3DatastoreConfig.pathStyle(URI.create("ftp://h"), "bucket", "store", null, CREDS))
        .hasMessageContaining("ftp://h");
    assertThatThrownBy(
            () ->
                S3DatastoreConfig.pathStyle(
                    URI.create("http://k:s@h"), "bucket", "store", null, CREDS))
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("k:s");
  }

  @Test
  void credentialsFromEnvironment() {
    S3Credentials c =
        S3Credentials.fromEnvironment(
            Map.of("AWS_ACCESS_KEY_ID", "A1", "AWS_SECRET_ACCESS_KEY", "S1"));
    assertThat(c.accessKey()).isEqualTo("A1");
    assertThat(c.secretKey()).isEqualTo("S1");
    assertThatThrownBy(() -> S3Credentials.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "A1")))
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void credentialsFromFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s3.cred");
    Files.writeString(f, "# jpbs\naccess-key A2\nsecret-key S2 with space\n");
    S3Credentials c = S3Credentials.fromFile(f);
    assertThat(c.accessKey()).isEqualTo("A2");
    assertThat(c.secretKey()).isEqualTo("S2 with space");

    Files.writeString(f, "access-key A2\n");
    assertThatThrownBy(() -> S3Credentials.fromFile(f))
        .hasMessageContaining(f.toString())
        .hasMessageContaining("secret-key");
    Files.writeString(f, "access-key A2\nsecret-key S\npassword hunter2\n");
    assertThatThrownBy(() -> S3Credentials.fromFile(f))
        .hasMessageContaining("password")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> S3Credentials.fromFile(dir.resolve("missing")))
        .hasMessageContaining("missing");
  }
}
