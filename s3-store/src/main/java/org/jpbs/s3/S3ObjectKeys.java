package org.jpbs.s3;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PBS 4.2's object-key layout (spec pbs-s3.md §2), in one place. Every key starts with {@code
 * <store>/}; chunks live at {@code .chunks/<hex[0..4]>/<hex>}, everything else mirrors the
 * datastore directory tree under {@code .cnt/}. Namespaces are paths like {@code a/b} ({@code ""} =
 * root) and map to {@code ns/a/ns/b} as on the filesystem.
 *
 * <p>Every prefix this class returns for listing or deleting a namespace, group or snapshot ends
 * with {@code /}, so group {@code vm/1} never matches {@code vm/10} (PBS's prefix hazard, §4.3, is
 * not copied). Components are checked: no {@code /}, no {@code .}/{@code ..}, no control
 * characters, relative key at most 1024 bytes; an error names the offending key.
 */
public final class S3ObjectKeys {
  public static final String CONTENT_PREFIX = ".cnt";
  public static final String CHUNKS_DIR = ".chunks";
  public static final String IN_USE_MARKER = ".in-use";
  public static final String NAMESPACE_MARKER = ".namespace";
  public static final String PROTECTED_MARKER = ".protected";
  public static final String OWNER = "owner";
  public static final String NOTES = "notes";
  public static final String MANIFEST = "index.json.blob";
  public static final int MAX_RELATIVE_KEY_BYTES = 1024;

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern BAD = Pattern.compile("([0-9a-f]{64})\\.([0-9])\\.bad");
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

  private final String store;

  public S3ObjectKeys(String store) {
    component(store, "store name");
    this.store = store;
  }

  public String store() {
    return store;
  }

  /** {@code <store>/}: everything of this datastore (destroy with destroy-data). */
  public String storePrefix() {
    return store + "/";
  }

  /** {@code <store>/.in-use}, body {@code {"hostname":"<node>"}}. */
  public String inUseMarker() {
    return full(IN_USE_MARKER);
  }

  /** {@code <store>/.chunks/<hex[0..4]>/<hex>}. */
  public String chunk(String hexDigest) {
    checkDigest(hexDigest);
    return full(CHUNKS_DIR + "/" + hexDigest.substring(0, 4) + "/" + hexDigest);
  }

  /** {@code <store>/.chunks/<p>/<hex>.<n>.bad}, n = 0..9: where verify copies a corrupt chunk. */
  public String badChunk(String hexDigest, int n) {
    if (n < 0 || n > 9) {
      throw new IllegalArgumentException("bad-chunk index " + n + " not in 0..9 for " + hexDigest);
    }
    return chunk(hexDigest) + "." + n + ".bad";
  }

  /** {@code <store>/.chunks/}: the GC sweep lists this. */
  public String chunksPrefix() {
    return full(CHUNKS_DIR + "/");
  }

  /** {@code <store>/.cnt/}: s3-refresh lists this (PBS lists {@code .cnt} without the slash). */
  public String contentPrefix() {
    return full(CONTENT_PREFIX + "/");
  }

  /**
   * {@code <store>/.cnt/<relDir>/<file>} ({@code object_key_from_path}); {@code relDir} is a
   * relative directory ({@code ""} = the store's top), {@code file} a single name.
   */
  public String content(String relDir, String file) {
    component(file, "file name");
    String dir = relDir.isEmpty() ? "" : checkRelDir(relDir) + "/";
    return full(CONTENT_PREFIX + "/" + dir + file);
  }

  /** {@code ns/a/ns/b} for namespace {@code a/b}; {@code ""} for the root. */
  public static String namespaceDir(String namespace) {
    if (namespace.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String part : namespace.split("/", -1)) {
      component(part, "namespace component");
      sb.append(sb.length() == 0 ? "" : "/").append("ns/").append(part);
    }
    return sb.toString();
  }

  /** {@code <store>/.cnt/<nspath>/.namespace}. */
  public String namespaceMarker(String namespace) {
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("the root namespace has no .namespace object");
    }
    return content(namespaceDir(namespace), NAMESPACE_MARKER);
  }

  /** Prefix of everything in a namespace and below it, ending with {@code /}. */
  public String namespacePrefix(String namespace) {
    String dir = namespaceDir(namespace);
    return dir.isEmpty() ? contentPrefix() : contentPrefix() + dir + "/";
  }

  /** {@code <nspath>/<type>/<id>}, the group's relative directory. */
  public static String groupDir(String namespace, String type, String id) {
    if (!("vm".equals(type) || "ct".equals(type) || "host".equals(type))) {
      throw new IllegalArgumentException("backup type '" + type + "' is not vm, ct or host");
    }
    component(id, "backup id");
    String ns = namespaceDir(namespace);
    return (ns.isEmpty() ? "" : ns + "/") + type + "/" + id;
  }

  /** Prefix of one group's objects, ending with {@code /} ({@code vm/1/} never matches vm/10). */
  public String groupPrefix(String namespace, String type, String id) {
    return contentPrefix() + groupDir(namespace, type, id) + "/";
  }

  public String groupOwner(String namespace, String type, String id) {
    return content(groupDir(namespace, type, id), OWNER);
  }

  public String groupNotes(String namespace, String type, String id) {
    return content(groupDir(namespace, type, id), NOTES);
  }

  /** {@code <group>/<YYYY-MM-DDTHH:MM:SSZ>}, the snapshot's relative directory. */
  public static String snapshotDir(String namespace, String type, String id, String time) {
    if (time == null || !TIME.matcher(time).matches()) {
      throw new IllegalArgumentException(
          "snapshot time '" + time + "' is not YYYY-MM-DDTHH:MM:SSZ");
    }
    return groupDir(namespace, type, id) + "/" + time;
  }

  /** Prefix of one snapshot's objects, ending with {@code /}. */
  public String snapshotPrefix(String namespace, String type, String id, String time) {
    return contentPrefix() + snapshotDir(namespace, type, id, time) + "/";
  }

  /** A snapshot file: an index ({@code .fidx}/{@code .didx}), a blob, or {@code .protected}. */
  public String snapshotFile(String namespace, String type, String id, String time, String file) {
    return content(snapshotDir(namespace, type, id, time), file);
  }

  /** The digest of a listed chunk key, or empty when the key is no chunk of this store. */
  public Optional<ChunkObject> parseChunkKey(String key) {
    String prefix = chunksPrefix();
    if (!key.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = key.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash != 4 || rest.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    String name = rest.substring(5);
    if (HEX64.matcher(name).matches() && name.startsWith(rest.substring(0, 4))) {
      return Optional.of(new ChunkObject(name, -1));
    }
    var bad = BAD.matcher(name);
    if (bad.matches() && name.startsWith(rest.substring(0, 4))) {
      return Optional.of(new ChunkObject(bad.group(1), bad.group(2).charAt(0) - '0'));
    }
    return Optional.empty();
  }

  /**
   * A chunk object found by listing.
   *
   * @param hexDigest the chunk's digest
   * @param badIndex N of {@code <hex>.N.bad}, or -1 for the chunk itself
   */
  public record ChunkObject(String hexDigest, int badIndex) {
    public boolean bad() {
      return badIndex >= 0;
    }
  }

  private String full(String relative) {
    if (relative.getBytes(StandardCharsets.UTF_8).length > MAX_RELATIVE_KEY_BYTES) {
      throw new IllegalArgumentException(
          "S3 object key too long (> "
              + MAX_RELATIVE_KEY_BYTES
              + " bytes): "
              + relative.substring(0, 80)
              + "...");
    }
    return store + "/" + relative;
  }

  private static String checkRelDir(String relDir) {
    for (String part : relDir.split("/", -1)) {
      component(part, "path component of '" + relDir + "'");
    }
    return relDir;
  }

  private static void checkDigest(String hexDigest) {
    if (hexDigest == null || !HEX64.matcher(hexDigest).matches()) {
      throw new IllegalArgumentException(
          "chunk digest '" + hexDigest + "' is not 64 lower-case hex digits");
    }
  }

  private static void component(String part, String what) {
    if (part == null || part.isEmpty() || ".".equals(part) || "..".equals(part)) {
      throw new IllegalArgumentException(what + " '" + part + "' is empty, '.' or '..'");
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '/' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            what + " '" + printable(part) + "' contains '/' or a control character");
      }
    }
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
