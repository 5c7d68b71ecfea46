package org.jpbs.datastore.journal;

import java.nio.file.Path;
import java.util.List;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.lock.LockDirectory;
import org.jpbs.datastore.lock.LockMode;
import org.jpbs.testkit.LockHolderMain;

/**
 * The lock-holder child of {@link MoveJournalIT}, through the production code, in the datastore at
 * {@code args[0]}: {@code hold} takes the journal lock as a draining GC does and keeps it; {@code
 * append PATH...} journals the paths as a move in another process does and holds nothing.
 */
public final class JournalTaker implements LockHolderMain.Taker {
  @Override
  public LockHolderMain.Held take(String[] args) throws Exception {
    Datastore store = Datastore.open(Path.of(args[0]));
    MoveJournal journal = MoveJournal.of(store);
    if (args[1].equals("hold")) {
      Object guard =
          LockDirectory.at(store.lockDir())
              .acquire(journal.file(), LockMode.EXCLUSIVE, MoveJournal.DRAIN_LOCK_TIMEOUT, "test");
      return new LockHolderMain.Held(true, journal.file().toString(), guard);
    }
    List<Path> paths = List.of(args).subList(2, args.length).stream().map(Path::of).toList();
    journal.append(paths);
    return new LockHolderMain.Held(true, journal.file().toString(), null);
  }
}
