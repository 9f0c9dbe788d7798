package io.gavel.users.entity;

import static io.gavel.users.entity.VerificationRequest.DocumentKind.BUSINESS_REGISTRATION;
import static io.gavel.users.entity.VerificationRequest.DocumentKind.DRIVING_LICENCE;
import static io.gavel.users.entity.VerificationRequest.DocumentKind.ID_CARD;
import static io.gavel.users.entity.VerificationRequest.DocumentKind.PASSPORT;
import static io.gavel.users.entity.VerificationRequest.DocumentKind.PROOF_OF_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.VerificationRequest.Document;
import io.gavel.users.entity.VerificationRequest.DocumentKind;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class VerificationRequestTest {

  private static final long MAX = 1_000;
  private static final String SHA = "0123456789abcdef".repeat(4);

  private static User newUser() {
    return new User("sub-1", "alice", "Alice", Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static User verifiedUser(User.KycLevel level, boolean seller, boolean business) {
    User user = newUser();
    user.verified(level, seller, business);
    return user;
  }

  private static Document doc(DocumentKind kind) {
    return new Document(kind, kind.name().toLowerCase() + ".pdf", "application/pdf", 500, SHA);
  }

  private static Document file(String fileName, String contentType, long size, String sha256) {
    return new Document(PASSPORT, fileName, contentType, size, sha256);
  }

  private static VerificationRequest basic(Document... documents) {
    return new VerificationRequest(User.KycLevel.BASIC, false, false, null, null, List.of(documents));
  }

  private static VerificationRequest verified(boolean seller, boolean business) {
    return business
        ? new VerificationRequest(
            User.KycLevel.VERIFIED, seller, true, "Acme Ltd", "HRB 12345",
            List.of(doc(PASSPORT), doc(PROOF_OF_ADDRESS), doc(BUSINESS_REGISTRATION)))
        : new VerificationRequest(
            User.KycLevel.VERIFIED, seller, false, null, null, List.of(doc(PASSPORT), doc(PROOF_OF_ADDRESS)));
  }

  private static void assertInvalid(VerificationRequest request) {
    assertInvalid(() -> request.check(newUser(), MAX));
  }

  private static void assertInvalid(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            Refusal.class,
            r -> {
              assertThat(r.status()).isEqualTo(422);
              assertThat(r.code()).isEqualTo("INVALID_VERIFICATION");
            });
  }

  private static void assertAlreadyVerified(VerificationRequest request, User user) {
    assertThatThrownBy(() -> request.check(user, MAX))
        .isInstanceOfSatisfying(
            Refusal.class,
            r -> {
              assertThat(r.status()).isEqualTo(409);
              assertThat(r.code()).isEqualTo("ALREADY_VERIFIED");
            });
  }

  @Test
  void aCompleteBasicRequestPasses() {
    assertThatCode(() -> basic(doc(PASSPORT)).check(newUser(), MAX)).doesNotThrowAnyException();
    assertThatCode(() -> basic(doc(ID_CARD)).check(newUser(), MAX)).doesNotThrowAnyException();
    assertThatCode(() -> basic(doc(DRIVING_LICENCE)).check(newUser(), MAX)).doesNotThrowAnyException();
  }

  @Test
  void aCompleteVerifiedSellerBusinessRequestPasses() {
    assertThatCode(() -> verified(true, true).check(newUser(), MAX)).doesNotThrowAnyException();
  }

  @Test
  void theLevelMustBeBasicOrVerified() {
    assertInvalid(new VerificationRequest(User.KycLevel.NONE, false, false, null, null, List.of(doc(PASSPORT))));
    assertInvalid(new VerificationRequest(null, false, false, null, null, List.of(doc(PASSPORT))));
  }

  @Test
  void aSellerMustAskForLevelVerified() {
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, true, false, null, null, List.of(doc(PASSPORT))));
  }

  @Test
  void aRequestCarriesOneToSixDocuments() {
    assertInvalid(basic());
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, false, null, null, Collections.nCopies(7, doc(PASSPORT))));
    assertThatCode(() -> new VerificationRequest(
                User.KycLevel.BASIC, false, false, null, null, Collections.nCopies(6, doc(PASSPORT)))
            .check(newUser(), MAX))
        .doesNotThrowAnyException();
  }

  @Test
  void anIdentityDocumentIsRequired() {
    assertInvalid(basic(doc(PROOF_OF_ADDRESS)));
    assertInvalid(basic(doc(PROOF_OF_ADDRESS), doc(BUSINESS_REGISTRATION)));
  }

  @Test
  void levelVerifiedNeedsAProofOfAddress() {
    assertInvalid(new VerificationRequest(
        User.KycLevel.VERIFIED, false, false, null, null, List.of(doc(PASSPORT), doc(ID_CARD))));
  }

  @Test
  void aBusinessNeedsCompanyNameRegistrationNumberAndRegistrationDocument() {
    List<Document> withRegistration = List.of(doc(PASSPORT), doc(BUSINESS_REGISTRATION));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, true, null, "HRB 1", withRegistration));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, true, " ", "HRB 1", withRegistration));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, true, "Acme", null, withRegistration));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, true, "Acme", "", withRegistration));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, true, "Acme", "HRB 1", List.of(doc(PASSPORT))));
    assertThatCode(() -> new VerificationRequest(User.KycLevel.BASIC, false, true, "Acme", "HRB 1", withRegistration)
            .check(newUser(), MAX))
        .doesNotThrowAnyException();
  }

  @Test
  void companyDetailsBelongToBusinessAccountsOnly() {
    List<Document> documents = List.of(doc(PASSPORT));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, false, "Acme", null, documents));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, false, null, "HRB 1", documents));
    assertInvalid(new VerificationRequest(User.KycLevel.BASIC, false, false, "", "", documents));
  }

  @Test
  void aDocumentNeedsAKind() {
    assertInvalid(basic(doc(PASSPORT), new Document(null, "x.pdf", "application/pdf", 10, SHA)));
  }

  @Test
  void aFileNameMustBeAPlainNameOfOneTo255Characters() {
    assertInvalid(basic(file("a/b.pdf", "application/pdf", 10, SHA)));
    assertInvalid(basic(file("..\\x", "application/pdf", 10, SHA)));
    assertInvalid(basic(file("", "application/pdf", 10, SHA)));
    assertInvalid(basic(file("   ", "application/pdf", 10, SHA)));
    assertInvalid(basic(file(null, "application/pdf", 10, SHA)));
    assertInvalid(basic(file("x".repeat(256), "application/pdf", 10, SHA)));
    assertInvalid(basic(file("pass\nport.pdf", "application/pdf", 10, SHA)));
    assertInvalid(basic(file("passport\u0000.pdf", "application/pdf", 10, SHA)));
    assertThatCode(() -> basic(file("x".repeat(255), "application/pdf", 10, SHA)).check(newUser(), MAX))
        .doesNotThrowAnyException();
    assertThatCode(() -> basic(file("Reisepass Müller (1).pdf", "application/pdf", 10, SHA)).check(newUser(), MAX))
        .doesNotThrowAnyException();
  }

  @Test
  void theContentTypeMustBeOneTheConsoleOpens() {
    assertInvalid(basic(file("a.gif", "image/gif", 10, SHA)));
    assertInvalid(basic(file("a.pdf", "APPLICATION/PDF", 10, SHA)));
    assertThatCode(() -> basic(file("a.jpg", "image/jpeg", 10, SHA)).check(newUser(), MAX)).doesNotThrowAnyException();
    assertThatCode(() -> basic(file("a.png", "image/png", 10, SHA)).check(newUser(), MAX)).doesNotThrowAnyException();
  }

  @Test
  void theSizeMustBeOneToTheMaximum() {
    assertInvalid(basic(file("a.pdf", "application/pdf", 0, SHA)));
    assertInvalid(basic(file("a.pdf", "application/pdf", -1, SHA)));
    assertInvalid(basic(file("a.pdf", "application/pdf", MAX + 1, SHA)));
    assertThatCode(() -> basic(file("a.pdf", "application/pdf", 1, SHA)).check(newUser(), MAX)).doesNotThrowAnyException();
    assertThatCode(() -> basic(file("a.pdf", "application/pdf", MAX, SHA)).check(newUser(), MAX)).doesNotThrowAnyException();
  }

  @Test
  void theChecksumMustBe64LowerCaseHexDigits() {
    assertInvalid(basic(file("a.pdf", "application/pdf", 10, SHA.toUpperCase())));
    assertInvalid(basic(file("a.pdf", "application/pdf", 10, SHA.substring(1))));
    assertInvalid(basic(file("a.pdf", "application/pdf", 10, SHA + "0")));
    assertInvalid(basic(file("a.pdf", "application/pdf", 10, "g" + SHA.substring(1))));
    assertInvalid(basic(file("a.pdf", "application/pdf", 10, null)));
  }

  @Test
  void everyDocumentIsChecked() {
    assertInvalid(basic(doc(PASSPORT), doc(PROOF_OF_ADDRESS), file("a/b.pdf", "application/pdf", 10, SHA)));
  }

  @Test
  void aRequestThatWouldChangeNothingIsRefused() {
    assertAlreadyVerified(verified(false, false), verifiedUser(User.KycLevel.VERIFIED, false, false));
    assertAlreadyVerified(basic(doc(PASSPORT)), verifiedUser(User.KycLevel.BASIC, false, false));
    assertAlreadyVerified(basic(doc(PASSPORT)), verifiedUser(User.KycLevel.VERIFIED, false, false));
    assertAlreadyVerified(verified(true, false), verifiedUser(User.KycLevel.VERIFIED, true, false));
    assertAlreadyVerified(verified(true, true), verifiedUser(User.KycLevel.VERIFIED, true, true));
  }

  @Test
  void aVerifiedUserMayStillAskToBecomeASeller() {
    User user = verifiedUser(User.KycLevel.VERIFIED, false, false);
    assertThatCode(() -> verified(true, false).check(user, MAX)).doesNotThrowAnyException();
  }

  @Test
  void aVerifiedUserMayStillAskForABusinessAccount() {
    User user = verifiedUser(User.KycLevel.VERIFIED, true, false);
    assertThatCode(() -> verified(false, true).check(user, MAX)).doesNotThrowAnyException();
    assertThatCode(() -> verified(true, true).check(user, MAX)).doesNotThrowAnyException();
  }

  @Test
  void aBasicUserMayAskForLevelVerified() {
    User user = verifiedUser(User.KycLevel.BASIC, false, false);
    assertThatCode(() -> verified(false, false).check(user, MAX)).doesNotThrowAnyException();
  }

  @Test
  void anInvalidRequestIsRefusedAsInvalidEvenWhenItWouldChangeNothing() {
    User user = verifiedUser(User.KycLevel.VERIFIED, false, false);
    assertInvalid(() -> basic(file("a/b.pdf", "application/pdf", 10, SHA)).check(user, MAX));
  }

  @Test
  void theDocumentListIsCopied() {
    java.util.ArrayList<Document> documents = new java.util.ArrayList<>(List.of(doc(PASSPORT)));
    VerificationRequest request = new VerificationRequest(User.KycLevel.BASIC, false, false, null, null, documents);
    documents.clear();
    assertThat(request.documents()).hasSize(1);
    assertThatThrownBy(() -> request.documents().add(doc(ID_CARD))).isInstanceOf(UnsupportedOperationException.class);
  }
}
