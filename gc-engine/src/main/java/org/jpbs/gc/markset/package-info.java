/**
 * The mark set (issue 15): the set of chunk digests referenced by the index files the mark phase
 * reads, built without touching a chunk and consumed by the sweep one chunk directory at a time.
 * Used by the GC's set mode ({@code org.jpbs.gc.SetMarking}).
 *
 * <p>Priorities, in order: a referenced digest is never reported absent; bounded memory; then
 * speed.
 *
 * <h2>Structure</h2>
 *
 * <ul>
 *   <li>{@link org.jpbs.gc.markset.MarkSetWriter}: marking threads add 32-byte digests (as four
 *       big-endian {@code long}s, {@code ChunkDigest.word(i)}), duplicates and any order allowed.
 *       Digests go to one of 256 <em>partition groups</em> by their first byte; a group is an
 *       off-heap append buffer of {@code budget / 256} bytes (32 bytes per digest, no object per
 *       digest), {@code malloc}ed on its first digest (fresh {@code mmap} pages: resident only as
 *       written) and used under the group's own monitor. A full buffer is sorted and deduplicated
 *       in place; if that halves it, it stays, else it is appended to the single spill file as one
 *       sorted run (header with per-partition starts and CRC-32C, see {@code SpillFile}) and the
 *       buffer restarts empty. {@code finish} spills the last buffer of every group that spilled
 *       before and frees it; groups that never spilled stay in memory, sorted, with a partition
 *       table.
 *   <li>{@link org.jpbs.gc.markset.MarkSet}: the finished set; owns and deletes the spill file.
 *   <li>{@link org.jpbs.gc.markset.MarkPartition}: one per sweep thread. {@code load(prefix)} makes
 *       one chunk directory's digests current ({@code load(first, count)}: a span of them): a slice
 *       of an in-memory group, or, for a spilled group, that partition's segment of every run of
 *       the group (read with positional reads, checksum-verified, then sorted and deduplicated into
 *       the reader's buffer). {@code contains(w0..w3)} and {@code containsHexName(buffer, offset)}
 *       (a raw {@code getdents64} name) are a binary search and allocate nothing.
 * </ul>
 *
 * <p>Memory: marking holds at most the budget in group buffers (the default, {@link
 * org.jpbs.gc.markset.MarkSetWriter#DEFAULT_MEMORY_BUDGET 64 MiB}, holds 2M distinct digests
 * without spilling), plus 16 bytes per spilled run (one run per {@code budget / 256} bytes spilled:
 * about 12,000 runs for 100M digests at 64 MiB, 200 KiB). The sweep holds the in-memory groups (at
 * most the budget) plus, per thread, one partition and the run headers of one group (2 KiB per run
 * of that group: about 50 runs, 100 KiB, for 100M digests at 64 MiB). The spill file is about 32
 * bytes per distinct digest per run it appears in (duplicates within a buffer collapse). The
 * buffers are off the Java heap (a heap of {@code long[]} buffers needed about twice the budget
 * under G1, whose half-region arrays waste a region each, and left the growth copies as garbage):
 * buffers of spilled groups are freed at {@code finish}, the others when the set becomes
 * unreachable (never explicitly, so a reader can never see freed memory).
 *
 * <h2>Exact, and why a false "non-member" is impossible</h2>
 *
 * <p>The set is exact: full 32-byte digests are stored and compared, so it gives neither false
 * members nor false non-members. A false non-member is the dangerous one (the sweep would fall back
 * to the chunk's atime, and a referenced chunk with an old atime would be deleted). Case by case:
 *
 * <ol>
 *   <li><b>An added digest is in its group.</b> {@code add} routes by the first byte and appends
 *       under the group monitor; the monitor orders concurrent adds, and {@code finish} takes every
 *       group's monitor, so every add that returned before {@code finish} is in a buffer or a run;
 *       an add after it throws rather than being lost.
 *   <li><b>Compaction and spilling lose nothing.</b> Sort-and-deduplicate removes only equal
 *       records; a spilled run is fully written (positional writes looped to completion; an I/O
 *       error propagates out of {@code add}, which aborts marking) before the buffer is reused. The
 *       same digest may sit in several runs; reading merges them.
 *   <li><b>A lookup sees every run.</b> The sweep's directory {@code XXXX} is partition {@code
 *       XXXX}: the group {@code XX} and, inside every sorted run and buffer, the contiguous records
 *       whose first two bytes are {@code XXXX} (records sort as the digest bytes, unsigned). {@code
 *       load} reads that segment of every run the group recorded. {@code contains} with a digest of
 *       another directory throws instead of answering "no".
 *   <li><b>Damage is an error, not an absence.</b> Every run header and every partition segment
 *       carries a CRC-32C checked on read; a short read is checked too. Either is a {@code
 *       CorruptFileException} naming the spill file, and the partition is left unloaded. The GC
 *       must then abort before sweeping that directory.
 *   <li><b>Stale files are never read.</b> A set reads only runs it wrote itself in this process
 *       (positions held in memory); {@code open} deletes spill files left by a killed process.
 * </ol>
 *
 * <p>A lossy variant (truncated digests or a Bloom filter) could only produce false members, which
 * keep garbage; it was not needed: 32 bytes per digest already fits 4M chunks in the default budget
 * and larger sets spill.
 *
 * <h2>How the sweep uses it</h2>
 *
 * <p>Per sweep thread one {@code MarkPartition} (through {@code SetMarking}'s view of chunk-store's
 * {@code ReferencedChunks}); for each span of directories the thread locks at once (ascending, as
 * {@code SweepRun} hands them out: about 1,024 chunk files, all 64 directories of a batch at 1M
 * chunks) {@code load(first, count)} before taking the span's range lock: in-memory partitions are
 * slices of their group's buffer (no copy), spilled ones are read and merged one after another into
 * the reader's buffer. Then, for each {@code getdents64} entry classified as a chunk or {@code
 * .bad} copy, {@code contains(w0..w3)} on the name's four words (decoded in place, eight hex digits
 * per {@code long}): a member is kept without its atime mattering (its {@code statx} is made only
 * for PBS's byte counters, or skipped with {@code --member-stat skip}); a non-member is classified
 * by its atime exactly as in the atime mode. {@code isBadCopyMarked} ("referenced and missing")
 * checks the chunk file's absence at sweep time, under the lock.
 *
 * <h2>Resume (design note)</h2>
 *
 * <p>The set lives only as long as its process: a killed set-mode GC re-marks. Persisting it is
 * possible (the runs are checksummed; add a footer with the run table and the store/run identity,
 * fsync it at the end of marking) but must then prove the file belongs to this run and that every
 * index file was read. Re-marking is cheaper to trust: at 4M chunks it reads the index files again
 * (a few hundred MB of digest areas, mostly in page cache: seconds) and costs no per-chunk syscall,
 * whereas atime marking's resume saves 4M {@code utimensat} calls. A run killed in the sweep would
 * re-mark too and resume the sweep from its recorded slice with the same cutoff; the re-mark sees
 * every index file present at its time, and chunks of indexes written since are protected by their
 * atime as today. That this is exactly as safe as today's resume is for the GC-level argument in
 * {@code org.jpbs.gc}, not proven here.
 *
 * <h2>What the S3 GC (issue 17) can reuse</h2>
 *
 * <p>The whole writer/set/partition triple: an S3 sweep lists objects {@code .chunks/XXXX/} prefix
 * by prefix in ascending order, exactly the partition order, and asks membership per listed key
 * (the 64-hex tail of the key: {@code containsHexName} on its bytes). With no atime on S3, the set
 * is the mark; the grace period for concurrent writers must come from object timestamps or a writer
 * registry, which this package does not provide.
 */
package org.jpbs.gc.markset;
