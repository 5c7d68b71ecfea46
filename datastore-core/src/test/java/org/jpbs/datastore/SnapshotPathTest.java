package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotPathTest {
  @Test
  void parse_rootSnapshot_hasRootNamespace() {
    SnapshotPath p = SnapshotPath.parse("vm/100/2022-05-02T08:11:33Z");
    assertThat(p.namespace().isRoot()).isTrue();
    assertThat(p.type()).isEqualTo(BackupType.VM);
    assertThat(p.id()).isEqualTo("100");
    assertThat(p.time()).isEqualTo("2022-05-02T08:11:33Z");
    assertThat(p.relativePath()).isEqualTo("vm/100/2022-05-02T08:11:33Z");
  }

  @Test
  void parse_namespacedSnapshot_splitsAtThirdSlashFromRight() {
    SnapshotPath p = SnapshotPath.parse("ns/a/ns/b/host/elsa/2019-11-15T09:39:15Z");
    assertThat(p.namespace()).isEqualTo(BackupNamespace.of("a", "b"));
    assertThat(p.type()).isEqualTo(BackupType.HOST);
    assertThat(p.relativePath()).isEqualTo("ns/a/ns/b/host/elsa/2019-11-15T09:39:15Z");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vm/100",
        "xx/100/2022-05-02T08:11:33Z",
        "vm/../2022-05-02T08:11:33Z",
        "vm/100/2022-05-02T08:11:33",
        "a/vm/100/2022-05-02T08:11:33Z",
        "/vm/100/2022-05-02T08:11:33Z",
        "ns/../vm/100/2022-05-02T08:11:33Z",
        "vm/100/2022-02-30T00:00:00Z",
        "vm/1 0/2022-05-02T08:11:33Z"
      })
  void parse_invalid_rejected(String bad) {
    assertThatThrownBy(() -> SnapshotPath.parse(bad)).isInstanceOf(IllegalArgumentException.class);
  }
}
