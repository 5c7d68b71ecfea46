package org.jpbs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.s3.S3CounterFile;
import org.jpbs.s3.S3Statistics;

/**
 * The persisted S3 request counters of a datastore ({@link S3CounterFile}) as {@code jpbs gc
 * status} and {@code jpbs stats} show them: PBS's {@code S3Statistics} fields plus jpbs's {@code
 * list} (ListObjectsV2, a part of {@code get}). Cumulative over every command since the cache was
 * created.
 *
 * @param get GetObject and ListObjectsV2 requests
 * @param list ListObjectsV2 requests (a part of {@code get})
 * @param put PutObject and CopyObject requests
 * @param head HeadObject and HeadBucket requests
 * @param post DeleteObjects requests
 * @param delete DeleteObject requests
 * @param uploaded request body bytes sent
 * @param downloaded GetObject body bytes received
 */
record S3RequestTotals(
    long get,
    long list,
    long put,
    long head,
    long post,
    long delete,
    long uploaded,
    long downloaded) {

  /** The totals of the S3 datastore cached at {@code base}. */
  static S3RequestTotals read(Path base) throws IOException {
    S3CounterFile.Totals t = S3CounterFile.read(base);
    S3Statistics s = t.stats();
    return new S3RequestTotals(
        s.get(), t.list(), s.put(), s.head(), s.post(), s.delete(), s.uploaded(), s.downloaded());
  }

  void addJson(ObjectNode parent, String field) {
    ObjectNode n = parent.putObject(field);
    n.put("get", get);
    n.put("list", list);
    n.put("put", put);
    n.put("head", head);
    n.put("post", post);
    n.put("delete", delete);
    n.put("uploaded", uploaded);
    n.put("downloaded", downloaded);
  }

  /** One line: {@code S3 requests: 3 GET (1 LIST), 2 PUT, ...; 1.0 MiB up, 0 B down}. */
  void printHuman(PrintWriter w) {
    w.println(
        "S3 requests since the cache was created: "
            + get
            + " GET ("
            + list
            + " of them LIST), "
            + put
            + " PUT, "
            + head
            + " HEAD, "
            + post
            + " POST (DeleteObjects), "
            + delete
            + " DELETE; "
            + HumanBytes.format(uploaded)
            + " uploaded, "
            + HumanBytes.format(downloaded)
            + " downloaded");
  }
}
