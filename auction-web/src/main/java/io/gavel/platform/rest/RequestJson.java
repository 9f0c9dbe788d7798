package io.gavel.platform.rest;

import io.gavel.platform.entity.Refusal;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * A request body read strictly: it must be one JSON object, every member must have the type the
 * contract gives it (money is a string, never a number), and members the contract does not
 * know are refused rather than silently ignored. Every failure is a 400/422 problem.
 */
public final class RequestJson {

  public static final int MAX_BYTES = 64 * 1024;

  /** Looked up once: each Json.create… call searches the class loader for a provider. */
  public static final JsonProvider JSON = JsonProvider.provider();

  /**
   * Readers of what clients send: a member named twice in one object is malformed, not "the last
   * one wins" ({@code {"amount": "10.00", "amount": "900.00"}} would bid what the client's own
   * checks may not have seen).
   */
  public static final JsonReaderFactory CLIENT_JSON =
      JSON.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

  private final JsonObject object;
  private final String path;

  private RequestJson(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  /** An object already read (a WebSocket message), checked by the same rules as a body. */
  public static RequestJson of(JsonObject object) {
    return new RequestJson(object, "");
  }

  /** Parses {@code body}; {@code allowed} lists the member names the contract defines. */
  public static RequestJson parse(String body, Set<String> allowed) {
    if (body == null || body.isBlank()) {
      throw new Refusal(400, "MALFORMED_JSON", "the request needs a JSON object body");
    }
    if (body.length() > MAX_BYTES) {
      throw new Refusal(413, "PAYLOAD_TOO_LARGE", "request bodies are limited to 64 KiB");
    }
    JsonValue value;
    try (var reader = CLIENT_JSON.createReader(new StringReader(body))) {
      value = reader.readValue();
    } catch (JsonParsingException e) {
      throw new Refusal(400, "MALFORMED_JSON", "malformed JSON: " + e.getMessage());
    } catch (JsonException e) {
      throw new Refusal(400, "MALFORMED_JSON", "malformed JSON");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new Refusal(400, "MALFORMED_JSON", "the body must be a JSON object");
    }
    return new RequestJson(value.asJsonObject(), "").only(allowed);
  }

  /** Refuses members outside {@code allowed}. */
  public RequestJson only(Set<String> allowed) {
    for (String name : object.keySet()) {
      if (!allowed.contains(name)) {
        throw new Refusal(422, "UNKNOWN_FIELD", "unknown field '" + path + name + "'");
      }
    }
    return this;
  }

  public boolean has(String name) {
    return object.containsKey(name) && object.get(name).getValueType() != JsonValue.ValueType.NULL;
  }

  /** A string member, or null when absent or JSON null and not required. */
  public String string(String name, boolean required) {
    JsonValue v = object.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      if (required) {
        throw new Refusal(422, "MISSING_FIELD", "'" + path + name + "' is required");
      }
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.STRING) {
      throw new Refusal(
          422, "INVALID_FIELD", "'" + path + name + "' must be a string, got " + v.getValueType());
    }
    return ((JsonString) v).getString();
  }

  /** A string of 1..{@code max} characters. */
  public String text(String name, boolean required, int max) {
    String s = string(name, required);
    if (s != null && (s.isBlank() || s.length() > max)) {
      throw new Refusal(
          422, "INVALID_FIELD", "'" + path + name + "' must have 1 to " + max + " characters");
    }
    return s;
  }

  /** An integer member within bounds, or null when absent and not required. */
  public Integer integer(String name, boolean required, int min, int max) {
    JsonValue v = object.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      if (required) {
        throw new Refusal(422, "MISSING_FIELD", "'" + path + name + "' is required");
      }
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
      throw new Refusal(422, "INVALID_FIELD", "'" + path + name + "' must be an integer");
    }
    long value;
    try {
      value = ((JsonNumber) v).longValueExact();
    } catch (ArithmeticException e) {
      throw new Refusal(422, "INVALID_FIELD", "'" + path + name + "' is out of range");
    }
    if (value < min || value > max) {
      throw new Refusal(
          422, "INVALID_FIELD", "'" + path + name + "' must lie in " + min + ".." + max);
    }
    return (int) value;
  }

  /** An opaque id: the contract sends ids as strings of digits. */
  public Long id(String name, boolean required) {
    String s = string(name, required);
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new Refusal(422, "INVALID_FIELD", "'" + path + name + "' is not a known id");
    }
  }

  /** An ISO-8601 instant such as {@code 2026-12-01T18:00:00.000Z}. */
  public Instant instant(String name, boolean required) {
    String s = string(name, required);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new Refusal(
          422, "INVALID_FIELD", "'" + path + name + "' must be an ISO-8601 UTC timestamp");
    }
  }

  /** An enum member given by name; unknown names are refused. */
  public <E extends Enum<E>> E enumValue(String name, Class<E> type, boolean required) {
    String s = string(name, required);
    if (s == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          422,
          "INVALID_FIELD",
          "'" + path + name + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  /** A nested object member, or null when absent or JSON null. */
  public RequestJson object(String name, Set<String> allowed) {
    JsonValue v = object.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new Refusal(422, "INVALID_FIELD", "'" + path + name + "' must be an object");
    }
    return new RequestJson(v.asJsonObject(), path + name + ".").only(allowed);
  }

  /** A boolean member; {@code false} when absent or JSON null. */
  public boolean bool(String name) {
    JsonValue v = object.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return false;
    }
    if (v.getValueType() != JsonValue.ValueType.TRUE && v.getValueType() != JsonValue.ValueType.FALSE) {
      throw new Refusal(422, "INVALID_FIELD", "'" + path + name + "' must be true or false");
    }
    return v.getValueType() == JsonValue.ValueType.TRUE;
  }

  /** An array of objects, each with only {@code allowed} members; empty when absent. */
  public java.util.List<RequestJson> objects(String name, Set<String> allowed) {
    JsonValue v = object.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return java.util.List.of();
    }
    if (v.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new Refusal(422, "INVALID_FIELD", "'" + path + name + "' must be an array");
    }
    java.util.List<RequestJson> items = new java.util.ArrayList<>();
    int i = 0;
    for (JsonValue item : v.asJsonArray()) {
      String itemPath = path + name + "[" + i++ + "]";
      if (item.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new Refusal(422, "INVALID_FIELD", "'" + itemPath + "' must be an object");
      }
      items.add(new RequestJson(item.asJsonObject(), itemPath + ".").only(allowed));
    }
    return items;
  }

  /** A nested member kept as raw JSON (free-form item details). */
  public JsonValue raw(String name) {
    return object.get(name);
  }

  public JsonObject json() {
    return object;
  }

  public String path() {
    return path;
  }
}
