package io.gavel.audit.control;

import io.gavel.platform.boundary.SchemaMigration;
import io.gavel.platform.control.Rows;
import io.gavel.users.entity.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Appends to the audit log inside the caller's transaction, so an entry exists exactly when the
 * use case it describes committed (or, for rejections, when the rejection was recorded).
 */
@Dependent
public class AuditLog {

  @Resource(lookup = SchemaMigration.DATA_SOURCE)
  DataSource db;

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
    Rows statements = new Rows();
    write(statements, entries);
    statements.write(db);
  }

  /**
   * Adds the multi-row insert of {@code entries} to {@code statements}, which the caller writes
   * in its transaction.
   */
  public static void write(Rows statements, List<Pending> entries) {
    statements.insert(
        "audit_log (occurred_at, actor_id, action, subject, outcome, detail, client_ip)",
        entries,
        e ->
            new Object[] {
              e.at(),
              e.caller() == null ? null : e.caller().id(),
              e.action(),
              e.subject(),
              e.outcome(),
              e.detail(),
              e.caller() == null ? null : e.caller().clientIp()
            });
  }

  /** Appends one entry, in the caller's transaction. */
  public void record(
      Caller caller, String action, String subject, String outcome, String detail, Instant now) {
    recordAll(List.of(new Pending(caller, action, subject, outcome, detail, now)));
  }
}
