package org.jpbs.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot manifest {@code index.json.blob} (spec §2.6): the JSON tree plus typed accessors.
 *
 * <p>The whole JSON tree is kept, so unknown top-level, file-entry and {@code unprotected} keys
 * survive a read-modify-write in their original order. Parsing validates what PBS's serde struct
 * requires ({@code backup-type} vm/ct/host, {@code backup-id}, {@code backup-time}, {@code files}
 * with filename / size / 64-hex csum / known crypt-mode, {@code signature} string or null) and
 * normalises as a PBS rewrite would: a missing {@code unprotected} becomes {@code {}}, a missing
 * {@code signature} becomes {@code null}, a missing {@code crypt-mode} becomes {@code "none"}
 * (inserted after {@code filename}). Deviation from PBS: PBS drops unknown keys on rewrite; jpbs
 * keeps them (PBS-written manifests have none, so their bytes are identical).
 *
 * <p>Output is {@code serde_json::to_string_pretty}, stored as a DataBlob with compress=true via
 * {@link AtomicFile#replace} (temp {@code index.json.tmp_XXXXXX}). Mutable, not thread-safe;
 * callers hold the manifest lock while modifying the file.
 */
public final class BackupManifest {
  /** File name of the manifest in a snapshot directory. */
  public static final String BLOB_NAME = "index.json.blob";

  /** Largest decoded manifest accepted (16 MiB). */
  public static final int MAX_JSON_SIZE = 16 * 1024 * 1024;

  private static final List<String> BACKUP_TYPES = List.of("vm", "ct", "host");
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final ObjectNode root;

  /** One archive listed in {@code files}. */
  public record FileInfo(String filename, CryptMode cryptMode, long size, String csumHex) {
    /** Validates the fields; csum is normalised to lower-case hex. */
    public FileInfo {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(cryptMode, "cryptMode");
      if (size < 0) {
        throw new IllegalArgumentException("size must be >= 0: " + size);
      }
      if (!ChunkDigest.isHex(csumHex)) {
        throw new IllegalArgumentException("csum must be 64 hex digits: " + csumHex);
      }
      csumHex = csumHex.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code unprotected.verify_state}: the last verify task and its result. */
  public record VerifyState(String upid, String state) {
    /** True if the state is {@code "ok"}. */
    public boolean ok() {
      return "ok".equals(state);
    }
  }

  private BackupManifest(ObjectNode root) {
    this.root = root;
  }

  /** A new manifest with no files, {@code unprotected = {}} and no signature. */
  public static BackupManifest create(String backupType, String backupId, long backupTime) {
    if (!BACKUP_TYPES.contains(backupType)) {
      throw new IllegalArgumentException("backup type must be vm, ct or host: " + backupType);
    }
    ObjectNode r = NODES.objectNode();
    r.put("backup-type", backupType);
    r.put("backup-id", Objects.requireNonNull(backupId, "backupId"));
    r.put("backup-time", backupTime);
    r.putArray("files");
    r.putObject("unprotected");
    r.putNull("signature");
    return new BackupManifest(r);
  }

  /**
   * Loads and validates {@code index.json.blob} (blob magic/CRC, then JSON).
   *
   * @throws CorruptFileException also when the file does not start with a DataBlob magic: a file of
   *     this name is a blob in every PBS version, so another magic is damage, not a format this
   *     version cannot read
   */
  public static BackupManifest load(Path path) throws IOException {
    DataBlob blob;
    try {
      blob = DataBlob.load(path, (long) MAX_JSON_SIZE + BlobFormat.HEADER_SIZE);
    } catch (UnsupportedFormatException e) {
      throw new CorruptFileException(
          path.toString(),
          0,
          "manifest does not start with a DataBlob magic (found " + e.actualMagicHex() + ")",
          e);
    }
    return parse(blob, path.toString());
  }

  /**
   * Decodes a manifest blob.
   *
   * @throws CorruptFileException if the blob is encrypted, does not decode, or the JSON is invalid
   */
  public static BackupManifest parse(DataBlob blob, String resource) throws CorruptFileException {
    if (blob.kind().isEncrypted()) {
      throw new CorruptFileException(
          resource, 0, "manifest blob is encrypted", "unencrypted", blob.kind());
    }
    return parseJson(blob.decode(resource, MAX_JSON_SIZE), resource);
  }

  /**
   * Parses and validates manifest JSON (offsets in errors are byte offsets into the JSON text).
   *
   * @throws CorruptFileException if malformed, a required field is missing or has the wrong type
   */
  public static BackupManifest parseJson(byte[] json, String resource) throws CorruptFileException {
    JsonNode n = SerdeJson.parse(json, resource);
    if (!n.isObject()) {
      throw bad(resource, "manifest is not a JSON object", "object", n.getNodeType());
    }
    ObjectNode r = (ObjectNode) n;
    String type = text(r, "backup-type", resource);
    if (!BACKUP_TYPES.contains(type)) {
      throw bad(resource, "unknown backup-type", "vm, ct or host", type);
    }
    text(r, "backup-id", resource);
    integer(r, "backup-time", resource, Long.MIN_VALUE);
    JsonNode files = r.get("files");
    if (files == null || !files.isArray()) {
      throw bad(resource, "manifest field 'files' missing or not an array", "array", type(files));
    }
    for (int i = 0; i < files.size(); i++) {
      JsonNode f = files.get(i);
      if (!f.isObject()) {
        throw bad(resource, "files[" + i + "] is not an object", "object", f.getNodeType());
      }
      normaliseCryptMode((ObjectNode) f);
      fileInfo((ObjectNode) f, resource, i);
    }
    JsonNode unprotected = r.get("unprotected");
    if (unprotected == null) {
      r.putObject("unprotected");
    } else if (!unprotected.isObject()) {
      throw bad(
          resource,
          "manifest field 'unprotected' is not an object",
          "object",
          unprotected.getNodeType());
    }
    JsonNode sig = r.get("signature");
    if (sig == null) {
      r.putNull("signature");
    } else if (!sig.isNull() && !sig.isTextual()) {
      throw bad(
          resource,
          "manifest field 'signature' is not a string or null",
          "string or null",
          sig.getNodeType());
    }
    return new BackupManifest(r);
  }

  /** {@code backup-type}: vm, ct or host. */
  public String backupType() {
    return root.get("backup-type").textValue();
  }

  /** {@code backup-id}. */
  public String backupId() {
    return root.get("backup-id").textValue();
  }

  /** {@code backup-time}, epoch seconds. */
  public long backupTime() {
    return root.get("backup-time").longValue();
  }

  /** The listed archives, in order. */
  public List<FileInfo> files() {
    List<FileInfo> out = new ArrayList<>();
    JsonNode files = root.get("files");
    for (int i = 0; i < files.size(); i++) {
      try {
        out.add(fileInfo((ObjectNode) files.get(i), "manifest", i));
      } catch (CorruptFileException e) {
        throw new IllegalStateException("validated on parse", e);
      }
    }
    return out;
  }

  /** The entry for {@code filename}, if listed. */
  public Optional<FileInfo> lookupFile(String filename) {
    return files().stream().filter(f -> f.filename().equals(filename)).findFirst();
  }

  /**
   * Appends an archive entry (fields in PBS order: filename, crypt-mode, size, csum).
   *
   * @throws IllegalArgumentException if the name does not end in .fidx, .didx or .blob
   */
  public void addFile(FileInfo info) {
    String n = info.filename();
    if (!(n.endsWith(".fidx") || n.endsWith(".didx") || n.endsWith(".blob"))) {
      throw new IllegalArgumentException("unknown archive type: " + n);
    }
    ObjectNode f = ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("files")).addObject();
    f.put("filename", n);
    f.put("crypt-mode", info.cryptMode().json());
    f.put("size", info.size());
    f.put("csum", info.csumHex());
  }

  /** {@code unprotected.verify_state}, if present and well-formed. */
  public Optional<VerifyState> verifyState() {
    JsonNode v = root.get("unprotected").get("verify_state");
    if (v == null || !v.isObject() || !v.path("upid").isTextual() || !v.path("state").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(new VerifyState(v.get("upid").textValue(), v.get("state").textValue()));
  }

  /**
   * Sets {@code unprotected.verify_state = {"upid": upid, "state": "ok"|"failed"}} (keeps its
   * position).
   */
  public void setVerifyState(String upid, boolean ok) {
    ObjectNode v = NODES.objectNode();
    v.put("upid", Objects.requireNonNull(upid, "upid"));
    v.put("state", ok ? "ok" : "failed");
    ((ObjectNode) root.get("unprotected")).set("verify_state", v);
  }

  /** A deep copy of the {@code unprotected} object. */
  public ObjectNode unprotected() {
    return ((ObjectNode) root.get("unprotected")).deepCopy();
  }

  /** Sets (or replaces, keeping its position) one {@code unprotected} key. */
  public void putUnprotected(String key, JsonNode value) {
    ((ObjectNode) root.get("unprotected")).set(key, value.deepCopy());
  }

  /** The hex HMAC signature, if signed. */
  public Optional<String> signature() {
    JsonNode s = root.get("signature");
    return s.isTextual() ? Optional.of(s.textValue()) : Optional.empty();
  }

  /** A deep copy of the whole JSON tree. */
  public ObjectNode json() {
    return root.deepCopy();
  }

  /** The manifest JSON as {@code serde_json::to_string_pretty} writes it (UTF-8). */
  public byte[] toJsonBytes() {
    return SerdeJson.pretty(root);
  }

  /** The manifest blob: DataBlob encode with compress=true (unencrypted). */
  public DataBlob toBlob() {
    return DataBlob.encode(toJsonBytes(), true);
  }

  /**
   * Writes the blob atomically ({@link AtomicFile#replace}, temp {@code index.json.tmp_XXXXXX}).
   */
  public void store(Path path, boolean fsync) throws IOException {
    AtomicFile.replace(path, toBlob().rawData(), fsync);
  }

  private static void normaliseCryptMode(ObjectNode f) {
    if (f.has("crypt-mode") || !f.has("filename")) {
      return;
    }
    ObjectNode copy = f.deepCopy();
    f.removeAll();
    for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      f.set(e.getKey(), e.getValue());
      if (e.getKey().equals("filename")) {
        f.put("crypt-mode", CryptMode.NONE.json());
      }
    }
  }

  private static FileInfo fileInfo(ObjectNode f, String resource, int i)
      throws CorruptFileException {
    String where = "files[" + i + "].";
    String name = text(f, "filename", resource, where);
    String modeText = text(f, "crypt-mode", resource, where);
    CryptMode mode = CryptMode.fromJson(modeText);
    if (mode == null) {
      throw bad(
          resource, "unknown " + where + "crypt-mode", "none, encrypt or sign-only", modeText);
    }
    long size = integer(f, "size", resource, 0, where);
    String csum = text(f, "csum", resource, where);
    if (!ChunkDigest.isHex(csum)) {
      throw bad(resource, where + "csum is not 64 hex digits", "64 hex digits", csum);
    }
    return new FileInfo(name, mode, size, csum);
  }

  private static String text(ObjectNode o, String key, String resource)
      throws CorruptFileException {
    return text(o, key, resource, "");
  }

  private static String text(ObjectNode o, String key, String resource, String where)
      throws CorruptFileException {
    JsonNode v = o.get(key);
    if (v == null || !v.isTextual()) {
      throw bad(
          resource,
          "manifest field '" + where + key + "' missing or not a string",
          "string",
          type(v));
    }
    return v.textValue();
  }

  private static long integer(ObjectNode o, String key, String resource, long min)
      throws CorruptFileException {
    return integer(o, key, resource, min, "");
  }

  private static long integer(ObjectNode o, String key, String resource, long min, String where)
      throws CorruptFileException {
    JsonNode v = o.get(key);
    if (v == null || !v.isIntegralNumber()) {
      throw bad(
          resource,
          "manifest field '" + where + key + "' missing or not an integer",
          "integer",
          type(v));
    }
    BigInteger b = v.bigIntegerValue();
    if (b.bitLength() > 63 || b.longValue() < min) {
      throw bad(
          resource,
          "manifest field '" + where + key + "' out of range",
          ">= " + min + " and < 2^63",
          b);
    }
    // store as a long node so accessors and output agree
    o.put(key, b.longValue());
    return b.longValue();
  }

  private static String type(JsonNode v) {
    return v == null ? "missing" : v.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static CorruptFileException bad(
      String resource, String what, Object expected, Object actual) {
    return new CorruptFileException(resource, -1, what, expected, actual);
  }

  @Override
  public String toString() {
    return "BackupManifest["
        + backupType()
        + "/"
        + backupId()
        + "/"
        + backupTime()
        + ", "
        + root.get("files").size()
        + " files]";
  }
}
