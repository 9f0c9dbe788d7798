package io.gavel.users.entity;

import io.gavel.platform.entity.IdBlocks;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user's request to be verified (KYC). It waits for its documents ({@code AWAITING_DOCUMENTS}),
 * then for staff ({@code PENDING}), who approve or reject it with a reason. A user has at most one
 * open request; after a rejection they may submit a new one.
 */
@Entity
@Table(name = "kyc_verifications")
@NamedQuery(
    name = Verification.OF_USER,
    query = "SELECT v FROM Verification v WHERE v.userId = :userId ORDER BY v.id DESC")
@NamedQuery(
    name = Verification.WITH_STATUS,
    query = "SELECT v FROM Verification v WHERE v.status = :status ORDER BY v.id")
@NamedQuery(
    name = Verification.COUNT_WITH_STATUS,
    query = "SELECT COUNT(v) FROM Verification v WHERE v.status = :status")
public class Verification {

  public static final String OF_USER = "Verification.ofUser";
  public static final String WITH_STATUS = "Verification.withStatus";
  public static final String COUNT_WITH_STATUS = "Verification.countWithStatus";

  public enum Status {
    AWAITING_DOCUMENTS,
    PENDING,
    APPROVED,
    REJECTED
  }

  /** From a block of ids, see {@link IdBlocks}. */
  @Id
  @GeneratedValue(strategy = GenerationType.TABLE, generator = "kyc_verifications")
  private Long id;

  @Column(name = "user_id")
  private String userId;

  @Enumerated(EnumType.STRING)
  @Column(name = "requested_level")
  private User.KycLevel requestedLevel;

  private boolean seller;
  private boolean business;

  @Column(name = "company_name")
  private String companyName;

  @Column(name = "registration_number")
  private String registrationNumber;

  @Enumerated(EnumType.STRING)
  private Status status;

  @Column(name = "submitted_at")
  private Instant submittedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @Column(name = "decided_by")
  private String decidedBy;

  @Column(name = "decision_reason")
  private String decisionReason;

  @OneToMany(mappedBy = "verification", cascade = CascadeType.ALL)
  @OrderBy("docNo")
  private List<VerificationDocument> documents = new ArrayList<>();

  protected Verification() {
    // for JPA
  }

  /** A new request of {@code userId}, already {@link VerificationRequest#check checked}. */
  public Verification(String userId, VerificationRequest request, Instant now) {
    this.userId = Objects.requireNonNull(userId);
    this.requestedLevel = request.level();
    this.seller = request.seller();
    this.business = request.business();
    this.companyName = request.companyName();
    this.registrationNumber = request.registrationNumber();
    this.status = Status.AWAITING_DOCUMENTS;
    this.submittedAt = now;
    int no = 1;
    for (VerificationRequest.Document d : request.documents()) {
      documents.add(new VerificationDocument(this, no++, d));
    }
  }

  /** Whether it still waits for documents or for a decision (a user may have one open request). */
  public boolean isOpen() {
    return status == Status.AWAITING_DOCUMENTS || status == Status.PENDING;
  }

  /** Document {@code docNo}, or null. */
  public VerificationDocument document(int docNo) {
    return docNo < 1 || docNo > documents.size() ? null : documents.get(docNo - 1);
  }

  /**
   * Records that document {@code docNo} arrived intact and is stored at {@code storageKey}. When
   * it was the last one missing, the request goes to staff ({@code PENDING}).
   *
   * @throws IllegalStateException when the request no longer accepts documents
   */
  public void documentUploaded(int docNo, String storageKey, Instant now) {
    if (status != Status.AWAITING_DOCUMENTS) {
      throw new IllegalStateException("verification " + id + " is " + status + " and takes no more documents");
    }
    document(docNo).uploaded(storageKey, now);
    if (documents.stream().allMatch(VerificationDocument::isUploaded)) {
      status = Status.PENDING;
      completedAt = now;
    }
  }

  /**
   * Staff grant what was asked: the level (never lowering the user's), seller verification and the
   * business-account flag, as asked.
   *
   * @throws IllegalStateException unless the request is PENDING
   */
  public void approve(User user, String staffId, String reason, Instant now) {
    decide(Status.APPROVED, staffId, reason, now);
    user.verified(requestedLevel, seller, business);
  }

  /** Staff refuse the request; the user may submit a new one. */
  public void reject(String staffId, String reason, Instant now) {
    decide(Status.REJECTED, staffId, Objects.requireNonNull(reason, "a rejection needs a reason"), now);
  }

  private void decide(Status decision, String staffId, String reason, Instant now) {
    if (status != Status.PENDING) {
      throw new IllegalStateException("verification " + id + " is " + status + ", not PENDING");
    }
    this.status = decision;
    this.decidedBy = staffId;
    this.decisionReason = reason;
    this.decidedAt = now;
  }

  public Long id() {
    return id;
  }

  public String userId() {
    return userId;
  }

  public User.KycLevel requestedLevel() {
    return requestedLevel;
  }

  public boolean seller() {
    return seller;
  }

  public boolean business() {
    return business;
  }

  public String companyName() {
    return companyName;
  }

  public String registrationNumber() {
    return registrationNumber;
  }

  public Status status() {
    return status;
  }

  public Instant submittedAt() {
    return submittedAt;
  }

  public Instant completedAt() {
    return completedAt;
  }

  public Instant decidedAt() {
    return decidedAt;
  }

  public String decidedBy() {
    return decidedBy;
  }

  public String decisionReason() {
    return decisionReason;
  }

  public List<VerificationDocument> documents() {
    return List.copyOf(documents);
  }
}
