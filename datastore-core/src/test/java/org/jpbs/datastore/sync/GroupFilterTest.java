package org.jpbs.datastore.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jpbs.datastore.BackupType;
import org.junit.jupiter.api.Test;

class GroupFilterTest {
  private static boolean accepts(String id, BackupType type, String... filters) {
    return GroupFilter.accepts(
        java.util.Arrays.stream(filters).map(GroupFilter::parse).toList(), type, id);
  }

  @Test
  void pbsFormsAndApplyFilters() {
    assertThat(accepts("100", BackupType.VM)).isTrue();
    assertThat(accepts("100", BackupType.VM, "type:vm")).isTrue();
    assertThat(accepts("100", BackupType.CT, "type:vm")).isFalse();
    assertThat(accepts("100", BackupType.VM, "group:vm/100")).isTrue();
    assertThat(accepts("1000", BackupType.VM, "group:vm/100")).isFalse();
    assertThat(accepts("1000", BackupType.VM, "regex:^vm/10")).isTrue(); // searched, not matched
    assertThat(accepts("web", BackupType.HOST, "regex:eb$")).isTrue();
    // includes are ORed, excludes win
    assertThat(accepts("7", BackupType.CT, "type:vm", "type:ct")).isTrue();
    assertThat(accepts("7", BackupType.CT, "type:ct", "exclude:group:ct/7")).isFalse();
    // only excludes: everything else is included
    assertThat(accepts("8", BackupType.CT, "exclude:group:ct/7")).isTrue();
    assertThat(GroupFilter.parse("exclude:regex:a.b").toString()).isEqualTo("exclude:regex:a.b");
  }

  @Test
  void invalidFiltersAreRefusedNamingTheFilter() {
    for (String f : List.of("owner:x", "type:qemu", "group:vm", "group:vm/", "regex:(", "vm/100")) {
      assertThatThrownBy(() -> GroupFilter.parse(f))
          .as(f)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
