package io.gavel.bidding.control;

/**
 * Fired synchronously inside a bid batch's transaction once everything of the batch is written
 * and sent, just before the commit. An observer that throws rolls the whole batch back; checks
 * that must see the batch's complete effect (and tests of the rollback itself) hook in here.
 *
 * @param auctionId the auction the batch applied to
 * @param commands how many commands the batch held
 * @param accepted how many of them were accepted
 */
public record BatchWritten(long auctionId, int commands, int accepted) {}
