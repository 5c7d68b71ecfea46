package org.jpbs.datastore;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * PBS {@code ListNamespacesRecursive}: the anchor first, then depth-first pre-order over {@code
 * <ns>/ns/*} in readdir order, at most {@code maxDepth} levels below the anchor. Each {@code ns/}
 * directory is read completely when entered (no descriptor stays open), so an abandoned iterator
 * leaks nothing.
 */
final class NamespaceIterator implements Iterator<Listed<BackupNamespace>> {
  private final Datastore store;
  private final BackupNamespace anchor;
  private final int maxDepth;
  private final Deque<Iterator<Listed<BackupNamespace>>> stack = new ArrayDeque<>();
  private boolean started;
  private Listed<BackupNamespace> next;

  NamespaceIterator(Datastore store, BackupNamespace anchor, int maxDepth) {
    this.store = store;
    this.anchor = anchor;
    this.maxDepth = maxDepth;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (!started) {
      started = true;
      if (maxDepth > 0) {
        stack.push(children(anchor));
      }
      next = Listed.of(anchor);
      return true;
    }
    while (!stack.isEmpty()) {
      Iterator<Listed<BackupNamespace>> level = stack.peek();
      if (!level.hasNext()) {
        stack.pop();
        continue;
      }
      Listed<BackupNamespace> item = level.next();
      if (!item.isError() && stack.size() < maxDepth) {
        stack.push(children(valueOf(item)));
      }
      next = item;
      return true;
    }
    return false;
  }

  @Override
  public Listed<BackupNamespace> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Listed<BackupNamespace> r = next;
    next = null;
    return r;
  }

  private static BackupNamespace valueOf(Listed<BackupNamespace> item) {
    try {
      return item.get();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the {@code ns/} directory of {@code parent} into one level of items. */
  private Iterator<Listed<BackupNamespace>> children(BackupNamespace parent) {
    Path nsDir = store.namespacePath(parent).resolve(BackupNamespace.NS_DIR);
    List<DirEntries.Entry> entries;
    try {
      entries = DirEntries.read(nsDir);
    } catch (NoSuchFileException e) {
      return List.<Listed<BackupNamespace>>of().iterator();
    } catch (IOException e) {
      return List.of(Listed.<BackupNamespace>error(e)).iterator();
    }
    List<Listed<BackupNamespace>> items = new ArrayList<>(entries.size());
    for (DirEntries.Entry e : entries) {
      if (e.kind() != DirEntries.Kind.DIRECTORY) {
        continue;
      }
      try {
        items.add(Listed.of(parent.child(e.name())));
      } catch (IllegalArgumentException bad) {
        items.add(Listed.error(new InvalidBackupNameException(e.path(), bad.getMessage())));
      }
    }
    return items.iterator();
  }
}
