/**
 * The move journal (PBS 4.1.9 {@code move_journal.rs}, spec pbs-s3 §7.1–7.2): how a snapshot
 * renamed from one namespace into another while a GC marks is still marked.
 *
 * <h2>The race</h2>
 *
 * <p>Phase 1 walks the namespaces one after the other. A snapshot moved from a namespace the walk
 * has not reached yet into one it has already passed is in neither place when the walk gets there;
 * its old path, collected by the initial index walk, has vanished by the leftover pass; without the
 * journal its chunks are swept if nothing else references them.
 *
 * <h2>Where the journal lives, and why</h2>
 *
 * <p>{@code <lock tree>/move-journal}, i.e. {@code <datastore>/.jpbs/locks/move-journal} by default
 * and {@code /run/proxmox-backup/locks/<store>/move-journal} — PBS's own path — when the lock tree
 * is pointed there to share locks with PBS. Not in the GC state directory: {@code --state-dir} is a
 * choice of the GC invocation only (a move does not know it, and different GCs may use different
 * ones), while the lock tree is already what every process working on the store must agree on —
 * group and snapshot locks only exclude anything if it is shared. So every jpbs process that can
 * move, back up, prune or collect garbage on the store reaches the same journal file, and with the
 * PBS lock tree a PBS GC drains jpbs's moves and vice versa (same path, same format, same {@code
 * flock} on the file itself). The name clash PBS has is inherited: a namespace named {@code
 * move-journal} owns that path for its lock files; then every append fails (the move is refused,
 * nothing renamed) and the drain, finding a directory, has nothing to drain.
 *
 * <h2>Protocol</h2>
 *
 * <ul>
 *   <li>Format: UTF-8, one absolute path per line, each ending in {@code \n}. A mover journals, for
 *       every {@code .fidx}/{@code .didx} of the snapshot, the destination path and the source path
 *       (PBS: the destination only; the source lines are harmless to a PBS drain, which skips a
 *       vanished path and marks an existing one).
 *   <li>Append ({@link org.jpbs.datastore.journal.MoveJournal#append}): paths checked first; one
 *       {@code write} under the exclusive flock (10 s wait), <b>before</b> the rename.
 *   <li>Drain (the GC, after its hierarchy pass and its leftover pass, before phase 2): exclusive
 *       flock (10 s wait) held while it reads every entry, opens and marks every index named by an
 *       entry or lying in the directory of an entry (so both the destination and the source
 *       snapshot of each move), and truncates. Any failure (lock timeout, invalid line, corrupt
 *       index, touch error) fails the GC before any sweep and truncates nothing. A dry run takes
 *       the lock shared and never truncates.
 * </ul>
 *
 * <h2>Safety argument (no chunk of a moved snapshot is swept)</h2>
 *
 * <p>Let {@code I} be the end of the GC's hierarchy pass, {@code D0} the moment the drain takes the
 * lock and {@code D1} the moment it releases it ({@code I < D0 < D1}). Consider one snapshot moved
 * by a rename {@code R} from {@code src} to {@code dst}, journaled by an append {@code A < R}
 * (program order in the mover; appends and the drain exclude each other through the flock). Either
 * way its index files exist at all times in exactly one of the two places (a rename is atomic).
 *
 * <ol>
 *   <li><b>{@code R > D1}</b> (or the rename never happens): the snapshot sat in {@code src} during
 *       the whole hierarchy pass, so the walk saw it there like any other snapshot (the ordinary
 *       cases of {@code org.jpbs.gc}'s argument), and marked it.
 *   <li><b>{@code R < D1} and {@code A < D0}</b>: the drain read the entry. If {@code R} preceded
 *       the drain's opening of the index, the drain finds it at {@code dst} and marks it. If not,
 *       {@code R} came after that opening, which is after {@code I}: case 1's reasoning applies —
 *       it was in {@code src} throughout the pass — and additionally the drain scans {@code src}'s
 *       directory, so it is marked there too.
 *   <li><b>{@code R < D1} and {@code A > D0}</b>: impossible for {@code A} inside {@code [D0, D1]}
 *       (the lock), and {@code A > D1} implies {@code R > A > D1}, case 1.
 *   <li><b>Moved twice during one run</b> ({@code src → mid → dst}, appends {@code A1 < R1 < A2 <
 *       R2}): an append after {@code D0} is after {@code D1} (the lock), so its rename is after
 *       {@code D1} and the snapshot was still at the earlier place while the drain ran; the entry
 *       of that earlier place was read (if its append preceded {@code D0}) or the snapshot never
 *       left {@code src} before {@code D1} (case 1). Holding the lock while opening, not only while
 *       reading, is what makes this case safe.
 *   <li><b>Crash between append and rename</b>: a ghost entry; the drain finds nothing at {@code
 *       dst} (skipped as vanished) and marks {@code src}'s indexes, which are referenced anyway —
 *       harmless. A rerun of the move appends again before renaming.
 *   <li><b>A drain that fails</b> truncates nothing: the GC aborts before any sweep, and the next
 *       GC drains the same entries.
 *   <li><b>Two drains</b>: only one real GC runs per store (the GC lock in the state directory; a
 *       second GC with another state directory refuses to start because the first holds {@code
 *       .lock} without being registered in its state); dry runs never truncate. So no drain empties
 *       entries another running GC still needs.
 *   <li><b>A killed GC resumed in the same boot</b>: a journal drained by the killed run was marked
 *       by it (atime marks persist, and the resumed run uses the killed run's cutoff); if it died
 *       before truncating, the resumed run drains the entries again. With marks that do not persist
 *       (a mark set) the resumed run walks everything again, and every rename before its walk is in
 *       its final place for that walk.
 *   <li><b>No journal file when the drain looks</b>: the drain returns without creating it. Every
 *       append creates the file before it writes, so no append happened before that look: every
 *       append, and hence every journaled rename, comes after the hierarchy pass — case 1.
 *   <li><b>Appending while no GC runs</b>: entries wait for the next GC, which marks them once more
 *       than needed and truncates.
 * </ol>
 *
 * <p>Tested: case 2 (and, with the journal disabled, the loss it prevents), 5 and 6
 * deterministically through the phase-1 test seam ({@code MoveJournalRaceIT}, both marking modes);
 * case 5 and reruns by kill -9 during namespace moves ({@code MoveNamespaceKillIT}); cases 1–4, 7
 * and 10 at random with real processes in the multi-process torture ({@code ConcurrencyTortureIT}:
 * group and namespace moves in child JVMs racing backups, prunes, forgets, syncs and GCs with a 1 s
 * cutoff, every chunk aged before each round; audited: every referenced chunk exists, every
 * snapshot is in exactly one place and restores byte-identically).
 *
 * <h2>Durability and reboots (why no fsync, why losing the file is safe)</h2>
 *
 * <p>The journal is read only by a GC whose phase 1 overlapped the move, and only within the boot
 * in which the move happened: processes share the page cache, so a write is visible to a drain the
 * moment the appender's {@code write} returns, even if the appender is killed right after; and a
 * machine crash or reboot kills every GC, after which the next run is a fresh run (a resume is only
 * trusted within the same boot, {@code org.jpbs.gc}) whose walk begins after every move of the old
 * boot ended, and finds each snapshot in its final place. So losing the journal at reboot — on
 * tmpfs with PBS's lock tree, or unsynced entries on the datastore's disk — loses nothing, and an
 * {@code fsync} per append would buy nothing. Stale entries surviving a reboot are drained by the
 * next GC: extra marks only.
 */
package org.jpbs.datastore.journal;
