package org.jpbs.datastore.move;

import java.nio.file.Path;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.journal.MoveJournal;

/**
 * Child JVM of {@link MoveNamespaceKillIT}: moves namespace {@code a} to {@code b} in the datastore
 * at {@code args[0]} and sends itself SIGKILL right after step {@code args[1]} (1-based).
 */
public final class MoveKillChild {
  private MoveKillChild() {}

  public static void main(String[] args) throws Exception {
    Datastore store = Datastore.open(Path.of(args[0]));
    int killAt = Integer.parseInt(args[1]);
    int[] step = {0};
    moveAToB(
        store,
        what -> {
          if (++step[0] == killAt) {
            String pid = Long.toString(ProcessHandle.current().pid());
            try {
              new ProcessBuilder("kill", "-9", pid).start().waitFor();
              Thread.sleep(60_000); // SIGKILL arrives meanwhile
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    System.out.println("DONE " + step[0]);
  }

  /** The move under test: {@code a} to {@code b}, whole depth, source removed, merging. */
  static NamespaceMove.Result moveAToB(Datastore store, MoveProbe probe)
      throws java.io.IOException {
    return NamespaceMove.run(
        store,
        BackupNamespace.of("a"),
        BackupNamespace.of("b"),
        BackupNamespace.MAX_DEPTH,
        false,
        true,
        false,
        MoveJournal.of(store),
        probe);
  }
}
