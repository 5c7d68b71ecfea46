package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LockHoldersTest {
  private static final List<String> LINES =
      List.of(
          "1: POSIX  ADVISORY  READ 1234 fd:01:5678 0 EOF",
          "2: POSIX  ADVISORY  WRITE 99 fd:01:5679 0 EOF",
          "3: OFDLCK ADVISORY  WRITE -1 fd:01:5678 17 17",
          "4: FLOCK  ADVISORY  WRITE 77 fd:01:5678 0 EOF",
          "4: -> POSIX  ADVISORY  WRITE 4321 fd:01:5678 0 EOF",
          "5: POSIX  ADVISORY  READ 1 08:01:5678 0 EOF");

  @Test
  void parse_procLocks_keepsOnlyMatchingFile() {
    List<LockHolders.Holder> h = LockHolders.parse(LINES, 0xfd, 0x01, 5678);
    assertThat(h)
        .containsExactly(
            new LockHolders.Holder(
                1234, LockHolders.Kind.POSIX, LockHolders.Mode.READ, false, 0, -1),
            new LockHolders.Holder(-1, LockHolders.Kind.OFD, LockHolders.Mode.WRITE, false, 17, 17),
            new LockHolders.Holder(
                77, LockHolders.Kind.FLOCK, LockHolders.Mode.WRITE, false, 0, -1),
            new LockHolders.Holder(
                4321, LockHolders.Kind.POSIX, LockHolders.Mode.WRITE, true, 0, -1));
  }

  @Test
  void parse_garbledLine_refusesInsteadOfUnderReporting() {
    assertThatThrownBy(
            () ->
                LockHolders.parse(
                    List.of("1: POSIX ADVISORY READ x fd:01:5678 0 EOF"), 0xfd, 1, 5678))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot parse");
  }
}
