-- The running Dutch auctions (status ACTIVE, type DUTCH), which every node's sweep reads every
-- second: without this index the query read the index entry of every active auction, of any type.
CREATE INDEX ix_auctions_status_type ON auctions (status, type);
