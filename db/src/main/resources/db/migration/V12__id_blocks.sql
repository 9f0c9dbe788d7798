-- Entity ids come in blocks from this table (see io.gavel.platform.entity.IdBlocks) instead of
-- AUTO_INCREMENT, whose generated keys leak a JDBC statement per insert in EclipseLink 4.0.7.
-- Each row holds the last id handed out; it starts at the table's current largest id. The
-- AUTO_INCREMENT columns stay, unused by the application except audit_log's (written only by a
-- plain INSERT that lets the database number the rows).

CREATE TABLE id_blocks (
  name    VARCHAR(64) NOT NULL PRIMARY KEY,
  last_id BIGINT      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO id_blocks (name, last_id) SELECT 'auctions', COALESCE(MAX(id), 0) FROM auctions;
INSERT INTO id_blocks (name, last_id) SELECT 'bids', COALESCE(MAX(id), 0) FROM bids;
INSERT INTO id_blocks (name, last_id) SELECT 'categories', COALESCE(MAX(id), 0) FROM categories;
INSERT INTO id_blocks (name, last_id) SELECT 'kyc_verifications', COALESCE(MAX(id), 0) FROM kyc_verifications;
INSERT INTO id_blocks (name, last_id)
  SELECT 'payment_authorizations', COALESCE(MAX(id), 0) FROM payment_authorizations;
