package io.gavel.platform.entity;

import jakarta.ejb.ApplicationException;
import java.util.Map;

/**
 * A request the business rules refuse, with the contract's stable machine code and the HTTP
 * status it stands for. Rolls back the transaction: nothing of a refused request is kept.
 */
@ApplicationException(rollback = true)
public class Refusal extends RuntimeException {

  private final int status;
  private final String code;
  private final transient Map<String, Object> extensions;

  public Refusal(int status, String code, String detail) {
    this(status, code, detail, Map.of());
  }

  public Refusal(int status, String code, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.extensions = Map.copyOf(extensions);
  }

  public static Refusal notFound(String what) {
    return new Refusal(404, "NOT_FOUND", what + " does not exist");
  }

  public static Refusal invalid(String code, String detail) {
    return new Refusal(422, code, detail);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Extra members of the problem document, e.g. {@code nextMinimumBid}. */
  public Map<String, Object> extensions() {
    return extensions;
  }
}
