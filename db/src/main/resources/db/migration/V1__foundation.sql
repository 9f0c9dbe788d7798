-- Gavel foundation schema. All instants are UTC DATETIME(3); money is DECIMAL(19,4) in the
-- auction's currency (never floating point). Append-only tables (bids, auction_events,
-- audit_log) are never updated or deleted by the application.

CREATE TABLE users (
  id             VARCHAR(64)  NOT NULL PRIMARY KEY COMMENT 'identity provider subject',
  username       VARCHAR(255) NOT NULL,
  display_name   VARCHAR(255) NOT NULL,
  kyc_level      VARCHAR(16)  NOT NULL DEFAULT 'NONE',
  seller_verified BOOLEAN     NOT NULL DEFAULT FALSE,
  status         VARCHAR(16)  NOT NULL DEFAULT 'ACTIVE',
  created_at     DATETIME(3)  NOT NULL,
  last_seen_at   DATETIME(3)  NOT NULL,
  UNIQUE KEY uk_users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE categories (
  id                   BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id            BIGINT        NULL,
  name                 VARCHAR(120)  NOT NULL,
  commission_rate      DECIMAL(6,4)  NOT NULL DEFAULT 0.1000,
  kyc_level_to_bid     VARCHAR(16)   NOT NULL DEFAULT 'NONE',
  kyc_threshold        DECIMAL(19,4) NULL,
  min_duration_seconds BIGINT        NOT NULL DEFAULT 60,
  max_duration_seconds BIGINT        NOT NULL DEFAULT 2592000,
  CONSTRAINT fk_categories_parent FOREIGN KEY (parent_id) REFERENCES categories (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE auctions (
  id                       BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  seller_id                VARCHAR(64)   NOT NULL,
  category_id              BIGINT        NOT NULL,
  title                    VARCHAR(200)  NOT NULL,
  description              TEXT          NULL,
  type                     VARCHAR(24)   NOT NULL,
  status                   VARCHAR(16)   NOT NULL,
  currency                 CHAR(3)       NOT NULL,
  starting_price           DECIMAL(19,4) NOT NULL,
  reserve_price            DECIMAL(19,4) NULL,
  increment_kind           VARCHAR(16)   NOT NULL,
  increment_steps          VARCHAR(2000) NOT NULL COMMENT 'from=amount;from=amount, ascending',
  current_price            DECIMAL(19,4) NULL,
  leader_id                VARCHAR(64)   NULL,
  leader_alias             INT           NULL COMMENT 'n of "Bidder n" for the leader',
  bid_count                INT           NOT NULL DEFAULT 0,
  participants             INT           NOT NULL DEFAULT 0,
  starts_at                DATETIME(3)   NOT NULL,
  ends_at                  DATETIME(3)   NOT NULL,
  original_ends_at         DATETIME(3)   NOT NULL,
  soft_close_window_s      INT           NULL,
  soft_close_extension_s   INT           NULL,
  soft_close_max           INT           NULL,
  extensions               INT           NOT NULL DEFAULT 0,
  commission_rate          DECIMAL(6,4)  NOT NULL,
  item_json                TEXT          NULL,
  seq                      BIGINT        NOT NULL DEFAULT 0,
  outcome                  VARCHAR(24)   NULL,
  winner_id                VARCHAR(64)   NULL,
  winner_alias             INT           NULL,
  final_price              DECIMAL(19,4) NULL,
  closed_at                DATETIME(3)   NULL,
  created_at               DATETIME(3)   NOT NULL,
  KEY ix_auctions_status_ends (status, ends_at),
  KEY ix_auctions_status_starts (status, starts_at),
  KEY ix_auctions_seller (seller_id),
  CONSTRAINT fk_auctions_category FOREIGN KEY (category_id) REFERENCES categories (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Per-auction anonymous aliases: the n-th distinct bidder is "Bidder n".
CREATE TABLE auction_participants (
  auction_id BIGINT      NOT NULL,
  bidder_id  VARCHAR(64) NOT NULL,
  alias_no   INT         NOT NULL,
  PRIMARY KEY (auction_id, bidder_id),
  UNIQUE KEY uk_participants_alias (auction_id, alias_no),
  CONSTRAINT fk_participants_auction FOREIGN KEY (auction_id) REFERENCES auctions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE bids (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  auction_id  BIGINT        NOT NULL,
  bidder_id   VARCHAR(64)   NOT NULL,
  amount      DECIMAL(19,4) NOT NULL,
  max_amount  DECIMAL(19,4) NULL,
  kind        VARCHAR(16)   NOT NULL,
  seq         BIGINT        NOT NULL COMMENT 'the auction event that accepted this bid',
  placed_at   DATETIME(3)   NOT NULL,
  client_ip   VARCHAR(64)   NULL,
  user_agent  VARCHAR(255)  NULL,
  KEY ix_bids_auction (auction_id, id),
  CONSTRAINT fk_bids_auction FOREIGN KEY (auction_id) REFERENCES auctions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The append-only public event log of every auction; seq is gap-free per auction.
CREATE TABLE auction_events (
  auction_id  BIGINT      NOT NULL,
  seq         BIGINT      NOT NULL,
  type        VARCHAR(32) NOT NULL,
  payload     TEXT        NOT NULL COMMENT 'the public JSON message, without serverTime',
  occurred_at DATETIME(3) NOT NULL,
  PRIMARY KEY (auction_id, seq),
  CONSTRAINT fk_events_auction FOREIGN KEY (auction_id) REFERENCES auctions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE audit_log (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  occurred_at DATETIME(3)  NOT NULL,
  actor_id    VARCHAR(64)  NULL,
  action      VARCHAR(64)  NOT NULL,
  subject     VARCHAR(128) NULL,
  outcome     VARCHAR(64)  NOT NULL,
  detail      TEXT         NULL,
  client_ip   VARCHAR(64)  NULL,
  KEY ix_audit_subject (subject),
  KEY ix_audit_actor (actor_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE idempotency_keys (
  actor_id     VARCHAR(64)  NOT NULL,
  idem_key     VARCHAR(64)  NOT NULL,
  request_hash CHAR(64)     NOT NULL,
  status       INT          NOT NULL,
  response     TEXT         NOT NULL,
  created_at   DATETIME(3)  NOT NULL,
  PRIMARY KEY (actor_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
