package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jpbs.chunkstore.LockContentionException;
import org.junit.jupiter.api.Test;

/** Any lock contention, including a kind the cli has never heard of, exits with code 3. */
class LockContentionExitCodeTest {
  /** A lock-contention subtype registered nowhere. */
  static final class SomeNewLockBusy extends LockContentionException {
    private static final long serialVersionUID = 1L;

    SomeNewLockBusy(Path file) {
      super("lock " + file + " is busy", file, null);
    }
  }

  @Test
  void unregisteredSubtype_lockContention_hintNamesTheLockFile() {
    SomeNewLockBusy e = new SomeNewLockBusy(Path.of("/run/x.lck"));

    assertThat(ExitCodes.standard().exitCode(e)).isEqualTo(ExitCodes.LOCK_CONTENTION);
    assertThat(ExitCodes.standard().hint(e)).contains("/run/x.lck").contains("retry");
    assertThat(Main.exitCodes().exitCode(e)).isEqualTo(ExitCodes.LOCK_CONTENTION);
  }
}
