package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockHolderIT {
  @TempDir Path dir;

  /** A custom taker, as a module's tests would write one. */
  public static final class Echo implements LockHolderMain.Taker {
    @Override
    public LockHolderMain.Held take(String[] args) {
      return new LockHolderMain.Held(true, String.join(",", args), null);
    }
  }

  @Test
  void fcntlExclusive_excludesSecondChild_untilReleased() throws Exception {
    Path f = Files.createFile(dir.resolve("lock"));
    try (LockHolder first = LockHolder.fcntl(f, false)) {
      assertThat(first.line()).isEqualTo("LOCKED");
      try (LockHolder second = LockHolder.fcntl(f, true)) {
        assertThat(second.line()).isEqualTo("BUSY");
      }
      first.release();
    }
    try (LockHolder again = LockHolder.fcntl(f, false)) {
      assertThat(again.line()).isEqualTo("LOCKED");
      assertThat(again.kill()).isTrue();
    }
  }

  @Test
  void taker_detailFollowsLocked() throws Exception {
    try (LockHolder h = LockHolder.with(Echo.class, "a", "b")) {
      assertThat(h.detail()).isEqualTo("a,b");
      assertThat(h.pid()).isPositive();
    }
  }
}
