package io.gavel.users.boundary;

import io.gavel.audit.boundary.Refusals;
import io.gavel.audit.control.AuditLog;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.control.DocumentStore;
import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import io.gavel.users.entity.Verification;
import io.gavel.users.entity.VerificationDocument;
import io.gavel.users.entity.VerificationRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The KYC workflow: a user submits a verification request with document metadata, uploads each
 * file (checked against its declared size and SHA-256, stored outside the database), and staff
 * approve or reject it with a reason. Every step, and every refused decision, is audited under
 * the subject {@code user:<id>}.
 */
@Stateless
public class Verifications {

  @PersistenceContext EntityManager em;

  @Inject Users users;
  @Inject AuditLog audit;
  @Inject Refusals refusals;
  @Inject DocumentStore store;

  private final Clock clock = Clock.systemUTC();

  /** What an upload must match: the declared size and SHA-256. */
  public record Expected(long size, String sha256) {}

  /** A stored document as staff download it. */
  public record File(String fileName, String contentType, String sha256, byte[] bytes) {}

  /**
   * Opens a verification request for the caller.
   *
   * @throws Refusal 409 VERIFICATION_OPEN while another request is open; the request's own rules
   *     ({@link VerificationRequest#check})
   */
  public VerificationView submit(Caller caller, VerificationRequest request) {
    Instant now = Instant.now(clock);
    users.profileOf(caller);
    // the profile's row lock serialises one user's submissions: at most one open request
    User user = em.find(User.class, caller.id(), LockModeType.PESSIMISTIC_WRITE);
    Verification latest = latestOf(caller.id());
    if (latest != null && latest.isOpen()) {
      throw new Refusal(
          409,
          "VERIFICATION_OPEN",
          "verification " + latest.id() + " is " + latest.status() + "; wait for its decision");
    }
    request.check(user, store.maxBytes());
    Verification verification = new Verification(caller.id(), request, now);
    em.persist(verification);
    em.flush();
    audit.record(
        caller,
        "kyc.submitted",
        subject(caller.id()),
        verification.status().name(),
        "verification " + verification.id() + ": level " + request.level()
            + (request.seller() ? ", seller" : "") + (request.business() ? ", business account" : "")
            + ", documents " + request.documents().stream().map(d -> d.kind().name()).toList(),
        now);
    return VerificationView.of(verification, false);
  }

  /** The caller's latest request. */
  public VerificationView latest(Caller caller) {
    Verification latest = latestOf(caller.id());
    if (latest == null) {
      throw Refusal.notFound("a verification request of yours");
    }
    return VerificationView.of(latest, false);
  }

  /**
   * What the caller's upload of document {@code docNo} must match, before the file is streamed.
   *
   * @throws Refusal 404 for someone else's request or an unknown document; 409
   *     VERIFICATION_NOT_OPEN once it no longer takes documents
   */
  public Expected expectUpload(Caller caller, long id, int docNo) {
    Verification v = own(caller, id);
    VerificationDocument document = documentOf(v, docNo);
    if (v.status() != Verification.Status.AWAITING_DOCUMENTS) {
      throw notOpen(v);
    }
    return new Expected(document.size(), document.sha256());
  }

  /**
   * Records document {@code docNo} as stored at {@code storageKey}; the request goes to staff when
   * it was the last one. Uploading the same document again changes nothing.
   */
  public VerificationView recordUpload(Caller caller, long id, int docNo, String storageKey) {
    Instant now = Instant.now(clock);
    Verification v = em.find(Verification.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (v == null || !v.userId().equals(caller.id())) {
      throw Refusal.notFound("verification " + id);
    }
    VerificationDocument document = documentOf(v, docNo);
    if (document.isUploaded() && storageKey.equals(document.storageKey())) {
      return VerificationView.of(v, false);
    }
    if (v.status() != Verification.Status.AWAITING_DOCUMENTS) {
      throw notOpen(v);
    }
    v.documentUploaded(docNo, storageKey, now);
    audit.record(
        caller,
        "kyc.document.uploaded",
        subject(caller.id()),
        v.status().name(),
        "verification " + id + ", document " + docNo + " " + document.kind() + ", "
            + document.size() + " bytes, sha256 " + document.sha256(),
        now);
    return VerificationView.of(v, false);
  }

  /** Audits an upload refused for not matching its declaration (its own transaction). */
  public void uploadRefused(Caller caller, long id, int docNo, Refusal refusal) {
    refusals.record(
        caller, "kyc.document.uploaded", subject(caller.id()), refusal.code(),
        "verification " + id + ", document " + docNo + ": " + refusal.getMessage());
  }

  /** Requests with {@code status}, oldest first, for staff. */
  public List<VerificationView> withStatus(Verification.Status status, int page, int size) {
    return em.createNamedQuery(Verification.WITH_STATUS, Verification.class)
        .setParameter("status", status)
        .setFirstResult(page * size)
        .setMaxResults(size)
        .getResultList()
        .stream()
        .map(v -> VerificationView.of(v, true))
        .toList();
  }

  public long countWithStatus(Verification.Status status) {
    return em.createNamedQuery(Verification.COUNT_WITH_STATUS, Long.class)
        .setParameter("status", status)
        .getSingleResult();
  }

  /** One request, for staff. */
  public VerificationView find(long id) {
    Verification v = em.find(Verification.class, id);
    if (v == null) {
      throw Refusal.notFound("verification " + id);
    }
    return VerificationView.of(v, true);
  }

  /**
   * A stored document for staff, checked against its SHA-256; each read is audited, since these
   * are identity papers.
   */
  public File document(Caller staff, long id, int docNo) {
    Verification v = em.find(Verification.class, id);
    if (v == null) {
      throw Refusal.notFound("verification " + id);
    }
    VerificationDocument d = documentOf(v, docNo);
    if (!d.isUploaded()) {
      throw new Refusal(409, "DOCUMENT_NOT_UPLOADED", "document " + docNo + " has not been uploaded yet");
    }
    byte[] bytes = store.read(d.storageKey(), d.sha256());
    audit.record(
        staff, "kyc.document.read", subject(v.userId()), "READ",
        "verification " + id + ", document " + docNo + " " + d.kind(), Instant.now(clock));
    return new File(d.fileName(), d.contentType(), d.sha256(), bytes);
  }

  /**
   * Staff approve (granting the level, seller verification and business flag asked for) or reject
   * a pending request, with a reason (required to reject). Nobody decides their own request.
   *
   * @throws Refusal 404 unknown; 403 OWN_VERIFICATION; 409 VERIFICATION_NOT_PENDING
   */
  public VerificationView decide(Caller staff, long id, boolean approve, String reason) {
    Instant now = Instant.now(clock);
    Verification v = em.find(Verification.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (v == null) {
      throw Refusal.notFound("verification " + id);
    }
    String action = approve ? "kyc.approved" : "kyc.rejected";
    if (v.userId().equals(staff.id())) {
      Refusal own = new Refusal(403, "OWN_VERIFICATION", "staff cannot decide their own verification");
      refusals.record(staff, action, subject(v.userId()), own.code(), "verification " + id);
      throw own;
    }
    if (v.status() != Verification.Status.PENDING) {
      throw new Refusal(
          409, "VERIFICATION_NOT_PENDING", "verification " + id + " is " + v.status() + ", not PENDING");
    }
    if (!approve && (reason == null || reason.isBlank())) {
      throw Refusal.invalid("MISSING_FIELD", "a rejection needs a 'reason' the user will read");
    }
    if (approve) {
      User user = em.find(User.class, v.userId(), LockModeType.PESSIMISTIC_WRITE);
      v.approve(user, staff.id(), reason, now);
    } else {
      v.reject(staff.id(), reason, now);
    }
    audit.record(
        staff,
        action,
        subject(v.userId()),
        v.status().name(),
        "verification " + id + ": level " + v.requestedLevel() + (v.seller() ? ", seller" : "")
            + (v.business() ? ", business account" : "") + (reason == null ? "" : "; reason: " + reason),
        now);
    return VerificationView.of(v, true);
  }

  private Verification own(Caller caller, long id) {
    Verification v = em.find(Verification.class, id);
    if (v == null || !v.userId().equals(caller.id())) {
      // someone else's request is not revealed, not even its existence
      throw Refusal.notFound("verification " + id);
    }
    return v;
  }

  private static VerificationDocument documentOf(Verification v, int docNo) {
    VerificationDocument d = v.document(docNo);
    if (d == null) {
      throw Refusal.notFound("document " + docNo + " of verification " + v.id());
    }
    return d;
  }

  private Verification latestOf(String userId) {
    List<Verification> latest =
        em.createNamedQuery(Verification.OF_USER, Verification.class)
            .setParameter("userId", userId)
            .setMaxResults(1)
            .getResultList();
    return latest.isEmpty() ? null : latest.get(0);
  }

  private static Refusal notOpen(Verification v) {
    return new Refusal(
        409, "VERIFICATION_NOT_OPEN", "verification " + v.id() + " is " + v.status() + " and takes no documents");
  }

  private static String subject(String userId) {
    return "user:" + userId;
  }
}
