package io.gavel.audit.control;

import io.gavel.auction.entity.InstantConverter;
import io.gavel.platform.control.Rows;
import io.gavel.users.entity.Caller;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * Appends to the audit log inside the caller's transaction, so an entry exists exactly when the
 * use case it describes committed (or, for rejections, when the rejection was recorded).
 */
@Dependent
public class AuditLog {

  @PersistenceContext EntityManager em;

  @Inject
  public AuditLog() {}

  /** One entry waiting to be written with others by {@link #recordAll}. */
  public record Pending(
      Caller caller, String action, String subject, String outcome, String detail, Instant at) {}

  /**
   * Appends several entries with one multi-row statement (no ids are needed back), in the
   * caller's transaction: a busy auction's batch can refuse hundreds of bids at once.
   */
  public void recordAll(List<Pending> entries) {
    InstantConverter utc = new InstantConverter();
    Rows.insert(
        em,
        "audit_log (occurred_at, actor_id, action, subject, outcome, detail, client_ip)",
        entries.stream()
            .map(
                e ->
                    new Object[] {
                      utc.convertToDatabaseColumn(e.at()),
                      e.caller() == null ? null : e.caller().id(),
                      e.action(),
                      e.subject(),
                      e.outcome(),
                      e.detail(),
                      e.caller() == null ? null : e.caller().clientIp()
                    })
            .toList(),
        "");
  }

  /** Appends one entry, in the caller's transaction. */
  public void record(
      Caller caller, String action, String subject, String outcome, String detail, Instant now) {
    recordAll(List.of(new Pending(caller, action, subject, outcome, detail, now)));
  }
}
