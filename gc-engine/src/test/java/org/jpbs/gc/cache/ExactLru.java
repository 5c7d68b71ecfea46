package org.jpbs.gc.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reference model: PBS's LRU digest cache, exactly (access-ordered LinkedHashMap). */
final class ExactLru {
  private final int capacity;
  private final LinkedHashMap<Long, Boolean> map;
  long hits;
  long misses;

  ExactLru(int capacity) {
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > ExactLru.this.capacity;
          }
        };
  }

  /** Inserts a digest identified by word 0; returns whether it was present. */
  boolean insert(long w0) {
    if (map.get(w0) != null) {
      hits++;
      return true;
    }
    map.put(w0, Boolean.TRUE);
    misses++;
    return false;
  }
}
