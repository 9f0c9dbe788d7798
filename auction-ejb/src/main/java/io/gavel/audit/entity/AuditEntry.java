package io.gavel.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the append-only audit log: who tried what, on what, and how it ended. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "occurred_at")
  private Instant occurredAt;

  @Column(name = "actor_id")
  private String actorId;

  private String action;
  private String subject;
  private String outcome;
  private String detail;

  @Column(name = "client_ip")
  private String clientIp;

  protected AuditEntry() {
    // for JPA
  }

  public AuditEntry(
      Instant occurredAt,
      String actorId,
      String action,
      String subject,
      String outcome,
      String detail,
      String clientIp) {
    this.occurredAt = occurredAt;
    this.actorId = actorId;
    this.action = action;
    this.subject = subject;
    this.outcome = outcome;
    this.detail = detail;
    this.clientIp = clientIp;
  }
}
