package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupNamespaceTest {
  @Test
  void parse_nested_hasComponentsPathAndDepth() {
    BackupNamespace ns = BackupNamespace.parse("a/b.c/_d-1");
    assertThat(ns.components()).containsExactly("a", "b.c", "_d-1");
    assertThat(ns.depth()).isEqualTo(3);
    assertThat(ns.path()).isEqualTo("ns/a/ns/b.c/ns/_d-1");
    assertThat(ns.toString()).isEqualTo("a/b.c/_d-1");
    assertThat(BackupNamespace.fromPath(ns.path())).isEqualTo(ns);
    assertThat(ns.parent()).contains(BackupNamespace.of("a", "b.c"));
  }

  @Test
  void root_emptyString_isRootWithEmptyPath() {
    assertThat(BackupNamespace.parse("")).isSameAs(BackupNamespace.root());
    assertThat(BackupNamespace.root().isRoot()).isTrue();
    assertThat(BackupNamespace.root().path()).isEmpty();
    assertThat(BackupNamespace.root().parent()).isEmpty();
    assertThat(BackupNamespace.root().contains(BackupNamespace.of("x"))).isTrue();
    assertThat(BackupNamespace.of("x").contains(BackupNamespace.root())).isFalse();
  }

  @Test
  void child_depthSeven_accepted_depthEight_rejected() {
    BackupNamespace ns = BackupNamespace.of("1", "2", "3", "4", "5", "6", "7");
    assertThat(ns.depth()).isEqualTo(BackupNamespace.MAX_DEPTH);
    assertThatThrownBy(() -> ns.child("8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deeper than 7");
    assertThatThrownBy(() -> BackupNamespace.parse("1/2/3/4/5/6/7/8"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void child_totalLength256_accepted_257_rejected() {
    String a = String.join("", Collections.nCopies(127, "a"));
    String b128 = String.join("", Collections.nCopies(128, "b"));
    assertThat(BackupNamespace.of(a, b128).toString()).hasSize(256);
    assertThatThrownBy(() -> BackupNamespace.of(a, b128 + "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 256");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", ".hidden", "a/b", "a b", "-x", "a\0b", "ä", "a:b", "a\n"})
  void child_invalidComponent_rejectedNamingIt(String bad) {
    assertThatThrownBy(() -> BackupNamespace.root().child(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid namespace component");
  }

  @Test
  void fromPath_partNotNs_rejected() {
    assertThatThrownBy(() -> BackupNamespace.fromPath("ns/a/vm/b"))
        .hasMessageContaining("not 'ns'");
    assertThatThrownBy(() -> BackupNamespace.fromPath("ns/a/ns")).hasMessageContaining("pairs");
    assertThatThrownBy(() -> BackupNamespace.fromPath("ns/../ns/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
