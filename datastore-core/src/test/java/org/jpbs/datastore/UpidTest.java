package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpidTest {
  @Test
  void format_pbsLayout_startTimeReadBack() {
    String upid =
        Upid.format("pbs1", 0x1234, 0xabcdef, 7, 0x6567ABCDL, "verify", "store/ns a", "root@pam");
    assertThat(upid)
        .isEqualTo("UPID:pbs1:00001234:00ABCDEF:00000007:6567ABCD:verify:store-ns\\x20a:root@pam:");
    assertThat(Upid.startTime(upid)).hasValue(0x6567ABCDL);
  }

  @Test
  void format_workerIdEscapedAsPbs_authAndTypeVerbatim() {
    // PBS wrote "store1\x3av\x2dd1" for the worker id "store1:v-d1" (a verification job)
    String upid =
        Upid.format(
            "pbs",
            0x4D2,
            0x3E3A1,
            0x12,
            0x65A0F3C1L,
            "verificationjob",
            "store1:v-d1",
            "backup@pbs!tok");
    assertThat(upid)
        .isEqualTo(
            "UPID:pbs:000004D2:0003E3A1:00000012:65A0F3C1:verificationjob:store1\\x3av\\x2dd1:backup@pbs!tok:");
  }

  @Test
  void escapeUnit_asProxmoxRs_unpaddedHexLeadingDotAndPaths() {
    assertThat(Upid.escapeUnit("a\tb", false)).isEqualTo("a\\x9b");
    assertThat(Upid.escapeUnit(".hidden.x", false)).isEqualTo("\\x2ehidden.x");
    assertThat(Upid.escapeUnit("ns/a b", false)).isEqualTo("ns-a\\x20b");
    assertThat(Upid.escapeUnit("ä", false)).isEqualTo("\\xc3\\xa4");
    assertThat(Upid.escapeUnit("//vm/100//", true)).isEqualTo("vm-100");
    assertThat(Upid.escapeUnit("///", true)).isEqualTo("-");
  }

  @Test
  void format_separatorInNode_rejected() {
    assertThatThrownBy(() -> Upid.format("a:b", 1, 1, 1, 1, "verify", "s", "root@pam"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node");
  }

  @Test
  void nodeName_isTheKernelHostNameUpToTheFirstDot() throws Exception {
    String node = Upid.nodeName();
    assertThat(node).isNotEmpty().doesNotContain(".").doesNotContain(":");
    String kernel =
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
    assertThat(kernel).startsWith(node);
  }

  @Test
  void startTime_pbsWrittenUpid_parsed() {
    String pbs =
        "UPID:pbs:000004D2:0003E3A1:00000012:65A0F3C1:verificationjob:store1\\x3av\\x2dd1:root@pam:";
    assertThat(Upid.startTime(pbs)).hasValue(0x65A0F3C1L);
  }

  @Test
  void startTime_garbage_empty() {
    assertThat(Upid.startTime("not a upid")).isEmpty();
    assertThat(Upid.startTime("UPID:a:b:c:d:zz:f:g:h:")).isEmpty();
    assertThat(Upid.startTime(null)).isEmpty();
  }
}
