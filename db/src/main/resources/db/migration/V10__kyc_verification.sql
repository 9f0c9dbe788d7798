-- Identity verification (KYC): what a category demands of its sellers, a user's business-account
-- flag, and the verification requests users submit and staff decide. Document files live outside
-- the database (gavel.kyc.document-dir); a row keeps each file's size and SHA-256.

ALTER TABLE users
  ADD COLUMN business_account BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE categories
  ADD COLUMN kyc_level_to_sell         VARCHAR(16)   NOT NULL DEFAULT 'NONE'
    COMMENT 'the KYC level a seller needs to list here at all',
  ADD COLUMN verified_seller_threshold DECIMAL(19,4) NULL
    COMMENT 'listings whose starting price or reserve reaches this need a verified seller; NULL: never';

UPDATE categories SET verified_seller_threshold = 5000.0000 WHERE id IN (1, 2);
UPDATE categories SET kyc_level_to_sell = 'BASIC', verified_seller_threshold = 2500.0000 WHERE id = 5;

CREATE TABLE kyc_verifications (
  id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id             VARCHAR(64)  NOT NULL,
  requested_level     VARCHAR(16)  NOT NULL,
  seller              BOOLEAN      NOT NULL COMMENT 'also asks for seller verification',
  business            BOOLEAN      NOT NULL COMMENT 'also asks for a business account',
  company_name        VARCHAR(200) NULL,
  registration_number VARCHAR(64)  NULL,
  status              VARCHAR(24)  NOT NULL COMMENT 'AWAITING_DOCUMENTS, PENDING, APPROVED, REJECTED',
  submitted_at        DATETIME(3)  NOT NULL,
  completed_at        DATETIME(3)  NULL COMMENT 'when the last document arrived',
  decided_at          DATETIME(3)  NULL,
  decided_by          VARCHAR(64)  NULL,
  decision_reason     TEXT         NULL,
  KEY ix_kyc_verifications_user (user_id, id),
  KEY ix_kyc_verifications_status (status, completed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE kyc_documents (
  verification_id BIGINT       NOT NULL,
  doc_no          INT          NOT NULL,
  kind            VARCHAR(32)  NOT NULL,
  file_name       VARCHAR(255) NOT NULL,
  content_type    VARCHAR(100) NOT NULL,
  size_bytes      BIGINT       NOT NULL,
  sha256          CHAR(64)     NOT NULL COMMENT 'declared by the user, checked on upload and on every read',
  storage_key     VARCHAR(255) NULL COMMENT 'path under the document directory once uploaded',
  uploaded_at     DATETIME(3)  NULL,
  PRIMARY KEY (verification_id, doc_no),
  CONSTRAINT fk_kyc_documents_verification FOREIGN KEY (verification_id) REFERENCES kyc_verifications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The audit log is append-only in the database itself, not just by convention.
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
