-- Presence: how many connections watch each auction, per node. Every node writes its own counts
-- (and refreshes them every few seconds); the cluster-wide number is the sum over the rows that
-- are fresh, so a node that dies stops counting once its rows go stale.
CREATE TABLE presence (
  node_id    VARCHAR(64) NOT NULL COMMENT 'a random id per node start',
  auction_id BIGINT      NOT NULL,
  watchers   INT         NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (node_id, auction_id),
  KEY ix_presence_auction (auction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
