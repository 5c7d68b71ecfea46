package org.jpbs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file in the cache: round trip, no secret, one-line errors naming the file. */
class S3DatastoreSettingsTest {
  @TempDir Path base;

  private static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "very-secret");

  @Test
  void roundTripWithoutTheSecret() throws IOException {
    S3DatastoreConfig c =
        new S3DatastoreConfig(
                URI.create("https://s3.example.net:8443"),
                "bucket-1",
                "store1",
                "eu-central-1",
                true,
                false,
                false,
                S3Credentials.fromEnvironment(ENV))
            .withQuirks(true, true);
    S3DatastoreSettings.write(base, c, null);
    String text = Files.readString(base.resolve(S3DatastoreSettings.FILE));
    assertThat(text).doesNotContain("very-secret").doesNotContain("AKID");
    assertThat(S3DatastoreSettings.isS3(base)).isTrue();
    S3DatastoreConfig back = S3DatastoreSettings.read(base, ENV);
    assertThat(back.toString()).isEqualTo(c.toString());
    assertThat(back.credentials().secretKey()).isEqualTo("very-secret");
  }

  @Test
  void credentialsFileIsRecordedAndUsed() throws IOException {
    Path creds = base.resolve("creds");
    Files.writeString(creds, "access-key A\nsecret-key S\n");
    S3DatastoreConfig c =
        S3DatastoreConfig.pathStyle(
            URI.create("http://127.0.0.1:7480"),
            "b-1",
            "s-1",
            "us-east-1",
            S3Credentials.fromFile(creds));
    S3DatastoreSettings.write(base, c, creds);
    assertThat(S3DatastoreSettings.read(base, Map.of()).credentials().secretKey()).isEqualTo("S");
  }

  @Test
  void incompleteOrUnknownIsOneLineNamingTheFile() throws IOException {
    Path file = base.resolve(S3DatastoreSettings.FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "endpoint http://h:1\nstore s-1\n");
    assertThatThrownBy(() -> S3DatastoreSettings.read(base, ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": 'bucket' is missing");
    Files.writeString(file, "endpoint http://h:1\nbucket b-1\nstore s-1\nprovider-quirks nope\n");
    assertThatThrownBy(() -> S3DatastoreSettings.read(base, ENV))
        .hasMessage(file + ": unknown provider quirk 'nope'");
    Files.writeString(file, "endpoint http://h:1\nbucket B_1\nstore s-1\n");
    assertThatThrownBy(() -> S3DatastoreSettings.read(base, ENV))
        .hasMessageStartingWith(file + ": S3 bucket name 'B_1'");
  }
}
