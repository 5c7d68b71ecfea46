package org.jpbs.gc.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcFsTest {

  @Test
  void parse_commWithSpacesAndParens_readsStateAndStartTicks() {
    String stat =
        "1234 (java (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 30 0 987654 1000 200";
    ProcFs.StatFields f = ProcFs.StatFields.parse(stat);
    assertThat(f).isNotNull();
    assertThat(f.state).isEqualTo('S');
    assertThat(f.startTicks).isEqualTo(987654L);
  }

  @Test
  void parse_truncatedLine_returnsNull() {
    assertThat(ProcFs.StatFields.parse("1234 (java) S 1 2 3")).isNull();
    assertThat(ProcFs.StatFields.parse("no parens")).isNull();
  }

  @Test
  void self_matchesProcSelfStat() throws Exception {
    ProcFs proc = new ProcFs();
    ProcessIdentity self = proc.self();
    assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(self.startTicks()).isEqualTo(ProcFs.readStartTicks(self.pid())).isPositive();
    assertThat(self.bootId()).matches("[0-9a-f-]{36}");
    assertThat(proc.isAlive(self)).isTrue();
  }

  @Test
  void isAlive_parentProcessSameStartTicks_true() throws Exception {
    ProcFs proc = new ProcFs();
    long ppid = ProcessHandle.current().parent().orElseThrow().pid();
    ProcessIdentity parent =
        new ProcessIdentity(
            ppid, ProcFs.readStartTicks(ppid), proc.self().bootId(), proc.self().pidNamespace());
    assertThat(proc.isAlive(parent)).isTrue();
  }

  @Test
  void isAlive_reusedPidDifferentStartTicks_false() throws Exception {
    ProcFs proc = new ProcFs();
    ProcessIdentity s = proc.self();
    assertThat(
            proc.isAlive(
                new ProcessIdentity(s.pid(), s.startTicks() + 1, s.bootId(), s.pidNamespace())))
        .isFalse();
  }

  @Test
  void isAlive_pidBeyondPidMax_false() throws Exception {
    ProcFs proc = new ProcFs();
    ProcessIdentity s = proc.self();
    long pidMax = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).trim());
    assertThat(proc.isAlive(new ProcessIdentity(pidMax + 1, 1, s.bootId(), s.pidNamespace())))
        .isFalse();
  }

  @Test
  void isAlive_otherBoot_false() throws Exception {
    ProcFs proc = new ProcFs();
    ProcessIdentity s = proc.self();
    assertThat(
            proc.isAlive(
                new ProcessIdentity(
                    s.pid(),
                    s.startTicks(),
                    "00000000-0000-0000-0000-000000000000",
                    s.pidNamespace())))
        .isFalse();
  }

  @Test
  void isAlive_otherPidNamespace_conservativelyTrue() throws Exception {
    ProcFs proc = new ProcFs();
    ProcessIdentity s = proc.self();
    assertThat(proc.isAlive(new ProcessIdentity(999_999_999L, 1, s.bootId(), s.pidNamespace() + 1)))
        .isTrue();
  }
}
