package org.jpbs.datastore.backup;

import java.util.List;
import java.util.Optional;
import org.jpbs.datastore.BackupDir;

/**
 * A finished backup.
 *
 * @param snapshot the new, finished snapshot
 * @param base the snapshot whose chunks were known, if any
 * @param archives per archive, in the order written (= manifest order)
 * @param uploadStats what went to the chunk store ({@code unprotected.chunk_upload_stats})
 * @param noBaseReason why the backup is full (no base), e.g. {@code previous snapshot <time> failed
 *     verification}; empty when {@code base} is present
 */
public record BackupResult(
    BackupDir snapshot,
    Optional<BackupDir> base,
    List<ArchiveStats> archives,
    ChunkUploadStats uploadStats,
    Optional<String> noBaseReason) {}
