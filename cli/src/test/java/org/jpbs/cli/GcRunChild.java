package org.jpbs.cli;

import java.nio.file.Path;
import java.time.InstantSource;
import org.jpbs.gc.state.GcRunOptions;
import org.jpbs.gc.state.GcStateStore;

/**
 * Child process for {@link GcOperatorIT}: records a running GC run in the state of {@code args[0]}
 * (as a GC does at phase 1), prints {@code BEGUN} and waits to be killed, leaving a run whose
 * process is dead.
 */
public final class GcRunChild {
  private GcRunChild() {}

  public static void main(String[] args) throws Exception {
    GcStateStore state = GcStateStore.open(Path.of(args[0]), InstantSource.system());
    long now = InstantSource.system().instant().getEpochSecond();
    state.beginRun(now, now - 86_700, 86_700, new GcRunOptions(1, 1024, false));
    System.out.println("BEGUN");
    System.out.flush();
    Thread.sleep(600_000);
  }
}
