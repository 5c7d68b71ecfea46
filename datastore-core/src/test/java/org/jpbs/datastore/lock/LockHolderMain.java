package org.jpbs.datastore.lock;

import java.nio.file.Path;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;

/**
 * Child-process helper for {@link CrossProcessLockIT}: takes the group lock of {@code args[1]} in
 * the datastore at {@code args[0]}, prints {@code LOCKED} and then sleeps until killed.
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Datastore store = Datastore.open(Path.of(args[0]));
        LockGuard guard = store.group(BackupNamespace.root(), BackupType.VM, args[1]).lock();
        System.out.println("LOCKED " + guard.lockFile());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
