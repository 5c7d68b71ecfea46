package org.jpbs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3ObjectKeysTest {
  private static final String HEX =
      "bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8";
  private final S3ObjectKeys keys = new S3ObjectKeys("store1");

  @Test
  void chunkKeysFollowPbsLayout() {
    assertThat(keys.chunk(HEX)).isEqualTo("store1/.chunks/bb9f/" + HEX);
    assertThat(keys.badChunk(HEX, 3)).isEqualTo("store1/.chunks/bb9f/" + HEX + ".3.bad");
    assertThat(keys.chunksPrefix()).isEqualTo("store1/.chunks/");
    assertThat(keys.inUseMarker()).isEqualTo("store1/.in-use");
    assertThat(keys.contentPrefix()).isEqualTo("store1/.cnt/");
    assertThat(keys.storePrefix()).isEqualTo("store1/");
  }

  @Test
  void metadataKeysMirrorTheDirectoryTree() {
    assertThat(keys.namespaceMarker("a/b")).isEqualTo("store1/.cnt/ns/a/ns/b/.namespace");
    assertThat(keys.groupOwner("", "vm", "100")).isEqualTo("store1/.cnt/vm/100/owner");
    assertThat(keys.groupNotes("a", "ct", "7")).isEqualTo("store1/.cnt/ns/a/ct/7/notes");
    assertThat(keys.snapshotFile("a", "host", "h1", "2026-12-03T04:05:06Z", "root.pxar.didx"))
        .isEqualTo("store1/.cnt/ns/a/host/h1/2026-12-03T04:05:06Z/root.pxar.didx");
    assertThat(keys.snapshotFile("", "vm", "1", "2026-12-03T04:05:06Z", ".protected"))
        .isEqualTo("store1/.cnt/vm/1/2026-12-03T04:05:06Z/.protected");
    assertThat(keys.content("", "x")).isEqualTo("store1/.cnt/x");
  }

  @Test
  void everyListingPrefixEndsAtASlash() {
    String vm1 = keys.groupPrefix("", "vm", "1");
    assertThat(vm1).isEqualTo("store1/.cnt/vm/1/");
    assertThat(keys.groupOwner("", "vm", "10")).doesNotStartWith(vm1);
    assertThat(keys.groupOwner("", "vm", "1")).startsWith(vm1);
    String nsA = keys.namespacePrefix("a");
    assertThat(nsA).isEqualTo("store1/.cnt/ns/a/");
    assertThat(keys.namespaceMarker("ab")).doesNotStartWith(nsA);
    assertThat(keys.namespacePrefix("")).isEqualTo("store1/.cnt/");
    assertThat(keys.snapshotPrefix("", "vm", "1", "2026-12-03T04:05:06Z"))
        .isEqualTo("store1/.cnt/vm/1/2026-12-03T04:05:06Z/");
  }

  @Test
  void hostileComponentsAreRejectedNamingThem() {
    assertThatThrownBy(() -> keys.groupOwner("", "vm", "../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../x");
    assertThatThrownBy(() -> keys.groupOwner("", "vm", "..")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> keys.groupOwner("", "qemu", "1")).hasMessageContaining("qemu");
    assertThatThrownBy(() -> keys.content("a/../b", "f")).hasMessageContaining("a/../b");
    assertThatThrownBy(() -> keys.content("a", "f/g")).hasMessageContaining("f/g");
    assertThatThrownBy(() -> keys.content("a", "f\ng")).hasMessageNotContaining("\n");
    assertThatThrownBy(() -> keys.namespaceMarker("a//b")).hasMessageContaining("''");
    assertThatThrownBy(() -> keys.chunk(HEX.toUpperCase())).hasMessageContaining("hex");
    assertThatThrownBy(() -> keys.badChunk(HEX, 10)).hasMessageContaining("0..9");
    assertThatThrownBy(() -> keys.snapshotPrefix("", "vm", "1", "2026-12-03"))
        .hasMessageContaining("2026-12-03");
    assertThatThrownBy(() -> new S3ObjectKeys("a/b")).hasMessageContaining("a/b");
  }

  @Test
  void relativeKeysAreLimitedTo1024Bytes() {
    String name = "x".repeat(1024 - ".cnt/".length());
    assertThat(keys.content("", name)).hasSize("store1/".length() + 1024);
    assertThatThrownBy(() -> keys.content("", name + "y"))
        .hasMessageContaining("too long")
        .hasMessageContaining(".cnt/xxx");
  }

  @Test
  void listedChunkKeysParseBackToDigests() {
    assertThat(keys.parseChunkKey(keys.chunk(HEX))).contains(new S3ObjectKeys.ChunkObject(HEX, -1));
    assertThat(keys.parseChunkKey(keys.badChunk(HEX, 2)))
        .hasValueSatisfying(c -> assertThat(c.bad()).isTrue())
        .contains(new S3ObjectKeys.ChunkObject(HEX, 2));
    assertThat(keys.parseChunkKey("store1/.chunks/0000/" + HEX)).isEmpty();
    assertThat(keys.parseChunkKey("store1/.chunks/bb9f/" + HEX + ".using")).isEmpty();
    assertThat(keys.parseChunkKey("store1/.chunks/bb9f/x/" + HEX)).isEmpty();
    assertThat(keys.parseChunkKey("other/.chunks/bb9f/" + HEX)).isEmpty();
    assertThat(keys.parseChunkKey("store1/.cnt/vm/1/owner")).isEmpty();
  }
}
