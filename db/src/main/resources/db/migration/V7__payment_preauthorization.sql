-- Payment pre-authorisation for high-value bidding: a category may require that bids (amount or
-- maximum) from preauth_threshold on are covered by a payment authorisation the bidder holds for
-- that auction. Copied onto each auction when it is listed, like the other rules.
ALTER TABLE categories
  ADD COLUMN preauth_threshold DECIMAL(19,4) NULL COMMENT 'bids from this amount on need a covering payment authorisation; NULL: never';
ALTER TABLE auctions
  ADD COLUMN preauth_threshold DECIMAL(19,4) NULL;

UPDATE categories SET preauth_threshold = 1000.0000 WHERE id = 1;

-- Authorisations (holds) a bidder placed through the payment gateway to bid on one auction.
CREATE TABLE payment_authorizations (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  auction_id  BIGINT        NOT NULL,
  bidder_id   VARCHAR(64)   NOT NULL,
  amount      DECIMAL(19,4) NOT NULL,
  currency    CHAR(3)       NOT NULL,
  gateway_ref VARCHAR(64)   NOT NULL,
  status      VARCHAR(16)   NOT NULL,
  created_at  DATETIME(3)   NOT NULL,
  expires_at  DATETIME(3)   NOT NULL,
  KEY ix_payment_authorizations_bidder (auction_id, bidder_id, status),
  CONSTRAINT fk_payment_authorizations_auction FOREIGN KEY (auction_id) REFERENCES auctions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
