package io.gavel.audit.control;

import io.gavel.audit.entity.AuditEntry;
import io.gavel.users.entity.Caller;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * Appends to the audit log inside the caller's transaction, so an entry exists exactly when the
 * use case it describes committed (or, for rejections, when the rejection was recorded).
 */
@Dependent
public class AuditLog {

  @PersistenceContext EntityManager em;

  @Inject
  public AuditLog() {}

  public void record(
      Caller caller, String action, String subject, String outcome, String detail, Instant now) {
    em.persist(
        new AuditEntry(
            now,
            caller == null ? null : caller.id(),
            action,
            subject,
            outcome,
            detail,
            caller == null ? null : caller.clientIp()));
  }
}
