package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.jpbs.datastore.ProtectedSnapshotException;
import org.jpbs.datastore.lock.LockMode;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.gc.GcAbortedException;
import org.jpbs.gc.GcSafetyException;
import org.junit.jupiter.api.Test;

/** The library exception types registered in {@link Main#exitCodes()}. */
class ExitCodeRegistryTest {
  private final ExitCodes codes = Main.exitCodes();

  @Test
  void lockedException_lockContention_withHint() {
    LockedException e =
        new LockedException(
            "snapshot host/a/x", Path.of("/l"), LockMode.EXCLUSIVE, Duration.ZERO, null);

    assertThat(codes.exitCode(e)).isEqualTo(ExitCodes.LOCK_CONTENTION);
    assertThat(codes.hint(e)).contains("retry");
  }

  @Test
  void gcSafetyException_gcRefused_moreSpecificThanAborted() {
    assertThat(codes.exitCode(new GcSafetyException("refused"))).isEqualTo(ExitCodes.GC_REFUSED);
    assertThat(codes.exitCode(new GcAbortedException("stopped"))).isEqualTo(ExitCodes.FAILURE);
    assertThat(codes.hint(new GcAbortedException("stopped"))).contains("nothing was removed");
  }

  @Test
  void protectedSnapshot_failure_hintsUnprotect() {
    ProtectedSnapshotException e = new ProtectedSnapshotException("/s/host/a/x");

    assertThat(codes.exitCode(e)).isEqualTo(ExitCodes.FAILURE);
    assertThat(codes.hint(e)).contains("jpbs unprotect");
  }

  @Test
  void backupRejected_failure_withHint_interruptedIo_130() {
    var e =
        new org.jpbs.datastore.backup.BackupRejectedException(
            "backup time is not after the last backup");

    assertThat(codes.exitCode(e)).isEqualTo(ExitCodes.FAILURE);
    assertThat(codes.hint(e)).contains("--time");
    assertThat(codes.exitCode(new java.io.InterruptedIOException("backup cancelled")))
        .isEqualTo(ExitCodes.INTERRUPTED);
  }

  @Test
  void backupTimeRejected_failure_hintsWaitOrTime() {
    var e =
        new org.jpbs.datastore.backup.BackupTimeRejectedException(
            "backup time 2024-05-01T10:00:00Z is not after the last backup vm/100/2024-05-01T10:00:00Z");

    assertThat(codes.exitCode(e)).isEqualTo(ExitCodes.FAILURE);
    assertThat(codes.hint(e)).contains("wait a second").contains("--time");
  }

  @Test
  void readOnlyStore_ioError_oneLineWithoutHint() {
    var e = new org.jpbs.chunkstore.ReadOnlyStoreException(Path.of("/mnt/offsite"), "backup");

    assertThat(codes.exitCode(e)).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(codes.hint(e)).isNull();
    assertThat(ErrorReporter.describe(e, true))
        .isEqualTo(
            "datastore /mnt/offsite is on a read-only filesystem: backup needs write access; nothing was changed");
  }
}
