-- Proxy bidding: every participant's standing (maximum, own highest amount, and the command at
-- which they reached that maximum) and a per-auction command counter that orders them. Bids keep
-- the order number too, so the stored history can be replayed through the rules.
ALTER TABLE auction_participants
  ADD COLUMN max_amount    DECIMAL(19,4) NULL,
  ADD COLUMN latest_amount DECIMAL(19,4) NULL,
  ADD COLUMN reached_order BIGINT        NULL;

ALTER TABLE auctions
  ADD COLUMN command_no BIGINT NOT NULL DEFAULT 0 COMMENT 'last order number of a bidding command';

ALTER TABLE bids
  ADD COLUMN order_no BIGINT NULL COMMENT 'position in the auction''s command history',
  ADD KEY ix_bids_auction_order (auction_id, order_no);
