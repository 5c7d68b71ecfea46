package org.jpbs.s3;

import java.time.Instant;

/**
 * One object as listed or HEADed.
 *
 * @param key the full key
 * @param size its size in bytes
 * @param lastModified the server's modification time (GC never uses it, §5.2)
 * @param etag the ETag, or null when the listing does not give one
 */
public record S3ObjectInfo(String key, long size, Instant lastModified, String etag) {}
