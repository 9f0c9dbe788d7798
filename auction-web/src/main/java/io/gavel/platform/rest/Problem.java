package io.gavel.platform.rest;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** RFC 9457 problem documents with the contract's stable {@code code}. */
public final class Problem {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

  private Problem() {}

  public static JsonObject body(int status, String code, String detail, Map<String, ?> extra) {
    JsonObjectBuilder b =
        RequestJson.JSON.createObjectBuilder()
            .add("type", "about:blank")
            .add("status", status)
            .add("title", title(status))
            .add("code", code)
            .add("detail", detail == null ? title(status) : detail);
    extra.forEach((k, v) -> b.add(k, String.valueOf(v)));
    return b.build();
  }

  public static Response response(int status, String code, String detail) {
    return response(status, code, detail, Map.of());
  }

  public static Response response(int status, String code, String detail, Map<String, ?> extra) {
    return Response.status(status)
        .type(PROBLEM_JSON)
        .entity(body(status, code, detail, extra).toString())
        .build();
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
