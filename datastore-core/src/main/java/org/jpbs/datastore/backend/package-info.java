/**
 * The storage backend seam: where a datastore keeps its chunks ({@link
 * org.jpbs.datastore.backend.ChunkBackend}) and the copy of its metadata tree outside the local
 * directory ({@link org.jpbs.datastore.backend.MetadataBackend}).
 *
 * <p>Two implementations: the local filesystem ({@link
 * org.jpbs.datastore.backend.LocalChunkBackend}, {@link
 * org.jpbs.datastore.backend.MetadataBackend#LOCAL}), which is exactly the behaviour without a
 * seam, and S3 in the {@code s3-store} module ({@code org.jpbs.s3.S3ChunkBackend}, {@code
 * S3MetadataBackend}). This module depends on no S3 library.
 *
 * <p>Contract: the local directory is always the datastore's view (listings, manifests, index files
 * are read from it; for S3 it is the mandatory cache); the metadata backend is told about every
 * write and delete in PBS's order (pbs-s3.md §4.2, §4.3), and tree deletes take a prefix ending
 * with {@code /}. GC does not use this seam (its sweep is {@code org.jpbs.gc.ChunkSweeper}); what a
 * GC on S3 needs from the writers is listed in {@code docs/s3.md}.
 */
package org.jpbs.datastore.backend;
