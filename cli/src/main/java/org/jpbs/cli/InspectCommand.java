package org.jpbs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.Table;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.BlobFormat;
import org.jpbs.format.BlobKind;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;
import org.jpbs.format.DynamicIndexFormat;
import org.jpbs.format.DynamicIndexReader;
import org.jpbs.format.FileMagic;
import org.jpbs.format.FixedIndexFormat;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.format.GcStatus;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.format.IndexHeaderFormat;
import org.jpbs.format.UnsupportedFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs inspect FILE}: dumps a PBS file field by field (index, blob, chunk, manifest, {@code
 * .gc-status}) and checks its checksum; a file that fails its check exits 4 after the dump (human
 * mode) or with no output ({@code --json}).
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show a PBS file field by field and check its checksum (exit 4 if it fails).",
      "Reads .fidx/.didx indexes, DataBlobs, chunks, index.json.blob manifests and .gc-status."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to inspect.")
  Path file;

  @Option(
      names = "--digests",
      paramLabel = "N",
      defaultValue = "10",
      description = "Index digests to list (default: ${DEFAULT-VALUE}).")
  int digests;

  @Option(names = "--all", description = "List every digest of an index.")
  boolean all;

  @Override
  public Integer call() throws Exception {
    if (digests < 0) {
      throw new ParameterException(spec.commandLine(), "--digests must be >= 0: " + digests);
    }
    Output out = output.output();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("path", file.toAbsolutePath().toString());
    if (Files.isDirectory(file)) {
      throw new ParameterException(
          spec.commandLine(),
          "FILE "
              + file
              + " is a directory;"
              + " inspect reads one index, blob, chunk, manifest or .gc-status file");
    }
    byte[] head = readHead(file, FileMagic.SIZE);
    CorruptFileException failure;
    String name = file.getFileName().toString();
    // magics first: the encrypted blob magic starts with '{' (0x7b), like JSON
    if (head.length >= FileMagic.SIZE
        && (FixedIndexFormat.MAGIC.matches(head, 0) || DynamicIndexFormat.MAGIC.matches(head, 0))) {
      failure = index(doc);
    } else if (head.length >= FileMagic.SIZE && BlobKind.of(head) != null) {
      failure = blob(doc);
    } else if (name.equals(GcStatus.FILE_NAME)) {
      failure = gcStatus(doc);
    } else if (name.endsWith(".fidx")
        || name.endsWith(".didx")
        || name.endsWith(".blob")
        || ChunkDigest.isHex(name)) {
      throw new CorruptFileException(
          file.toString(),
          0,
          "named like a PBS index, blob or chunk, but its magic "
              + HexFormat.of().formatHex(head)
              + " is none of theirs");
    } else if (head.length > 0 && head[0] == '{') {
      failure = gcStatus(doc);
    } else {
      throw new UnsupportedFormatException(
          file.toString(),
          HexFormat.of().formatHex(head),
          "a PBS index or blob magic, or .gc-status JSON");
    }
    if (failure != null && out.isJson()) {
      throw failure;
    }
    out.emit(doc, w -> printHuman(doc, w));
    if (failure != null) {
      throw failure;
    }
    return ExitCodes.OK;
  }

  private CorruptFileException index(Map<String, Object> doc) throws IOException {
    try (IndexFile idx = IndexFiles.open(file)) {
      boolean fixed = idx instanceof FixedIndexReader;
      byte[] h =
          readHead(file, fixed ? FixedIndexFormat.HEADER_SIZE : DynamicIndexFormat.HEADER_SIZE);
      List<Map<String, Object>> rows = new ArrayList<>();
      rows.add(HeaderField.of(h, "magic", 0, FileMagic.SIZE, idx.magic().name()));
      rows.add(
          HeaderField.of(
              h,
              "uuid",
              IndexHeaderFormat.UUID_OFFSET,
              IndexHeaderFormat.UUID_SIZE,
              idx.uuid().toString()));
      rows.add(
          HeaderField.of(
              h,
              "ctime",
              IndexHeaderFormat.CTIME_OFFSET,
              8,
              idx.ctime() + " (" + Instant.ofEpochSecond(idx.ctime()) + ")"));
      rows.add(
          HeaderField.of(
              h,
              "index_csum",
              IndexHeaderFormat.CSUM_OFFSET,
              IndexHeaderFormat.CSUM_SIZE,
              "sha256 of the entries"));
      if (fixed) {
        FixedIndexReader f = (FixedIndexReader) idx;
        rows.add(
            HeaderField.of(
                h,
                "size",
                FixedIndexFormat.SIZE_OFFSET,
                8,
                f.size() + " (" + HumanBytes.format(f.size()) + ")"));
        rows.add(
            HeaderField.of(
                h,
                "chunk_size",
                FixedIndexFormat.CHUNK_SIZE_OFFSET,
                8,
                f.chunkSize() + " (" + HumanBytes.format(f.chunkSize()) + ")"));
        rows.add(
            HeaderField.of(
                h,
                "reserved",
                FixedIndexFormat.RESERVED_OFFSET,
                FixedIndexFormat.RESERVED_SIZE,
                "not checksummed"));
      } else {
        rows.add(
            HeaderField.of(
                h,
                "reserved",
                DynamicIndexFormat.RESERVED_OFFSET,
                DynamicIndexFormat.RESERVED_SIZE,
                "not checksummed"));
      }
      doc.put("type", fixed ? "fixed-index" : "dynamic-index");
      doc.put("header", rows);
      doc.put("entry-count", idx.count());
      doc.put("index-bytes", idx.indexBytes());
      if (fixed) {
        doc.put("chunk-size", ((FixedIndexReader) idx).chunkSize());
      }
      String stored = HexFormat.of().formatHex(idx.storedChecksum());
      String computed = HexFormat.of().formatHex(idx.computeChecksum());
      doc.put("csum", stored);
      doc.put("csum-computed", computed);
      CorruptFileException failure = null;
      try {
        idx.verify();
      } catch (CorruptFileException e) {
        failure = e;
      }
      doc.put("csum-ok", stored.equals(computed));
      doc.put("valid", failure == null);
      int n = all ? idx.count() : Math.min(digests, idx.count());
      List<Map<String, Object>> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", i);
        e.put("digest", idx.digest(i).toHex());
        if (!fixed) {
          e.put("end", ((DynamicIndexReader) idx).chunkEnd(i));
        }
        list.add(e);
      }
      doc.put("digests", list);
      return failure;
    }
  }

  private CorruptFileException blob(Map<String, Object> doc) throws IOException {
    long length = Files.size(file);
    if (length > BlobFormat.MAX_BLOB_SIZE + (long) BlobFormat.ENCRYPTED_HEADER_SIZE) {
      throw new CorruptFileException(
          file.toString(), -1, "blob too large", "<= " + BlobFormat.MAX_BLOB_SIZE, length);
    }
    byte[] raw = Files.readAllBytes(file);
    BlobKind kind = BlobKind.of(raw);
    String name = file.getFileName().toString();
    boolean chunk = ChunkDigest.isHex(name);
    boolean manifest = name.equals(BackupManifest.BLOB_NAME);
    doc.put("type", chunk ? "chunk" : manifest ? "manifest" : "blob");
    doc.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(HeaderField.of(raw, "magic", 0, FileMagic.SIZE, kind.magic().name()));
    long storedCrc =
        raw.length >= BlobFormat.HEADER_SIZE ? HeaderField.u32(raw, BlobFormat.CRC_OFFSET) : -1;
    rows.add(
        HeaderField.of(
            raw,
            "crc",
            BlobFormat.CRC_OFFSET,
            BlobFormat.CRC_SIZE,
            storedCrc < 0 ? null : String.format(java.util.Locale.ROOT, "0x%08x", storedCrc)));
    if (kind.isEncrypted()) {
      rows.add(HeaderField.of(raw, "iv", BlobFormat.IV_OFFSET, BlobFormat.IV_SIZE, null));
      rows.add(HeaderField.of(raw, "tag", BlobFormat.TAG_OFFSET, BlobFormat.TAG_SIZE, null));
    }
    doc.put("header", rows);
    doc.put("raw-size", raw.length);
    doc.put("encrypted", kind.isEncrypted());
    CorruptFileException failure = null;
    Long dataSize = null;
    String dataSha256 = null;
    boolean crcOk = false;
    try {
      DataBlob blob = DataBlob.parse(raw, file.toString());
      crcOk = true;
      if (!kind.isEncrypted()) { // encrypted: header and CRC only, jpbs never decrypts
        byte[] data = blob.decode(file.toString());
        dataSize = (long) data.length;
        dataSha256 = ChunkDigest.sha256(data).toHex();
        if (chunk) {
          doc.put("digest-computed", dataSha256);
          blob.verifyUnencrypted(-1, ChunkDigest.fromHex(name), file.toString());
        }
        if (manifest) {
          doc.put("manifest", manifestJson(BackupManifest.parse(blob, file.toString())));
        }
      }
    } catch (CorruptFileException e) {
      failure = e;
    }
    doc.put("crc-ok", crcOk);
    doc.put("data-size", dataSize);
    doc.put("data-sha256", dataSha256);
    doc.put("valid", failure == null);
    return failure;
  }

  private static Map<String, Object> manifestJson(BackupManifest m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("backup-type", m.backupType());
    j.put("backup-id", m.backupId());
    j.put("backup-time", m.backupTime());
    List<Map<String, Object>> files = new ArrayList<>();
    for (BackupManifest.FileInfo f : m.files()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("filename", f.filename());
      e.put("crypt-mode", f.cryptMode().json());
      e.put("size", f.size());
      e.put("csum", f.csumHex());
      files.add(e);
    }
    j.put("files", files);
    j.put(
        "verify-state",
        m.verifyState()
            .map(v -> Map.of("upid", String.valueOf(v.upid()), "state", String.valueOf(v.state())))
            .orElse(null));
    j.put("signed", m.signature().isPresent());
    return j;
  }

  private CorruptFileException gcStatus(Map<String, Object> doc) throws IOException {
    doc.put("type", "gc-status");
    GcStatus s = GcStatus.load(file);
    doc.put("gc-status", GcStatusCommand.statusJson(s));
    doc.put("valid", true);
    return null;
  }

  private static byte[] readHead(Path p, int max) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(max);
    }
  }

  @SuppressWarnings("unchecked")
  private static void printHuman(Map<String, Object> doc, PrintWriter w) {
    w.println("file: " + doc.get("path"));
    w.println(
        "type: " + doc.get("type") + (doc.containsKey("kind") ? " (" + doc.get("kind") + ")" : ""));
    if (doc.containsKey("header")) {
      HeaderField.table((List<Map<String, Object>>) doc.get("header")).print(w);
    }
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      switch (e.getKey()) {
        case "path", "type", "kind", "header", "digests", "manifest" -> {}
        default -> w.println(e.getKey() + ": " + (e.getValue() == null ? "-" : e.getValue()));
      }
    }
    if (doc.get("manifest") instanceof Map<?, ?> m) {
      w.println(
          "manifest: "
              + m.get("backup-type")
              + "/"
              + m.get("backup-id")
              + " at "
              + m.get("backup-time")
              + ", verify state "
              + m.get("verify-state"));
      Table t = new Table().column("archive").column("crypt-mode").column("size").column("csum");
      for (Map<String, Object> f : (List<Map<String, Object>>) m.get("files")) {
        t.row(
            f.get("filename"),
            f.get("crypt-mode"),
            HumanBytes.format((Long) f.get("size")),
            f.get("csum"));
      }
      t.print(w);
    }
    if (doc.get("digests") instanceof List<?> list) {
      int count = (Integer) doc.get("entry-count");
      w.println(
          "digests ("
              + list.size()
              + " of "
              + count
              + (list.size() < count ? "; --all for every one" : "")
              + "):");
      boolean dynamic = "dynamic-index".equals(doc.get("type"));
      Table t = new Table().column("#").column("digest", Table.Align.LEFT);
      if (dynamic) {
        t.column("end");
      }
      for (Map<String, Object> e : (List<Map<String, Object>>) list) {
        if (dynamic) {
          t.row(e.get("index"), e.get("digest"), e.get("end"));
        } else {
          t.row(e.get("index"), e.get("digest"));
        }
      }
      t.print(w);
    }
  }
}
