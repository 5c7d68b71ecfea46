package org.jpbs.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.jpbs.format.ChunkDigest;

/** {@link Output} writing exactly one JSON document per command. */
public final class JsonOutput implements Output {
  private static final ObjectMapper MAPPER = newMapper();

  private final PrintWriter out;
  private final PrintWriter err;
  private boolean emitted;

  JsonOutput(PrintWriter out, PrintWriter err) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  /** The mapper behind {@code --json}: kebab-case names, indented, stable value encodings. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  @Override
  public boolean isJson() {
    return true;
  }

  @Override
  public void emit(Object report, Consumer<PrintWriter> human) {
    if (emitted) {
      throw new IllegalStateException("a JSON result was already emitted by this command");
    }
    String json;
    try {
      json = MAPPER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialise " + report.getClass().getName(), e);
    }
    emitted = true;
    out.println(json);
    out.flush();
  }

  @Override
  public void note(String line) {
    err.println(line);
    err.flush();
  }

  @Override
  public void warn(String line) {
    err.println("jpbs: warning: " + line);
    err.flush();
  }

  private static ObjectMapper newMapper() {
    SimpleModule values = new SimpleModule("jpbs-values");
    values.addSerializer(
        Instant.class,
        new ValueSerializer<>(Instant.class, (v, g) -> g.writeNumber(v.getEpochSecond())));
    values.addSerializer(
        Duration.class,
        new ValueSerializer<>(
            Duration.class,
            (v, g) ->
                g.writeNumber(
                    BigDecimal.valueOf(v.getSeconds())
                        .add(BigDecimal.valueOf(v.getNano(), 9))
                        .stripTrailingZeros())));
    values.addSerializer(
        Path.class, new ValueSerializer<>(Path.class, (v, g) -> g.writeString(v.toString())));
    values.addSerializer(
        ChunkDigest.class,
        new ValueSerializer<>(ChunkDigest.class, (v, g) -> g.writeString(v.toHex())));
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .addModule(values)
        .build();
  }

  /** Writes one value type with a lambda. */
  private static final class ValueSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    interface Writer<T> {
      void write(T value, JsonGenerator gen) throws IOException;
    }

    private final transient Writer<T> writer;

    ValueSerializer(Class<T> type, Writer<T> writer) {
      super(type);
      this.writer = writer;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      writer.write(value, gen);
    }
  }
}
