package org.jpbs.datastore.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpidTest {
  @Test
  void format_pbsLayout_startTimeReadBack() {
    String upid = Upid.format("pbs1", 0x1234, 0xabcdef, 7, 0x6567ABCDL, "verify", "store/ns a", "root@pam");
    assertThat(upid).isEqualTo("UPID:pbs1:00001234:00ABCDEF:00000007:6567ABCD:verify:store-ns\\x20a:root@pam:");
    assertThat(Upid.startTime(upid)).hasValue(0x6567ABCDL);
  }

  @Test
  void startTime_pbsWrittenUpid_parsed() {
    String pbs = "UPID:pbs:000004D2:0003E3A1:00000012:65A0F3C1:verificationjob:store1\\x3av\\x2dd1:root@pam:";
    assertThat(Upid.startTime(pbs)).hasValue(0x65A0F3C1L);
  }

  @Test
  void startTime_garbage_empty() {
    assertThat(Upid.startTime("not a upid")).isEmpty();
    assertThat(Upid.startTime("UPID:a:b:c:d:zz:f:g:h:")).isEmpty();
    assertThat(Upid.startTime(null)).isEmpty();
  }
}
