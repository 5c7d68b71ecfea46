/**
 * The GC mark phase's digest cache (PBS {@code gc-cache-capacity}): skip re-touching a chunk whose
 * digest was already touched in this run.
 *
 * <p>Capacity semantics follow PBS: default {@link org.jpbs.gc.cache.DigestCache#DEFAULT_CAPACITY}
 * (1,048,576), maximum 8,388,608, 0 disables the cache (every insert misses, statistics stay {0,
 * 0}, as PBS reports {@code cache-stats} for a disabled cache).
 *
 * <p>Safety: the cache may forget (a false miss = one redundant touch), it must never invent (a
 * false hit = a skipped touch = possible deletion of a referenced chunk). Both implementations
 * store and compare the full 256-bit digest. Neither is an exact global LRU: Caffeine uses
 * W-TinyLFU admission/eviction, the set-associative table evicts the LRU entry of one 16-way set.
 * That only changes hit ratios (tested against an exact LRU model in the tests), never safety.
 *
 * <p>Default implementation: the set-associative table (see {@code DigestCacheBenchmark} and {@code
 * LruComparisonTest}). On traces of consecutive snapshots with 67% reuse whose indexes hold a
 * sizable fraction of the capacity (10,000-entry indexes, capacity 65,536, i.e. large VM disks
 * against the default capacity), Caffeine's small admission window lets reused digests be rejected
 * in favour of equally frequent residents: it got about 85% of LRU's hits; the table matched LRU
 * exactly, and stayed within 0.5% of the trace length on Zipf traces. (At capacity 1,048,576 with
 * 10,000-entry indexes both equal LRU.) Caffeine remains selectable ({@code Kind.CAFFEINE}).
 */
package org.jpbs.gc.cache;
