-- The category's KYC rule, copied onto the auction when it is listed (running auctions keep the
-- rules they started with): bids whose amount or maximum is at least kyc_threshold (every bid when
-- it is NULL) need a bidder verified to kyc_level_to_bid.
ALTER TABLE auctions
  ADD COLUMN kyc_level_to_bid VARCHAR(16)   NOT NULL DEFAULT 'NONE',
  ADD COLUMN kyc_threshold    DECIMAL(19,4) NULL;
