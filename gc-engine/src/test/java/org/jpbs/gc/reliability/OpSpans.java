package org.jpbs.gc.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The races a torture round really ran: from the workers' {@code SPAN} lines, how often a
 * successful operation of one kind overlapped in time a successful one of another kind in another
 * worker (e.g. {@code s|t}: a sync while a GC ran on its target).
 */
final class OpSpans {
  /** The pairs counted: letters of the first operation, letters of the second, label. */
  private static final List<String[]> PAIRS =
      List.of(
          new String[] {"s", "t", "s|t"},
          new String[] {"s", "pf", "s|pf"},
          new String[] {"s", "g", "s|g"},
          new String[] {"s", "mn", "s|mn"},
          new String[] {"mn", "g", "mn|g"},
          new String[] {"mn", "b", "mn|b"},
          new String[] {"mn", "pf", "mn|pf"});

  private record Span(int worker, char op, long start, long end) {}

  private final List<Span> spans = new ArrayList<>();
  private int workers;

  /** Reads the spans of one worker's successful operations. */
  void record(Path out) throws IOException {
    int worker = workers++;
    Span pending = null;
    for (String line : Files.readAllLines(out)) {
      String[] p = line.split(" ");
      if (line.startsWith("SPAN ")) {
        pending = new Span(worker, p[1].charAt(0), Long.parseLong(p[2]), Long.parseLong(p[3]));
      } else if (line.startsWith("RESULT ") && pending != null) {
        if (p[2].equals("OK")) {
          spans.add(pending);
        }
        pending = null;
      }
    }
  }

  /** Adds this round's overlap counts to {@code counts} ("overlap s|t" → n) and forgets them. */
  void tallyInto(Map<String, Integer> counts) {
    for (String[] pair : PAIRS) {
      int n = 0;
      for (Span a : spans) {
        for (Span b : spans) {
          if (a.worker() != b.worker()
              && pair[0].indexOf(a.op()) >= 0
              && pair[1].indexOf(b.op()) >= 0
              && a.start() < b.end()
              && b.start() < a.end()) {
            n++;
          }
        }
      }
      counts.merge("overlap " + pair[2], n, Integer::sum);
    }
    spans.clear();
  }
}
