package io.gavel.users.entity;

import io.gavel.platform.entity.Refusal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user asks to be verified for, with the documents they will upload. {@link #check} holds
 * the house's rules for a complete request; the boundary that received it has already checked the
 * JSON types.
 *
 * @param level the KYC level asked for: BASIC or VERIFIED
 * @param seller whether the user also asks to become a verified seller (needs VERIFIED)
 * @param business whether the account is a business's (needs company name, registration number
 *     and a registration document)
 */
public record VerificationRequest(
    User.KycLevel level,
    boolean seller,
    boolean business,
    String companyName,
    String registrationNumber,
    List<Document> documents) {

  /** The most documents one request may carry. */
  public static final int MAX_DOCUMENTS = 6;

  /** The file types staff can open in the console. */
  public static final Set<String> CONTENT_TYPES = Set.of("application/pdf", "image/jpeg", "image/png");

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** The kinds of document the house accepts. */
  public enum DocumentKind {
    PASSPORT,
    ID_CARD,
    DRIVING_LICENCE,
    PROOF_OF_ADDRESS,
    BUSINESS_REGISTRATION;

    static final Set<DocumentKind> IDENTITY = EnumSet.of(PASSPORT, ID_CARD, DRIVING_LICENCE);
  }

  /** One document as the user declares it before uploading it; {@code sha256} in lower-case hex. */
  public record Document(DocumentKind kind, String fileName, String contentType, long size, String sha256) {}

  public VerificationRequest {
    documents = List.copyOf(documents);
  }

  /**
   * Refuses an incomplete or pointless request: every rule is checked before anything is stored.
   *
   * @param current the user's profile now
   * @param maxDocumentBytes the largest file accepted
   * @throws Refusal 422 INVALID_VERIFICATION naming the first broken rule; 409 ALREADY_VERIFIED
   *     when the request would grant nothing the user does not have
   */
  public void check(User current, long maxDocumentBytes) {
    if (level == null || level == User.KycLevel.NONE) {
      throw invalid("'level' must be BASIC or VERIFIED");
    }
    if (seller && level != User.KycLevel.VERIFIED) {
      throw invalid("seller verification needs level VERIFIED");
    }
    if (documents.isEmpty() || documents.size() > MAX_DOCUMENTS) {
      throw invalid("a request carries 1 to " + MAX_DOCUMENTS + " documents");
    }
    for (int i = 0; i < documents.size(); i++) {
      checkDocument(documents.get(i), "documents[" + i + "]", maxDocumentBytes);
    }
    if (documents.stream().noneMatch(d -> DocumentKind.IDENTITY.contains(d.kind()))) {
      throw invalid("an identity document (PASSPORT, ID_CARD or DRIVING_LICENCE) is required");
    }
    if (level == User.KycLevel.VERIFIED && !has(DocumentKind.PROOF_OF_ADDRESS)) {
      throw invalid("level VERIFIED also needs a PROOF_OF_ADDRESS document");
    }
    if (business) {
      if (blank(companyName) || blank(registrationNumber)) {
        throw invalid("a business account needs 'companyName' and 'registrationNumber'");
      }
      if (!has(DocumentKind.BUSINESS_REGISTRATION)) {
        throw invalid("a business account needs a BUSINESS_REGISTRATION document");
      }
    } else if (companyName != null || registrationNumber != null) {
      throw invalid("'companyName' and 'registrationNumber' belong to business accounts only");
    }
    boolean raisesLevel = level.compareTo(current.kycLevel()) > 0;
    if (!raisesLevel && (!seller || current.sellerVerified()) && (!business || current.businessAccount())) {
      throw new Refusal(
          409,
          "ALREADY_VERIFIED",
          "the account is already verified to " + current.kycLevel()
              + (current.sellerVerified() ? " as a seller" : "") + "; this request would change nothing");
    }
  }

  private boolean has(DocumentKind kind) {
    return documents.stream().anyMatch(d -> d.kind() == kind);
  }

  private static void checkDocument(Document d, String path, long maxDocumentBytes) {
    if (d.kind() == null) {
      throw invalid("'" + path + ".kind' is required");
    }
    String name = d.fileName();
    if (blank(name) || name.length() > 255 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
      throw invalid("'" + path + ".fileName' must be a plain file name of 1 to 255 characters");
    }
    if (d.contentType() == null || !CONTENT_TYPES.contains(d.contentType())) {
      throw invalid("'" + path + ".contentType' must be one of " + new java.util.TreeSet<>(CONTENT_TYPES));
    }
    if (d.size() < 1 || d.size() > maxDocumentBytes) {
      throw invalid("'" + path + ".size' must be 1 to " + maxDocumentBytes + " bytes");
    }
    if (d.sha256() == null || !SHA256.matcher(d.sha256()).matches()) {
      throw invalid("'" + path + ".sha256' must be 64 lower-case hex digits");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Refusal invalid(String detail) {
    return Refusal.invalid("INVALID_VERIFICATION", detail);
  }
}
