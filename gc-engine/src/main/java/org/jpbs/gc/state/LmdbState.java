package org.jpbs.gc.state;

import java.nio.file.Path;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The LMDB environment and its named databases; the only class touching lmdbjava types besides the
 * per-concern classes that receive a {@link Txn} inside {@link #read}/{@link #write}.
 *
 * <p>Uses {@link ByteArrayProxy#PROXY_BA} (no {@code --add-opens}) and {@code MDB_NOTLS} so a read
 * transaction is not bound to a thread slot. Each call runs in its own transaction; LMDB serializes
 * write transactions across threads and processes.
 */
final class LmdbState implements AutoCloseable {
  static {
    // jpbs makes a few dozen LMDB calls per process. jnr-ffi (lmdbjava's FFI) by default generates
    // ASM call stubs when the library loads, ~0.1-0.2 s of every process start (measured with
    // the GC benchmark); its reflection stubs load at once and cost microseconds per call, which
    // is nothing here. An explicit -Djnr.ffi.asm.enabled=true still wins.
    if (System.getProperty("jnr.ffi.asm.enabled") == null) {
      System.setProperty("jnr.ffi.asm.enabled", "false");
    }
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface TxnWork<R> {
    R apply(Txn<byte[]> txn);
  }

  private final Path dir;
  private final Env<byte[]> env;
  final Dbi<byte[]> meta;
  final Dbi<byte[]> writers;
  final Dbi<byte[]> runs;
  final Dbi<byte[]> mark;
  final Dbi<byte[]> checkpoint;

  private LmdbState(Path dir, Env<byte[]> env) {
    this.dir = dir;
    this.env = env;
    DbiFlags[] create = env.isReadOnly() ? new DbiFlags[0] : new DbiFlags[] {DbiFlags.MDB_CREATE};
    this.meta = env.openDbi(StateFormat.DB_META, create);
    this.writers = env.openDbi(StateFormat.DB_WRITERS, create);
    this.runs = env.openDbi(StateFormat.DB_RUNS, create);
    this.mark = env.openDbi(StateFormat.DB_MARK, create);
    this.checkpoint = env.openDbi(StateFormat.DB_CHECKPOINT, create);
  }

  static LmdbState open(Path dir, GcStateOptions options) throws GcStateException {
    return open(dir, options, EnvFlags.MDB_NOTLS);
  }

  /**
   * Opens an existing environment read-only ({@code MDB_RDONLY_ENV}); {@code noLock} adds {@code
   * MDB_NOLOCK} for a directory that cannot be written (a read-only mount: no writer can run
   * there).
   */
  static LmdbState openReadOnly(Path dir, GcStateOptions options, boolean noLock)
      throws GcStateException {
    return noLock
        ? open(dir, options, EnvFlags.MDB_NOTLS, EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK)
        : open(dir, options, EnvFlags.MDB_NOTLS, EnvFlags.MDB_RDONLY_ENV);
  }

  private static LmdbState open(Path dir, GcStateOptions options, EnvFlags... flags)
      throws GcStateException {
    Env<byte[]> env;
    try {
      env =
          Env.create(ByteArrayProxy.PROXY_BA)
              .setMapSize(options.mapSizeBytes())
              .setMaxDbs(StateFormat.MAX_DBS)
              .setMaxReaders(options.maxReaders())
              .open(dir.toFile(), flags);
    } catch (LmdbException | LinkageError e) {
      throw new GcStateException(dir, "cannot open LMDB environment", e);
    }
    try {
      if (!env.isReadOnly()) {
        env.readerCheck(); // drop reader slots of dead processes
      }
      LmdbState s = new LmdbState(dir, env);
      s.checkSchema();
      return s;
    } catch (LmdbException e) {
      env.close();
      throw new GcStateException(dir, "cannot open LMDB databases", e);
    } catch (GcStateException e) {
      env.close();
      throw e;
    }
  }

  private void checkSchema() throws GcStateException {
    if (env.isReadOnly()) {
      byte[] v = read("schema check", txn -> meta.get(txn, StateFormat.KEY_SCHEMA));
      requireSchema(v == null ? -1 : v.length == 4 ? StateFormat.le(v).getInt() : -1);
      return;
    }
    Integer found =
        write(
            "schema check",
            txn -> {
              byte[] v = meta.get(txn, StateFormat.KEY_SCHEMA);
              if (v == null) {
                byte[] b = new byte[4];
                StateFormat.le(b).putInt(StateFormat.SCHEMA_VERSION);
                meta.put(txn, StateFormat.KEY_SCHEMA, b);
                return StateFormat.SCHEMA_VERSION;
              }
              return v.length == 4 ? StateFormat.le(v).getInt() : -1;
            });
    requireSchema(found);
  }

  private void requireSchema(int found) throws GcStateException {
    if (found != StateFormat.SCHEMA_VERSION) {
      throw new GcStateException(
          dir,
          "unsupported GC state schema version "
              + found
              + " (this build reads "
              + StateFormat.SCHEMA_VERSION
              + ")");
    }
  }

  Path dir() {
    return dir;
  }

  boolean readOnly() {
    return env.isReadOnly();
  }

  /** Allocates the next value of a monotonic counter stored in {@code meta} (starts at 1). */
  long nextId(Txn<byte[]> txn, byte[] counterKey) {
    byte[] v = meta.get(txn, counterKey);
    long next = v == null ? 1 : StateFormat.u64ValueOf(v) + 1;
    meta.put(txn, counterKey, StateFormat.u64Value(next));
    return next;
  }

  <R> R read(String what, TxnWork<R> work) throws GcStateException {
    try (Txn<byte[]> txn = env.txnRead()) {
      return work.apply(txn);
    } catch (RuntimeException e) {
      throw map(what, e);
    }
  }

  <R> R write(String what, TxnWork<R> work) throws GcStateException {
    try (Txn<byte[]> txn = env.txnWrite()) {
      R r = work.apply(txn);
      txn.commit();
      return r;
    } catch (RuntimeException e) {
      throw map(what, e);
    }
  }

  private GcStateException map(String what, RuntimeException e) {
    if (e instanceof Env.MapFullException) {
      return new GcStateException(
          dir, what + " failed: LMDB map full (raise GcStateOptions.mapSizeBytes)", e);
    }
    if (e instanceof StateFormat.CorruptRecordException) {
      return new GcStateException(
          dir, what + " failed: corrupt GC state record: " + e.getMessage());
    }
    if (e instanceof LmdbException) {
      return new GcStateException(dir, what + " failed", e);
    }
    throw e; // programming error (NPE, IAE...): not an I/O condition
  }

  @Override
  public void close() {
    env.close();
  }
}
