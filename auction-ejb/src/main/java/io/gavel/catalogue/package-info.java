/**
 * Catalogue: the category tree and the house rules attached to each category (commission, KYC
 * level to bid above a threshold, payment pre-authorisation above a threshold, allowed auction
 * durations).
 */
package io.gavel.catalogue;
