package io.gavel.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One line of the append-only audit log: who tried what, on what, and how it ended. Read-only
 * here: rows are written only by {@link io.gavel.audit.control.AuditLog}'s {@code INSERT}, which
 * lets the database number them ({@code AUTO_INCREMENT}).
 */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

  @Id private Long id;

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
}
