package io.gavel.audit.control;

import io.gavel.auction.entity.InstantConverter;
import io.gavel.users.entity.Caller;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
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
    if (entries.isEmpty()) {
      return;
    }
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO audit_log (occurred_at, actor_id, action, subject, outcome, detail, client_ip) VALUES ");
    for (int i = 0; i < entries.size(); i++) {
      sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)");
    }
    Query insert = em.createNativeQuery(sql.toString());
    InstantConverter utc = new InstantConverter();
    int p = 1;
    for (Pending e : entries) {
      insert
          .setParameter(p++, utc.convertToDatabaseColumn(e.at()))
          .setParameter(p++, e.caller() == null ? null : e.caller().id())
          .setParameter(p++, e.action())
          .setParameter(p++, e.subject())
          .setParameter(p++, e.outcome())
          .setParameter(p++, e.detail())
          .setParameter(p++, e.caller() == null ? null : e.caller().clientIp());
    }
    insert.executeUpdate();
  }

  /** Appends one entry, in the caller's transaction. */
  public void record(
      Caller caller, String action, String subject, String outcome, String detail, Instant now) {
    recordAll(List.of(new Pending(caller, action, subject, outcome, detail, now)));
  }
}
