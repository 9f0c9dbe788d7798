package io.gavel.users.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * One document of a verification request: what the user declared (kind, file name, type, size,
 * SHA-256) and, once the file arrived and matched, where it is stored outside the database.
 */
@Entity
@Table(name = "kyc_documents")
@IdClass(VerificationDocument.Key.class)
public class VerificationDocument {

  /** The composite key: the verification and the document's number in it (from 1). */
  public record Key(Long verification, Integer docNo) implements Serializable {
    public Key() {
      this(null, null);
    }
  }

  @Id
  @ManyToOne
  @JoinColumn(name = "verification_id")
  private Verification verification;

  @Id
  @Column(name = "doc_no")
  private Integer docNo;

  private String kind;

  @Column(name = "file_name")
  private String fileName;

  @Column(name = "content_type")
  private String contentType;

  @Column(name = "size_bytes")
  private long size;

  private String sha256;

  @Column(name = "storage_key")
  private String storageKey;

  @Column(name = "uploaded_at")
  private Instant uploadedAt;

  protected VerificationDocument() {
    // for JPA
  }

  VerificationDocument(Verification verification, int docNo, VerificationRequest.Document declared) {
    this.verification = verification;
    this.docNo = docNo;
    this.kind = declared.kind().name();
    this.fileName = declared.fileName();
    this.contentType = declared.contentType();
    this.size = declared.size();
    this.sha256 = declared.sha256();
  }

  void uploaded(String storageKey, Instant now) {
    this.storageKey = storageKey;
    this.uploadedAt = now;
  }

  public int docNo() {
    return docNo;
  }

  public VerificationRequest.DocumentKind kind() {
    return VerificationRequest.DocumentKind.valueOf(kind);
  }

  public String fileName() {
    return fileName;
  }

  public String contentType() {
    return contentType;
  }

  public long size() {
    return size;
  }

  public String sha256() {
    return sha256;
  }

  /** Where the file is stored, relative to the document directory; null until uploaded. */
  public String storageKey() {
    return storageKey;
  }

  public Instant uploadedAt() {
    return uploadedAt;
  }

  public boolean isUploaded() {
    return storageKey != null;
  }
}
