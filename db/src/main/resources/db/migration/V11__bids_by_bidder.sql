-- A bidder's own bids, newest first (GET /me/bids).
CREATE INDEX ix_bids_bidder ON bids (bidder_id, id);
