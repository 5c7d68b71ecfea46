package org.jpbs.datastore.lock;

import java.nio.file.Path;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;

/**
 * Child-process helper for {@link CrossProcessLockIT}: in the datastore at {@code args[0]} takes
 * either the group lock of {@code vm/<args[2]>} ({@code args[1] = group}) or a shared snapshot lock
 * on {@code vm/<args[2]>/<args[3]>} ({@code args[1] = snapshot-shared}), prints {@code LOCKED <lock
 * file>} and sleeps until killed.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Datastore store = Datastore.open(Path.of(args[0]));
    LockGuard guard;
    if (args[1].equals("group")) {
      guard = store.group(BackupNamespace.root(), BackupType.VM, args[2]).lock();
    } else if (args[1].equals("snapshot-shared")) {
      guard = store.snapshot(BackupNamespace.root(), BackupType.VM, args[2], args[3]).lockShared();
    } else {
      throw new IllegalArgumentException("unknown lock kind " + args[1]);
    }
    System.out.println("LOCKED " + guard.lockFile());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
