package org.jpbs.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.jpbs.datastore.backend.MetadataBackend;
import org.junit.jupiter.api.Test;

/** Path-to-key mapping of the metadata backend and the refresh's key-to-path mapping, offline. */
class S3MetadataKeysTest {
  private static S3StoreClient client() {
    return S3StoreClient.open(
        S3DatastoreConfig.pathStyle(
            URI.create("http://127.0.0.1:9"),
            "bucket1",
            "store1",
            "us-east-1",
            new S3Credentials("a", "b")));
  }

  @Test
  void relativePathsMapUnderCnt() {
    try (S3StoreClient c = client()) {
      S3MetadataBackend m = new S3MetadataBackend(c);
      assertEquals("store1/.cnt/vm/1/owner", m.key("vm/1/owner"));
      assertEquals(
          "store1/.cnt/ns/a/ns/b/ct/7/2026-01-01T00:00:00Z/index.json.blob",
          m.key("ns/a/ns/b/ct/7/2026-01-01T00:00:00Z/index.json.blob"));
      assertEquals("store1/.cnt/ns/a/.namespace", m.key("ns/a/.namespace"));
      assertThrows(IllegalArgumentException.class, () -> m.key("vm/../owner"));
      assertThrows(IllegalArgumentException.class, () -> m.key("vm//owner"));
    }
  }

  @Test
  void treeDeletesNeedADirectoryPrefix() {
    try (S3StoreClient c = client()) {
      S3MetadataBackend m = new S3MetadataBackend(c);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> m.deleteTree("vm/1"));
      assertEquals(
          "prefix 'vm/1' must end with '/' (it would match sibling names too)", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> MetadataBackend.LOCAL.deleteTree("vm/1"));
      assertThrows(IllegalArgumentException.class, () -> m.deleteTree("vm/../"));
    }
  }

  @Test
  void refreshRefusesHostileKeysAndSkipsForeignOnes() throws IOException {
    Path tmp = Path.of("/tmp/x");
    assertEquals(tmp.resolve("vm/1/owner"), S3Refresh.localPath(tmp, "vm/1/owner", "k"));
    assertNull(S3Refresh.localPath(tmp, "other/file", "k"));
    assertNull(S3Refresh.localPath(tmp, "vm", "k"));
    IOException e =
        assertThrows(IOException.class, () -> S3Refresh.localPath(tmp, "vm/../../etc", "s/k"));
    assertEquals(
        "s3-refresh: refusing object key 's/k' (empty, '.' or '..' component)", e.getMessage());
    assertThrows(IOException.class, () -> S3Refresh.localPath(tmp, "vm//x", "k"));
  }
}
