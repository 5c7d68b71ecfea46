package org.jpbs.gc.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Every constant and binary encoding of the GC state database (schema version 1).
 *
 * <p>Values are little-endian. Keys that are scanned in order (run ids, lease ids, checkpoint
 * prefixes) are <b>big-endian</b> on purpose: LMDB orders keys by {@code memcmp}, and only
 * big-endian makes that order numeric. Strings are UTF-8 with a length prefix.
 *
 * <pre>
 * Identity   --&gt; Pid:i64, StartTicks:i64, PidNs:i64, BootId:str8
 * str8       --&gt; Len:u8, Bytes[Len]        str16 --&gt; Len:u16, Bytes    str32 --&gt; Len:i32, Bytes
 * Writer     --&gt; Version:u8(=1), Identity, StartEpoch:i64, Kind:str16, Description:str16
 * Run        --&gt; Version:u8(=1), StartEpoch:i64, Phase1Start:i64, MinAtime:i64, CutoffSecs:i64,
 *                Threads:i32, CacheCapacity:i32, DryRun:u8, Owner:Identity, Phase:u8, Outcome:u8,
 *                FinishEpoch:i64, Status:str32
 * Mark       --&gt; Version:u8(=1), RunId:i64, MinAtime:i64, Phase1Start:i64, Owner:Identity
 * CkptKey    --&gt; RunId:u64be, SHA-256(RelativePath utf-8)[32]
 * CkptValue  --&gt; Version:u8(=1), Dev:i64, Ino:i64, Size:i64, MtimeNs:i64, CtimeNs:i64,
 *                RelativePath:utf-8 (rest of value; compared to rule out hash collisions)
 * </pre>
 */
final class StateFormat {
  static final int SCHEMA_VERSION = 1;
  static final byte RECORD_VERSION = 1;

  static final String DB_META = "meta";
  static final String DB_WRITERS = "writers";
  static final String DB_RUNS = "runs";
  static final String DB_MARK = "mark";
  static final String DB_CHECKPOINT = "checkpoint";
  static final int MAX_DBS = 8;

  static final byte[] KEY_SCHEMA = ascii("schema");
  static final byte[] KEY_NEXT_RUN_ID = ascii("next-run-id");
  static final byte[] KEY_NEXT_LEASE_ID = ascii("next-lease-id");
  static final byte[] KEY_ACTIVE_MARK = ascii("active");

  static final int CHECKPOINT_KEY_SIZE = 8 + 32;

  /** Longest kind/description accepted (UTF-8 bytes); descriptions are truncated. */
  static final int MAX_STR16 = 4096;

  private StateFormat() {}

  /** Thrown by decoders on a malformed record; mapped to {@link GcStateException}. */
  static final class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String what) {
      super(what);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] u64Key(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(v).array();
  }

  static long u64KeyValue(byte[] key) {
    if (key.length < 8) {
      throw new CorruptRecordException("key shorter than 8 bytes: " + key.length);
    }
    return ByteBuffer.wrap(key, 0, 8).order(ByteOrder.BIG_ENDIAN).getLong();
  }

  static byte[] u64Value(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  static long u64ValueOf(byte[] value) {
    if (value.length != 8) {
      throw new CorruptRecordException("counter value length " + value.length + " != 8");
    }
    return le(value).getLong();
  }

  // ---- identity ----

  private static int identitySize(ProcessIdentity id) {
    return 24 + 1 + utf8(id.bootId()).length;
  }

  private static void putIdentity(ByteBuffer b, ProcessIdentity id) {
    b.putLong(id.pid()).putLong(id.startTicks()).putLong(id.pidNamespace());
    putStr(b, utf8(id.bootId()), 1);
  }

  private static ProcessIdentity getIdentity(ByteBuffer b) {
    long pid = b.getLong();
    long ticks = b.getLong();
    long ns = b.getLong();
    String boot = getStr(b, 1);
    return new ProcessIdentity(pid, ticks, boot, ns);
  }

  // ---- writer ----

  static byte[] encodeWriter(WriterInfo w) {
    byte[] kind = truncate(utf8(w.kind()));
    byte[] desc = truncate(utf8(w.description()));
    byte[] out = new byte[1 + identitySize(w.process()) + 8 + 2 + kind.length + 2 + desc.length];
    ByteBuffer b = le(out).put(RECORD_VERSION);
    putIdentity(b, w.process());
    b.putLong(w.startEpochSeconds());
    putStr(b, kind, 2);
    putStr(b, desc, 2);
    return out;
  }

  static WriterInfo decodeWriter(byte[] key, byte[] value) {
    try {
      ByteBuffer b = versioned(value, "writer");
      ProcessIdentity id = getIdentity(b);
      long start = b.getLong();
      return new WriterInfo(u64KeyValue(key), id, start, getStr(b, 2), getStr(b, 2));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptRecordException("writer record truncated or invalid: " + e);
    }
  }

  // ---- run ----

  static byte[] encodeRun(GcRunRecord r) {
    GcRun run = r.run();
    byte[] status = utf8(r.status());
    byte[] out =
        new byte
            [1 + 8 * 4 + 4 + 4 + 1 + identitySize(run.owner()) + 2 + 8 + 4 + status.length + 8 + 1];
    ByteBuffer b = le(out).put(RECORD_VERSION);
    b.putLong(run.startEpochSeconds()).putLong(run.phase1StartEpochSeconds());
    b.putLong(run.minAtime()).putLong(run.cutoffSeconds());
    b.putInt(run.options().threads()).putInt(run.options().cacheCapacity());
    b.put((byte) (run.options().dryRun() ? 1 : 0));
    putIdentity(b, run.owner());
    b.put((byte) r.phase().ordinal()).put((byte) r.outcome().ordinal());
    b.putLong(r.finishEpochSeconds());
    putStr(b, status, 4);
    b.putLong(r.durationMillis()); // optional trailer: absent in records of older builds
    b.put((byte) (run.options().marksInSet() ? 1 : 0)); // optional trailer, after the duration
    return out;
  }

  static GcRunRecord decodeRun(byte[] key, byte[] value) {
    try {
      ByteBuffer b = versioned(value, "run");
      long start = b.getLong();
      long p1 = b.getLong();
      long minAtime = b.getLong();
      long cutoff = b.getLong();
      int threads = b.getInt();
      int cache = b.getInt();
      boolean dryRun = b.get() != 0;
      ProcessIdentity owner = getIdentity(b);
      GcPhase phase = GcPhase.ofCode(b.get());
      GcOutcome outcome = GcOutcome.ofCode(b.get());
      long finish = b.getLong();
      String status = getStr(b, 4);
      long durationMillis = b.remaining() >= 8 ? b.getLong() : -1;
      boolean marksInSet = b.remaining() >= 1 && b.get() != 0;
      GcRunOptions opts = new GcRunOptions(threads, cache, dryRun, marksInSet);
      GcRun run = new GcRun(u64KeyValue(key), start, p1, minAtime, cutoff, opts, owner);
      return new GcRunRecord(run, phase, outcome, finish, status, durationMillis);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptRecordException("run record truncated or invalid: " + e);
    }
  }

  // ---- mark-phase marker ----

  static byte[] encodeMark(MarkPhaseInfo m) {
    byte[] out = new byte[1 + 24 + identitySize(m.owner())];
    ByteBuffer b = le(out).put(RECORD_VERSION);
    b.putLong(m.runId()).putLong(m.minAtime()).putLong(m.phase1StartEpochSeconds());
    putIdentity(b, m.owner());
    return out;
  }

  static MarkPhaseInfo decodeMark(byte[] value) {
    try {
      ByteBuffer b = versioned(value, "mark-phase marker");
      return new MarkPhaseInfo(b.getLong(), b.getLong(), b.getLong(), getIdentity(b));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptRecordException("mark-phase marker truncated or invalid: " + e);
    }
  }

  // ---- checkpoint ----

  static byte[] checkpointKey(long runId, String relativePath) {
    byte[] key = Arrays.copyOf(u64Key(runId), CHECKPOINT_KEY_SIZE);
    byte[] hash = sha256(utf8(relativePath));
    System.arraycopy(hash, 0, key, 8, 32);
    return key;
  }

  static byte[] encodeCheckpoint(IndexIdentity id) {
    byte[] path = utf8(id.relativePath());
    byte[] out = new byte[1 + 40 + path.length];
    le(out)
        .put(RECORD_VERSION)
        .putLong(id.dev())
        .putLong(id.ino())
        .putLong(id.size())
        .putLong(id.mtimeNanos())
        .putLong(id.ctimeNanos())
        .put(path);
    return out;
  }

  static IndexIdentity decodeCheckpoint(byte[] value) {
    try {
      ByteBuffer b = versioned(value, "checkpoint");
      long dev = b.getLong();
      long ino = b.getLong();
      long size = b.getLong();
      long mtime = b.getLong();
      long ctime = b.getLong();
      byte[] path = new byte[b.remaining()];
      b.get(path);
      return new IndexIdentity(
          new String(path, StandardCharsets.UTF_8), dev, ino, size, mtime, ctime);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptRecordException("checkpoint record truncated or invalid: " + e);
    }
  }

  // ---- helpers ----

  private static ByteBuffer versioned(byte[] value, String what) {
    if (value.length == 0 || value[0] != RECORD_VERSION) {
      throw new CorruptRecordException(
          what + " record version " + (value.length == 0 ? "missing" : value[0]) + " != 1");
    }
    ByteBuffer b = le(value);
    b.get();
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] truncate(byte[] b) {
    return b.length <= MAX_STR16 ? b : Arrays.copyOf(b, MAX_STR16);
  }

  private static void putStr(ByteBuffer b, byte[] s, int lenBytes) {
    switch (lenBytes) {
      case 1 -> b.put((byte) s.length);
      case 2 -> b.putShort((short) s.length);
      default -> b.putInt(s.length);
    }
    b.put(s);
  }

  private static String getStr(ByteBuffer b, int lenBytes) {
    int len =
        switch (lenBytes) {
          case 1 -> Byte.toUnsignedInt(b.get());
          case 2 -> Short.toUnsignedInt(b.getShort());
          default -> b.getInt();
        };
    if (len < 0 || len > b.remaining()) {
      throw new CorruptRecordException("string length " + len + " exceeds record");
    }
    byte[] s = new byte[len];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is mandatory in every JDK", e);
    }
  }
}
