package org.jpbs.gc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpbs.testkit.DiskFill;
import org.jpbs.testkit.Mount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk during backup and GC: a store on an 8 MiB tmpfs (mounted when running as root,
 * skipped otherwise; only with {@code -Djpbs.reliability.full=true}, i.e. the reliability profile),
 * filled to the last byte. The backup fails with an {@link IOException} and leaves no snapshot, the
 * GC completes on the full disk (it frees the state's reserve to record its run), nothing
 * referenced is lost, and both succeed once space is freed.
 */
class FullDiskIT {
  @TempDir Path tmp;
  private Mount mount;
  private Path mountPoint;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    assumeThat(Boolean.getBoolean("jpbs.reliability.full"))
        .as("mounts a filesystem: only in the reliability profile (-Preliability)")
        .isTrue();
    mount = Mount.tmpfs(tmp.resolve("fs"), 8);
    mountPoint = mount.path();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      mount.close();
    }
  }

  @Test
  void backupAndGc_onFullDisk_typedErrorsNothingLostThenRecover() throws Exception {
    Path filler = mountPoint.resolve("filler");
    try (ReliabilityStore rs = new ReliabilityStore(mountPoint.resolve("store"))) {
      rs.freshGroups(1);
      var kept = rs.snapshots.get(0);
      rs.orphan("full disk orphan");
      DiskFill.fill(filler);
      // leave 256 KiB: enough for the writer registration and the first chunks, not for the backup
      try (var ch =
          java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() - 256 * 1024);
      }

      assertThatThrownBy(() -> rs.backup(1))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(rs.base.toString()) // names the file it could not write
          .satisfies(e -> System.out.println("full disk: backup failed with " + e));
      var failedGroup = TortureWorker.group(rs.datastore, 1);
      assertThat(failedGroup.exists() ? failedGroup.listSnapshots() : List.of())
          .as("a failed backup leaves no snapshot")
          .isEmpty();
      StoreAudit.Result afterBackup = StoreAudit.run(rs.base, rs.store, rs.datastore);
      assertThat(afterBackup.problems()).isEmpty();
      assertThat(afterBackup.tempFiles()).as("temp files of the failed backup removed").isZero();

      DiskFill.fill(filler);
      StoreAudit.ageChunks(rs.base);
      // the GC state's reserve (gc.reserve) gives the GC room for its lock and run records
      String gc = rs.gc();
      System.out.println("full disk: GC " + gc);
      assertThat(StoreAudit.run(rs.base, rs.store, rs.datastore).problems())
          .as("after GC on a full disk: %s", gc)
          .isEmpty();
      TortureWorker.checkRestore(rs.store, kept);

      Files.delete(filler);
      TortureWorker.checkRestore(rs.store, rs.backup(1));
      rs.gc();
      assertThat(StoreAudit.run(rs.base, rs.store, rs.datastore).problems()).isEmpty();
    }
  }
}
