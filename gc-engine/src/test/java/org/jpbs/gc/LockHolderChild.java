package org.jpbs.gc;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.gc.state.WriterLease;

/**
 * Child JVM for {@link GcPreconditionsIT}: holds the store's {@code .lock} shared (as a PBS
 * daemon's backup would), optionally after registering as a jpbs writer, until killed.
 */
public final class LockHolderChild {
  private LockHolderChild() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    boolean register = Boolean.parseBoolean(args[1]);
    WriterLease lease = null;
    GcStateStore state = null;
    if (register) {
      state = GcStateStore.open(GcStateStore.defaultDir(base), InstantSource.system());
      lease = state.registerWriter("backup", "test writer");
    }
    try (FileChannel ch =
        FileChannel.open(
            base.resolve(".lock"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.lock(0, Long.MAX_VALUE, true);
      System.out.println("LOCKED");
      System.out.flush();
      Thread.sleep(120_000);
    } finally {
      if (lease != null) {
        lease.close();
        state.close();
      }
    }
  }
}
