/**
 * The PBS chunk store: {@code .chunks} layout, atomic insert, {@code utimensat} touch, sweep, and
 * the locks that make GC safe against concurrent writers in other threads and processes.
 *
 * <h2>Priorities</h2>
 *
 * <ol>
 *   <li>Correctness: a chunk that a writer inserted or successfully touched is never unlinked by a
 *       sweep that was deciding about it at the same time; errors name the path and the errno.
 *   <li>Byte compatibility with PBS: same paths, file modes, temp names, name filter, counters.
 *   <li>Speed: the touch and sweep loops run on raw syscalls (JNA direct mapping with {@code long}
 *       addresses, per-thread native buffers, no allocation per chunk).
 * </ol>
 *
 * <h2>On-disk layout (spec §1.1)</h2>
 *
 * <pre>
 * &lt;base&gt;/.lock                 empty; classic fcntl record locks (PBS ProcessLocker)
 * &lt;base&gt;/.jpbs-chunk-locks     empty; jpbs only: one OFD-lock byte per chunk directory
 * &lt;base&gt;/.chunks/0000 .. ffff/  0750; chunk files &lt;64 hex&gt; (0644), &lt;hex&gt;.N.bad, &lt;hex&gt;.tmp_XXXXXX
 * </pre>
 *
 * Both lock files are hidden, so PBS's walk (which skips dot-names) ignores them.
 *
 * <h2>Lock model</h2>
 *
 * <table>
 *   <caption>locks, who takes them, and what they exclude</caption>
 *   <tr><th>lock</th><th>holders</th><th>excludes</th></tr>
 *   <tr><td>{@code .lock}, classic fcntl F_RDLCK, whole file ({@link org.jpbs.chunkstore.StoreLock})</td>
 *       <td>every jpbs process that writes chunks or runs GC, one channel per process, refcounted
 *       {@link org.jpbs.chunkstore.SharedStoreGuard}s with timestamps</td>
 *       <td>a PBS daemon's GC (it needs F_WRLCK). The oldest guard of this process is the
 *       {@code oldest_writer} input of the cutoff. GC uses {@link org.jpbs.chunkstore.LockHolders}
 *       to refuse to run while a holder is not a jpbs process it knows.</td></tr>
 *   <tr><td>{@code .jpbs-chunk-locks} byte {@code p}, OFD F_RDLCK</td>
 *       <td>{@code insert} (stat/write/rename/touch) and {@code touch}, per call, any thread, any
 *       process, each thread on its own descriptor</td>
 *       <td>the sweep and {@code renameCorrupt} of directory {@code p}</td></tr>
 *   <tr><td>{@code .jpbs-chunk-locks} byte {@code p}, OFD F_WRLCK</td>
 *       <td>the sweep while it lists, stats and unlinks in directory {@code p} (one lock over
 *       the bytes of a run of contiguous directories);
 *       {@code renameCorrupt}</td>
 *       <td>all writers of directory {@code p}</td></tr>
 * </table>
 *
 * <p>Why two files: closing any descriptor of a file drops all classic fcntl locks the process
 * holds on it, and classic locks do not exclude threads of one process from each other. OFD locks
 * (Linux ≥ 3.15) belong to the open file description: they exclude descriptors, hence threads with
 * their own descriptors, and processes; closing another descriptor does not drop them. Using a
 * separate file keeps them from ever interacting with the {@code .lock} fcntl locks that PBS
 * understands. OFD and classic locks on the <em>same</em> file would conflict with each other.
 *
 * <h2>The exclusion protocol and why it is safe</h2>
 *
 * <p>Sweep, for each directory {@code p}: take byte {@code p} exclusively, then list the directory
 * and for each chunk name {@code fstatat/statx(AT_SYMLINK_NOFOLLOW)}, classify by whole-second
 * atime, and unlink if {@code atime < minAtime}; release the byte after the last entry. To save two
 * {@code fcntl} calls per directory, the sweep takes the bytes of a run of contiguous directories
 * {@code [p, p + k)} with one F_WRLCK over that byte range (granted atomically, when no byte of it
 * is held by anyone else) and releases the range after the last of them: each directory is still
 * swept only while its byte is held exclusively. {@code k} (1..64) is chosen so that a run holds
 * about 1,024 chunk files at the directory sizes seen so far. A dry run takes no lock and unlinks
 * nothing.
 *
 * <p>Writer: {@code touch(d)} = take byte {@code prefix(d)} shared, {@code utimensat(UTIME_NOW)},
 * release. {@code insert(d)} = take it shared, stat, then either touch the existing file or write
 * {@code <hex>.tmp_XXXXXX} and rename it onto the chunk path, release.
 *
 * <p>Claim: if {@code touch} returned "present" or {@code insert} returned, the chunk file exists
 * after the call and no sweep that is running, or that starts later with a {@code minAtime} at or
 * before the moment of the call, unlinks it. Proof sketch: the writer's critical section W and the
 * sweeper's critical section S for the same directory are disjoint in time (read vs. write lock on
 * the same byte, held by distinct open file descriptions).
 *
 * <ul>
 *   <li>W before S: when W ends, the file exists with {@code atime = now(W)} (kernel clock; a new
 *       file's atime is its creation time). S stats it afterwards and sees that atime, which is
 *       {@code >= minAtime} because the caller chose {@code minAtime} in the past of the sweep's
 *       start (the GC cutoff is at least 24 h before phase 1) — so S keeps it.
 *   <li>S before W: whatever S unlinked is gone before W stats it. {@code touch} then reports
 *       "absent" (the caller must upload the chunk again, as PBS pull/backup do), and {@code
 *       insert} writes a fresh file. Either way the writer never believes in a deleted file.
 * </ul>
 *
 * The stale window of PBS &lt; 4.0.19 (sweep stats an old atime, a concurrent touch succeeds, the
 * sweep unlinks) cannot happen because the stat and the unlink lie inside one S. Touches and
 * inserts of different directories, and all readers, run without contention; a writer waits at most
 * for the sweep of one run of directories (about 1,024 entries, a few ms; one directory when
 * directories are larger than that), in both GC mark modes: with a mark set, the sweep thread loads
 * the run's membership answers before it takes the run's lock.
 *
 * <p>On tmpfs an empty prefix directory (size 40: {@code .} and {@code ..} at 20 bytes each) is
 * skipped after one {@code statx} inside S instead of listed inside S: the same answer at the same
 * point of the same critical section, since no insert can add an entry while S holds the
 * directory's write lock; a directory of any other size is listed as before.
 *
 * <p>{@link org.jpbs.chunkstore.ChunkStore#touchForMark} skips the lock: the GC's own mark phase
 * ends before its sweep begins, so it cannot race with that sweep. It relies on there being only
 * one GC per store at a time (the gc-engine's job).
 *
 * <p>Cost (measured, tmpfs, one thread): a locked touch is about 5.1-5.5 µs CPU against 3.2 µs for
 * {@code touchForMark}: the two {@code fcntl} calls cost about 1.8 µs together. Each thread that
 * takes a chunk lock keeps one descriptor of {@code .jpbs-chunk-locks}; sweep threads close theirs
 * when they end, other threads' descriptors are closed when the thread is gone (a {@code Cleaner})
 * or when the store closes.
 *
 * <p>Crash safety: OFD locks vanish with the process, so a crashed sweeper or writer never leaves a
 * directory locked. Temp files of a crashed insert are invisible to the sweep (75-byte names) and
 * are left alone, as in PBS.
 *
 * <p>Every syscall goes through the one native binding {@link org.jpbs.posix.LibC} (module {@code
 * posix}); errno is read only after a -1 return and worded by {@link org.jpbs.posix.NativeError}.
 *
 * <p>Fallback: without the JNA binding (not Linux x86_64/aarch64) jpbs uses NIO touch/sweep and
 * in-process read/write lock stripes. Cross-process exclusion then does not hold; the choice is
 * made once and logged.
 *
 * <h2>Read-only mounts</h2>
 *
 * A store on a read-only mount (the read-only mount of an offsite copy, for disaster recovery) is
 * detected once, when it is opened ({@code statvfs} {@code ST_RDONLY}, which also sees read-only
 * bind mounts). It is opened without creating {@code .lock} or {@code .jpbs-chunk-locks}; loads and
 * dry-run sweeps work; {@code acquireShared} takes the read lock on {@code .lock} through a
 * read-only descriptor (none if the file does not exist, see {@link
 * org.jpbs.chunkstore.StoreLock}); {@code insert}, {@code touch}, {@code renameCorrupt} and a real
 * sweep throw {@link org.jpbs.chunkstore.ReadOnlyStoreException} before changing anything.
 *
 * <h2>Threading</h2>
 *
 * {@link org.jpbs.chunkstore.ChunkStore} is thread-safe. Sweeps run on the requested number of
 * named platform threads, each owning contiguous batches of directories.
 */
package org.jpbs.chunkstore;
