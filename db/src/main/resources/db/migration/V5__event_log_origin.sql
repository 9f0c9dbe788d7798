-- Who caused each public event and from where (the bidder's IP and user agent for bids and the
-- extensions they triggered; NULL for the system's own events such as closing).
ALTER TABLE auction_events
  ADD COLUMN actor_id   VARCHAR(64)  NULL,
  ADD COLUMN client_ip  VARCHAR(64)  NULL,
  ADD COLUMN user_agent VARCHAR(255) NULL;
