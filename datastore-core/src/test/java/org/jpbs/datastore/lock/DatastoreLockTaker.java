package org.jpbs.datastore.lock;

import java.nio.file.Path;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.testkit.LockHolderMain;

/**
 * How the testkit's lock-holder child takes a datastore lock for {@link CrossProcessLockIT},
 * through the production code: in the datastore at {@code args[0]} either the group lock of {@code
 * vm/<args[2]>} ({@code args[1] = group}) or a shared snapshot lock on {@code
 * vm/<args[2]>/<args[3]>} ({@code args[1] = snapshot-shared}); the child prints {@code LOCKED <lock
 * file>}.
 */
public final class DatastoreLockTaker implements LockHolderMain.Taker {
  @Override
  public LockHolderMain.Held take(String[] args) throws Exception {
    Datastore store = Datastore.open(Path.of(args[0]));
    LockGuard guard;
    if (args[1].equals("group")) {
      guard = store.group(BackupNamespace.root(), BackupType.VM, args[2]).lock();
    } else if (args[1].equals("snapshot-shared")) {
      guard = store.snapshot(BackupNamespace.root(), BackupType.VM, args[2], args[3]).lockShared();
    } else {
      throw new IllegalArgumentException("unknown lock kind " + args[1]);
    }
    return new LockHolderMain.Held(true, guard.lockFile().toString(), guard);
  }
}
