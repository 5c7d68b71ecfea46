/**
 * The GC mark phase's digest cache (PBS {@code gc-cache-capacity}): skip re-touching a chunk
 * whose digest was already touched in this run.
 *
 * <p>Capacity semantics follow PBS: default {@link org.jpbs.gc.cache.DigestCache#DEFAULT_CAPACITY}
 * (1,048,576), maximum 8,388,608, 0 disables the cache (every insert misses, statistics stay
 * {0, 0}, as PBS reports {@code cache-stats} for a disabled cache).
 *
 * <p>Safety: the cache may forget (a false miss = one redundant touch), it must never invent (a
 * false hit = a skipped touch = possible deletion of a referenced chunk). Both implementations
 * store and compare the full 256-bit digest. Neither is an exact global LRU: Caffeine uses
 * W-TinyLFU admission/eviction, the set-associative table evicts the LRU entry of one 16-way set.
 * That only changes hit ratios (tested against an exact LRU model in the tests), never safety.
 */
package org.jpbs.gc.cache;
