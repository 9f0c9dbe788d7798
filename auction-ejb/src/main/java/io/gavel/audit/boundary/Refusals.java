package io.gavel.audit.boundary;

import io.gavel.audit.control.AuditLog;
import io.gavel.users.entity.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * Audits refusals of role-sensitive requests (a missing role, someone else's auction or
 * verification, a seller not verified enough, a document that does not match its checksum). A
 * refusal rolls its own transaction back, so the entry is written in a transaction of its own: it
 * stays even though nothing else of the request does.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Refusals {

  @Inject AuditLog audit;

  private final Clock clock = Clock.systemUTC();

  /**
   * Records that {@code caller} (null: anonymous) was refused {@code action} on {@code subject}
   * with the problem {@code code} (the entry's outcome).
   */
  public void record(Caller caller, String action, String subject, String code, String detail) {
    audit.record(caller, action, subject, code, detail, Instant.now(clock));
  }
}
