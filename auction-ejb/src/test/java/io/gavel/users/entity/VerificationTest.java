package io.gavel.users.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.users.entity.VerificationRequest.Document;
import io.gavel.users.entity.VerificationRequest.DocumentKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationTest {

  private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);
  private static final String SHA_C = "c".repeat(64);

  private static User user() {
    return new User("sub-1", "alice", "Alice", T0.minus(Duration.ofDays(30)));
  }

  private static VerificationRequest request(User.KycLevel level, boolean seller, boolean business) {
    return new VerificationRequest(
        level,
        seller,
        business,
        business ? "Acme Ltd" : null,
        business ? "HRB 12345" : null,
        List.of(
            new Document(DocumentKind.PASSPORT, "passport.pdf", "application/pdf", 1200, SHA_A),
            new Document(DocumentKind.PROOF_OF_ADDRESS, "bill.png", "image/png", 800, SHA_B),
            new Document(DocumentKind.BUSINESS_REGISTRATION, "register.jpg", "image/jpeg", 400, SHA_C)));
  }

  private static Verification submitted(User.KycLevel level, boolean seller, boolean business) {
    return new Verification("sub-1", request(level, seller, business), T0);
  }

  private static Verification pending(User.KycLevel level, boolean seller, boolean business) {
    Verification v = submitted(level, seller, business);
    v.documentUploaded(1, "7/1-" + SHA_A, T0.plusSeconds(1));
    v.documentUploaded(2, "7/2-" + SHA_B, T0.plusSeconds(2));
    v.documentUploaded(3, "7/3-" + SHA_C, T0.plusSeconds(3));
    return v;
  }

  @Test
  void aNewRequestAwaitsItsDocuments() {
    Verification v = submitted(User.KycLevel.VERIFIED, true, true);
    assertThat(v.status()).isEqualTo(Verification.Status.AWAITING_DOCUMENTS);
    assertThat(v.isOpen()).isTrue();
    assertThat(v.userId()).isEqualTo("sub-1");
    assertThat(v.requestedLevel()).isEqualTo(User.KycLevel.VERIFIED);
    assertThat(v.seller()).isTrue();
    assertThat(v.business()).isTrue();
    assertThat(v.companyName()).isEqualTo("Acme Ltd");
    assertThat(v.registrationNumber()).isEqualTo("HRB 12345");
    assertThat(v.submittedAt()).isEqualTo(T0);
    assertThat(v.completedAt()).isNull();
    assertThat(v.decidedAt()).isNull();
    assertThat(v.decidedBy()).isNull();
    assertThat(v.decisionReason()).isNull();
    assertThat(v.id()).isNull();
  }

  @Test
  void documentsAreNumberedFromOneAsDeclared() {
    Verification v = submitted(User.KycLevel.VERIFIED, false, true);
    assertThat(v.documents()).extracting(VerificationDocument::docNo).containsExactly(1, 2, 3);
    VerificationDocument second = v.document(2);
    assertThat(second.kind()).isEqualTo(DocumentKind.PROOF_OF_ADDRESS);
    assertThat(second.fileName()).isEqualTo("bill.png");
    assertThat(second.contentType()).isEqualTo("image/png");
    assertThat(second.size()).isEqualTo(800);
    assertThat(second.sha256()).isEqualTo(SHA_B);
    assertThat(second.isUploaded()).isFalse();
    assertThat(second.storageKey()).isNull();
    assertThat(second.uploadedAt()).isNull();
  }

  @Test
  void thereIsNoDocumentZeroNorOnePastTheLast() {
    Verification v = submitted(User.KycLevel.BASIC, false, false);
    assertThat(v.document(0)).isNull();
    assertThat(v.document(4)).isNull();
    assertThat(v.document(-1)).isNull();
    assertThat(v.document(1)).isNotNull();
    assertThat(v.document(3)).isNotNull();
  }

  @Test
  void itGoesToStaffWhenTheLastDocumentArrives() {
    Verification v = submitted(User.KycLevel.VERIFIED, false, false);
    v.documentUploaded(2, "7/2-" + SHA_B, T0.plusSeconds(10));
    assertThat(v.status()).isEqualTo(Verification.Status.AWAITING_DOCUMENTS);
    assertThat(v.document(2).isUploaded()).isTrue();
    assertThat(v.document(2).storageKey()).isEqualTo("7/2-" + SHA_B);
    assertThat(v.document(2).uploadedAt()).isEqualTo(T0.plusSeconds(10));
    v.documentUploaded(1, "7/1-" + SHA_A, T0.plusSeconds(20));
    assertThat(v.status()).isEqualTo(Verification.Status.AWAITING_DOCUMENTS);
    assertThat(v.completedAt()).isNull();
    v.documentUploaded(3, "7/3-" + SHA_C, T0.plusSeconds(30));
    assertThat(v.status()).isEqualTo(Verification.Status.PENDING);
    assertThat(v.completedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(v.isOpen()).isTrue();
  }

  @Test
  void uploadingTheSameDocumentAgainDoesNotCompleteTheRequest() {
    Verification v = submitted(User.KycLevel.VERIFIED, false, false);
    v.documentUploaded(1, "7/1-" + SHA_A, T0.plusSeconds(1));
    v.documentUploaded(1, "7/1-" + SHA_A, T0.plusSeconds(2));
    v.documentUploaded(1, "7/1-" + SHA_A, T0.plusSeconds(3));
    assertThat(v.status()).isEqualTo(Verification.Status.AWAITING_DOCUMENTS);
  }

  @Test
  void aPendingRequestTakesNoMoreDocuments() {
    Verification v = pending(User.KycLevel.BASIC, false, false);
    assertThatThrownBy(() -> v.documentUploaded(1, "7/1-" + SHA_A, T0.plusSeconds(60)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(v.document(1).uploadedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(v.completedAt()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void approvalGrantsWhatWasAsked() {
    User user = user();
    Verification v = pending(User.KycLevel.VERIFIED, true, true);
    Instant decided = T0.plus(Duration.ofHours(2));
    v.approve(user, "staff-9", "documents in order", decided);
    assertThat(v.status()).isEqualTo(Verification.Status.APPROVED);
    assertThat(v.isOpen()).isFalse();
    assertThat(v.decidedBy()).isEqualTo("staff-9");
    assertThat(v.decidedAt()).isEqualTo(decided);
    assertThat(v.decisionReason()).isEqualTo("documents in order");
    assertThat(user.kycLevel()).isEqualTo(User.KycLevel.VERIFIED);
    assertThat(user.sellerVerified()).isTrue();
    assertThat(user.businessAccount()).isTrue();
  }

  @Test
  void approvalGrantsOnlyWhatWasAsked() {
    User user = user();
    pending(User.KycLevel.BASIC, false, false).approve(user, "staff-9", null, T0.plusSeconds(60));
    assertThat(user.kycLevel()).isEqualTo(User.KycLevel.BASIC);
    assertThat(user.sellerVerified()).isFalse();
    assertThat(user.businessAccount()).isFalse();
  }

  @Test
  void approvalNeverLowersTheLevelNorRevokesFlags() {
    User user = user();
    user.verified(User.KycLevel.VERIFIED, true, false);
    pending(User.KycLevel.BASIC, false, true).approve(user, "staff-9", null, T0.plusSeconds(60));
    assertThat(user.kycLevel()).isEqualTo(User.KycLevel.VERIFIED);
    assertThat(user.sellerVerified()).isTrue();
    assertThat(user.businessAccount()).isTrue();
  }

  @Test
  void rejectionRecordsTheDecisionAndLeavesTheUserAlone() {
    User user = user();
    Verification v = pending(User.KycLevel.VERIFIED, true, true);
    Instant decided = T0.plus(Duration.ofHours(3));
    v.reject("staff-9", "the passport has expired", decided);
    assertThat(v.status()).isEqualTo(Verification.Status.REJECTED);
    assertThat(v.isOpen()).isFalse();
    assertThat(v.decidedBy()).isEqualTo("staff-9");
    assertThat(v.decidedAt()).isEqualTo(decided);
    assertThat(v.decisionReason()).isEqualTo("the passport has expired");
    assertThat(user.kycLevel()).isEqualTo(User.KycLevel.NONE);
    assertThat(user.sellerVerified()).isFalse();
    assertThat(user.businessAccount()).isFalse();
  }

  @Test
  void aRejectionNeedsAReason() {
    Verification v = pending(User.KycLevel.BASIC, false, false);
    assertThatThrownBy(() -> v.reject("staff-9", null, T0.plusSeconds(60))).isInstanceOf(NullPointerException.class);
    assertThat(v.status()).isEqualTo(Verification.Status.PENDING);
    assertThat(v.decidedBy()).isNull();
    assertThat(v.decidedAt()).isNull();
  }

  @Test
  void aDecisionIsFinal() {
    User user = user();
    Verification approved = pending(User.KycLevel.BASIC, false, false);
    approved.approve(user, "staff-9", null, T0.plusSeconds(60));
    assertThatThrownBy(() -> approved.approve(user, "staff-8", null, T0.plusSeconds(70)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> approved.reject("staff-8", "changed my mind", T0.plusSeconds(70)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(approved.status()).isEqualTo(Verification.Status.APPROVED);
    assertThat(approved.decidedBy()).isEqualTo("staff-9");

    Verification rejected = pending(User.KycLevel.VERIFIED, true, false);
    rejected.reject("staff-9", "blurred", T0.plusSeconds(60));
    User other = user();
    assertThatThrownBy(() -> rejected.approve(other, "staff-8", null, T0.plusSeconds(70)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(other.kycLevel()).isEqualTo(User.KycLevel.NONE);
    assertThat(other.sellerVerified()).isFalse();
    assertThat(rejected.status()).isEqualTo(Verification.Status.REJECTED);
    assertThat(rejected.decisionReason()).isEqualTo("blurred");
  }

  @Test
  void nothingIsDecidedWhileDocumentsAreMissing() {
    User user = user();
    Verification v = submitted(User.KycLevel.VERIFIED, true, false);
    v.documentUploaded(1, "7/1-" + SHA_A, T0.plusSeconds(1));
    assertThatThrownBy(() -> v.approve(user, "staff-9", null, T0.plusSeconds(60)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> v.reject("staff-9", "incomplete", T0.plusSeconds(60)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(v.status()).isEqualTo(Verification.Status.AWAITING_DOCUMENTS);
    assertThat(v.decidedBy()).isNull();
    assertThat(user.kycLevel()).isEqualTo(User.KycLevel.NONE);
    assertThat(user.sellerVerified()).isFalse();
  }
}
