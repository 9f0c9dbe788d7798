/**
 * Payments: the payment gateway (an interface, with a simulator that ships with the product) and,
 * so far, the pre-authorisations bidders place to bid on high-value lots. Capture, escrow,
 * commission, payouts, refunds and the ledger build on this.
 *
 * <p>Decision: a pre-authorisation belongs to one bidder and one auction and covers bids up to its
 * amount. A category's {@code preauthThreshold} (copied onto each auction) says from which bid
 * amount or maximum on a covering authorisation is needed; below it bidding stays frictionless.
 */
package io.gavel.payments;
