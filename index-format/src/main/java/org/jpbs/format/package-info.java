/**
 * The PBS on-disk formats: chunk digests, DataBlobs, fixed and dynamic indexes, the snapshot
 * manifest and {@code .gc-status}, byte-compatible with Proxmox Backup Server ({@code
 * /work/shared/spec/pbs-datastore.md} §1.4, §1.9, §2).
 *
 * <h2>Priorities</h2>
 *
 * <ol>
 *   <li><b>Correctness over speed.</b> Every reader validates before it returns anything; GC
 *       deleting a referenced chunk is the worst possible bug, so an index that cannot be read is
 *       an error, never an empty list.
 *   <li><b>Byte compatibility with PBS.</b> Files written here are the bytes PBS writes (golden
 *       tests), and every PBS-written file is accepted.
 *   <li><b>No silent repair.</b> Damage is reported as {@link org.jpbs.format.CorruptFileException}
 *       (resource, offset, expected vs actual); an unknown magic as {@link
 *       org.jpbs.format.UnsupportedFormatException}. Nothing is fixed up or skipped quietly.
 * </ol>
 *
 * <h2>Formats</h2>
 *
 * <table>
 *   <caption>Files and their classes</caption>
 *   <tr><th>File</th><th>Grammar</th><th>Read</th><th>Write</th><th>Integrity</th></tr>
 *   <tr><td>chunk, {@code *.blob}</td><td>{@link org.jpbs.format.BlobFormat}</td>
 *       <td>{@link org.jpbs.format.DataBlob#load}</td><td>{@link org.jpbs.format.DataBlob#encode}</td>
 *       <td>CRC32 over the payload (not IV/tag)</td></tr>
 *   <tr><td>{@code .fidx}</td><td>{@link org.jpbs.format.FixedIndexFormat}</td>
 *       <td>{@link org.jpbs.format.FixedIndexReader}</td><td>{@link org.jpbs.format.FixedIndexWriter}</td>
 *       <td>SHA-256 over the digests; size/chunk size only via the length relation</td></tr>
 *   <tr><td>{@code .didx}</td><td>{@link org.jpbs.format.DynamicIndexFormat}</td>
 *       <td>{@link org.jpbs.format.DynamicIndexReader}</td><td>{@link org.jpbs.format.DynamicIndexWriter}</td>
 *       <td>SHA-256 over the entries (ends + digests)</td></tr>
 *   <tr><td>{@code index.json.blob}</td><td>DataBlob of serde pretty JSON</td>
 *       <td colspan="2">{@link org.jpbs.format.BackupManifest}</td><td>blob CRC32</td></tr>
 *   <tr><td>{@code .gc-status}</td><td>compact JSON</td>
 *       <td colspan="2">{@link org.jpbs.format.GcStatus}</td><td>none (parse errors only)</td></tr>
 * </table>
 *
 * <p>Not covered by any checksum, hence never trusted for safety decisions: index uuid, ctime and
 * reserved header bytes, and the fixed index {@code size} beyond the entry count it implies.
 *
 * <h2>Validation points</h2>
 *
 * <ul>
 *   <li>Index {@code open}: magic, length ≥ 4096, fixed: chunk size a power of two and file length
 *       exactly {@code 4096 + 32·ceil(size/chunk_size)}; dynamic: {@code (length − 4096) % 40 ==
 *       0}. O(1); 0-entry indexes are accepted (PBS fails on them only because a zero-length mmap
 *       fails).
 *   <li>Index {@code verifyChecksum()}: SHA-256 of the entry area vs the header. {@code verify()}
 *       adds the O(n) dynamic check that end offsets do not decrease. GC callers decide whether to
 *       pay for these.
 *   <li>Blob {@code parse}/{@code load}: length, magic, CRC. Manifest and gc-status: JSON syntax,
 *       required fields and types.
 * </ul>
 *
 * <h2>Writing</h2>
 *
 * <p>Everything is written atomically: index writers use PBS's fixed temp names {@code
 * <stem>.tmp_fidx} / {@code <stem>.tmp_didx} and rename on {@code commit}; close without commit
 * deletes the temp. Blobs, manifests and {@code .gc-status} use {@link org.jpbs.format.AtomicFile}
 * ({@code replace_file}: {@code <stem>.tmp_XXXXXX}, mode 0644, optional fsync, rename). Clocks are
 * injected ({@link java.time.InstantSource}); uuid and ctime can be given explicitly.
 *
 * <h2>Threading and memory</h2>
 *
 * <p>Index readers map the entry area read-only (segments of 2^25 entries, so files above 2 GiB
 * work) and give zero-allocation access to digest words; they may be shared by threads, but {@code
 * close()} unmaps at once and must not race with readers. Writers, manifests are single-threaded.
 * All integers on disk are little-endian; digests are byte strings read as big-endian words.
 */
package org.jpbs.format;
