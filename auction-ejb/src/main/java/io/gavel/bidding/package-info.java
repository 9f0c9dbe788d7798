/**
 * Bidding: validating, ordering and recording bids, and the anonymised history.
 *
 * <p>The rules themselves (proxy resolution, increments, reserve, soft close, the KYC rule) are
 * plain Java in {@link io.gavel.auction.entity.BidBook} and {@link io.gavel.auction.entity.Auction}.
 * Every command (bid, raised maximum, cancelled maximum) is logged in {@code bids} with its order
 * number, so the stored history replays through the same rules ({@code Bids.replay}); proxy bids
 * made for the leader are logged as {@code PROXY} rows next to the bid that caused them.
 *
 * <h2>How bids on one auction are ordered (decision, bidding-engine issue)</h2>
 *
 * <p>A per-auction FIFO sequencer on every node ({@link io.gavel.bidding.control.BidSequencer}).
 * A request is admitted by the bidder's rate limit and queued in its auction's lane ({@link
 * io.gavel.bidding.boundary.BidQueue}); a REST request's thread waits for the outcome, a WebSocket
 * {@code bid} is answered when its future completes, with no thread waiting. A lane runs at most
 * one batch at a time: everything queued (up to 256 commands) is applied in arrival order, in
 * memory, to the auction's state, and written in one container-managed XA transaction ({@link
 * io.gavel.bidding.control.BidBatches}): bids, the auction's new state,
 * changed standings, one event row per accepted bid with the next {@code seq}, idempotency records,
 * audit entries for rejections, and the events sent to the JMS topic. Each request is answered only
 * after its batch committed; rejections too, since they were judged against state that had to
 * commit first. Bids, events, standings and audit entries go in as multi-row {@code INSERT}s, all
 * in one round trip, on plain JDBC ({@link io.gavel.platform.control.Rows}) on the transaction's
 * own connection, bids numbered from id blocks, together with the auctions' changed columns. The
 * batch starts with one round trip too ({@link io.gavel.platform.control.Reads}): its bidders'
 * profiles ({@link io.gavel.users.control.BidderProfiles}) and its auctions, locked and read into
 * unmanaged entities from their JPA mapping ({@link io.gavel.platform.control.EntityRows}),
 * and the stored Idempotency-Keys of its commands (the keys of its judged commands, with their
 * answers, go in with its rows). Only an auction that a Dutch accept closes goes through JPA.
 * A worker takes up to 32 ready lanes into one transaction, so quiet auctions share a two-phase
 * commit as well; their rows are locked by one query in ascending id order, so batches
 * never deadlock, and their changed standings are written by one statement. A node has one worker
 * per two processors, at least one: a batch transaction costs far more than a bid in it, so
 * fewer, larger batches do more bids per second than many small ones in parallel.
 *
 * <p>Why: one XA transaction (MariaDB + Artemis, real two-phase commit, Payara's transaction log)
 * costs milliseconds and, per bid, held the auction's row lock for all of it. The row-lock baseline
 * (one bid = one transaction, {@code SELECT … FOR UPDATE}) measured 55 accepted bids/s over 10,000
 * auctions (32 clients) and 162 bid commands/s judged on one hot auction, with 38 of 64 request
 * threads waiting for row locks. With the sequencer the transaction count grows with the number of
 * busy auctions, not with the number of bids: on one hot auction a batch carries every command
 * that arrived during the previous commit (about 20 at 32 clients), and lost races never wait for
 * a lock. Measured on the same machine: 78 accepted bids/s over 10,000 auctions, 355–404 commands/s
 * judged on one hot auction, and no request thread waits on a row lock any more ({@code
 * bench/results/2026-11-26-sequencer.md}). {@code @Version} + retry was not chosen: under contention
 * every loser repeats the whole transaction, the opposite of batching. The machine's CPU, not the
 * ordering, is now the limit (see the README's performance section). Two batches of one auction
 * in flight at once (the next reading its profiles and waiting for the row lock while one
 * commits, and committing only after it) were built and measured too, and did not pay: the part
 * of a batch that holds the lock was no shorter, and the next batch often reached the lock late
 * ({@code bench/results/2026-11-27-session-11-runs.md}). Nor did answering, before the commit, the
 * bids that were already below the committed minimum (each batch then accepted more bids, but
 * fewer batches committed per second), or running a batch's write on another thread while it
 * enlisted the broker ({@code bench/results/2026-11-27-session-14-runs.md}). Nor did pipelining a
 * lane (session 18): its next batch started as soon as the one in flight had judged its commands,
 * from that batch's state, and took the auction's row only once that batch committed. On the hot
 * auction the batch transactions rose from 335–412 to 536–548 a second, but each accepted 1.41
 * bids instead of about 2.1, since the next batch judged bids priced before the one in flight was
 * answered; accepted bids/s stayed where they were (757–781 against 698–857), and over 10,000
 * auctions, with the second worker it needs, they fell to 1,532 (1,906 with two workers alone,
 * 1,995–2,245 with one; {@code bench/results/2026-11-27-session-18-runs.md}). What bounds the hot
 * auction is how soon a bidder learns the price: one batch's duration.
 *
 * <p>Cluster: every node has its own lanes, and the database arbitrates. A batch starts by taking
 * the auction's row lock; the standings a lane kept from its last batch are used only if the row's
 * command number still matches, otherwise they are reloaded. So two nodes bidding on one auction
 * stay linearizable (each batch sees everything committed before it), at the price of a reload
 * when the auction changes hands. A worker's batch skips auctions whose row another transaction
 * holds ({@code SKIP LOCKED}) and hands those lanes to threads that wait for the lock (at most
 * {@code gavel.bidding.lock-wait-seconds}, 5 s), so a lock held elsewhere never holds up the node's
 * other auctions. A node that dies loses only unacknowledged work: nothing is answered before its
 * commit, and an XA transaction is all or nothing. A request whose node died may be repeated with
 * the same {@code Idempotency-Key}; it is then answered from the first commit if there was one. A
 * node that dies between a batch's prepare and its commit leaves that batch's database branch
 * prepared, with its row locks, until its transaction manager decides it: the auctions it wrote
 * refuse bids ({@code 503 BID_NOT_PROCESSED}, {@code Retry-After}) until the node starts again
 * with the same root folder and recovers the transaction from its log (see the launcher's {@code
 * PayaraNode}); bidding on every other auction goes on ({@code BidFailoverIT}).
 *
 * <p>Failure: a batch that fails rolls back as a whole; the lane forgets its kept state and
 * retries each command alone, so one unwritable command cannot take the others down; a command
 * that fails alone is refused with {@code 503 BID_NOT_PROCESSED} and nothing of it is kept.
 */
package io.gavel.bidding;
