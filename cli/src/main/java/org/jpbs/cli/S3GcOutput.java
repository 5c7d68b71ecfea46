package org.jpbs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import org.jpbs.cli.output.Table;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcListener;
import org.jpbs.gc.GcOptions;
import org.jpbs.s3.S3Datastore;
import org.jpbs.s3.gc.S3GarbageCollection;
import org.jpbs.s3.gc.S3GcRequests;
import org.jpbs.s3.gc.StoreClock;

/**
 * {@code jpbs gc} on an S3 datastore: runs {@link S3GarbageCollection} and adds its S3 numbers to
 * the report, the requests per type (LIST, GET, PUT, HEAD, DeleteObjects, DELETE), the objects
 * deleted, the cache files cleaned and the measured clock skew.
 */
final class S3GcOutput {
  private S3GcOutput() {}

  static S3GarbageCollection.Result run(
      S3Datastore s3, GcEnvironment env, GcOptions options, GcListener listener, long maxSkew)
      throws IOException, InterruptedException {
    return S3GarbageCollection.run(
        env,
        s3.client(),
        s3.chunks(),
        options,
        listener,
        S3GarbageCollection.Settings.defaults().withMaxSkew(Duration.ofSeconds(maxSkew)));
  }

  /**
   * {@code "s3": {"requests": {"list", "get", "put", "head", "delete-objects", "delete"},
   * "deleted-objects", "cleaned-cache-files", "clock-skew-min", "clock-skew-max"}}.
   */
  static void addJson(ObjectNode json, S3GarbageCollection.Result r) {
    ObjectNode s3 = json.putObject("s3");
    S3GcRequests q = r.requests();
    ObjectNode req = s3.putObject("requests");
    req.put("list", q.list());
    req.put("get", q.get());
    req.put("put", q.put());
    req.put("head", q.head());
    req.put("delete-objects", q.deleteObjects());
    req.put("delete", q.delete());
    s3.put("deleted-objects", r.sweep().deletedObjects());
    s3.put("cleaned-cache-files", r.sweep().cleanedLocalFiles());
    StoreClock c = r.sweep().clock();
    if (c != null) {
      s3.put("clock-skew-min", c.skewLow());
      s3.put("clock-skew-max", c.skewHigh());
    }
  }

  static void printHuman(S3GarbageCollection.Result r, PrintWriter w) {
    S3GcRequests q = r.requests();
    StoreClock c = r.sweep().clock();
    new Table()
        .column("s3", Table.Align.LEFT)
        .column("result", Table.Align.LEFT)
        .row(
            "requests",
            q.list()
                + " LIST, "
                + q.deleteObjects()
                + " DeleteObjects, "
                + q.get()
                + " GET, "
                + q.put()
                + " PUT, "
                + q.head()
                + " HEAD, "
                + q.delete()
                + " DELETE")
        .row("deleted objects", r.sweep().deletedObjects())
        .row("cleaned cache files", r.sweep().cleanedLocalFiles())
        .row("clock skew", c == null ? "not measured" : c.describe() + " (store - host)")
        .print(w);
  }
}
