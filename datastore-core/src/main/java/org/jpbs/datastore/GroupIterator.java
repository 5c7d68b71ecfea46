package org.jpbs.datastore;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * PBS {@code ListGroups}: type directories of a namespace in readdir order and, inside each,
 * directories matching BACKUP_ID_RE in readdir order. Non-directories and other names are skipped;
 * a type directory that cannot be read is an error item.
 */
final class GroupIterator implements Iterator<Listed<BackupGroup>> {
  private final Datastore store;
  private final BackupNamespace ns;
  private final Iterator<DirEntries.Entry> types;
  private BackupType currentType;
  private Iterator<DirEntries.Entry> ids = Collections.emptyIterator();
  private Listed<BackupGroup> next;

  GroupIterator(Datastore store, BackupNamespace ns) throws IOException {
    this.store = store;
    this.ns = ns;
    this.types = DirEntries.read(store.namespacePath(ns)).iterator();
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (ids.hasNext()) {
        DirEntries.Entry e = ids.next();
        if (e.kind() == DirEntries.Kind.DIRECTORY
            && BackupNames.BACKUP_ID.matcher(e.name()).matches()) {
          next = Listed.of(store.group(ns, currentType, e.name()));
        }
        continue;
      }
      if (!types.hasNext()) {
        return false;
      }
      DirEntries.Entry t = types.next();
      Optional<BackupType> type = BackupType.fromDirName(t.name());
      if (t.kind() != DirEntries.Kind.DIRECTORY || type.isEmpty()) {
        continue;
      }
      currentType = type.get();
      try {
        List<DirEntries.Entry> entries = DirEntries.read(t.path());
        ids = entries.iterator();
      } catch (IOException e) {
        next = Listed.error(e);
      }
    }
    return true;
  }

  @Override
  public Listed<BackupGroup> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Listed<BackupGroup> r = next;
    next = null;
    return r;
  }
}
