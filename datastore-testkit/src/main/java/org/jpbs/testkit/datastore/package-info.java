/**
 * The test datastore builder shared by the gc-engine and cli tests: {@link
 * org.jpbs.testkit.datastore.TestDatastore} builds a real datastore (real chunk store, real index
 * files, manifests) without running a backup, and ends every test with the invariant check of
 * {@link org.jpbs.testkit.ReferencedChunks}. Test scope only; it lives beside {@code testkit}
 * because it depends on chunk-store and datastore-core, whose own tests use {@code testkit}.
 */
package org.jpbs.testkit.datastore;
