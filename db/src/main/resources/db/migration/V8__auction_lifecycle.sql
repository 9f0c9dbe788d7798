-- Auction lifecycle: Dutch price clocks, sealed bids with commitments, the rules snapshot frozen
-- at start, and the ranked result kept for the payment cascade.

ALTER TABLE auctions
  ADD COLUMN dutch_start_price  DECIMAL(19,4) NULL,
  ADD COLUMN dutch_floor_price  DECIMAL(19,4) NULL,
  ADD COLUMN dutch_decrement    DECIMAL(19,4) NULL,
  ADD COLUMN dutch_interval_s   INT           NULL,
  ADD COLUMN dutch_step         INT           NULL COMMENT 'the last clock step announced by a dutch.price event',
  ADD COLUMN rules_json         TEXT          NULL COMMENT 'the rule set frozen when the auction started; closing reads only this',
  ADD COLUMN ranking_json       TEXT          NULL COMMENT 'every counting bidder, best first, written at close (payment cascade)',
  ADD COLUMN cancelled_at       DATETIME(3)   NULL;

-- Sealed bids: the salt of the bid's SHA-256 commitment (bid id, bidder, amount, salt). The
-- commitments are published at the deadline and the bids revealed at close, so a bidder who was
-- given their salt can check that their bid was counted unchanged.
ALTER TABLE bids
  ADD COLUMN salt CHAR(32) NULL;
