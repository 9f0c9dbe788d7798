package io.gavel.users.boundary;

import io.gavel.platform.entity.IsoTime;
import io.gavel.users.entity.Verification;
import io.gavel.users.entity.VerificationDocument;
import java.util.List;

/**
 * A verification request as its user and staff see it. {@code decidedBy} (which staff member
 * decided) is shown to staff only; the reason is shown to both, so a rejected user knows what to
 * fix. Null members are left out of the JSON.
 */
public record VerificationView(
    String id,
    String userId,
    String level,
    boolean seller,
    boolean businessAccount,
    String companyName,
    String registrationNumber,
    String status,
    String submittedAt,
    String completedAt,
    String decidedAt,
    String decidedBy,
    String reason,
    List<Document> documents) {

  /** A document: what was declared, and whether the file arrived. */
  public record Document(
      String id, String kind, String fileName, String contentType, long size, String sha256, boolean uploaded,
      String uploadedAt) {}

  public static VerificationView of(Verification v, boolean staff) {
    return new VerificationView(
        String.valueOf(v.id()),
        v.userId(),
        v.requestedLevel().name(),
        v.seller(),
        v.business(),
        v.companyName(),
        v.registrationNumber(),
        v.status().name(),
        IsoTime.format(v.submittedAt()),
        v.completedAt() == null ? null : IsoTime.format(v.completedAt()),
        v.decidedAt() == null ? null : IsoTime.format(v.decidedAt()),
        staff ? v.decidedBy() : null,
        v.decisionReason(),
        v.documents().stream().map(VerificationView::document).toList());
  }

  private static Document document(VerificationDocument d) {
    return new Document(
        String.valueOf(d.docNo()),
        d.kind().name(),
        d.fileName(),
        d.contentType(),
        d.size(),
        d.sha256(),
        d.isUploaded(),
        d.uploadedAt() == null ? null : IsoTime.format(d.uploadedAt()));
  }
}
