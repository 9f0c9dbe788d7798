package io.gavel.auction.entity;

import io.gavel.catalogue.entity.KycRule;
import io.gavel.platform.entity.IdBlocks;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Currency;
import java.util.Objects;

/**
 * The auction aggregate: one lot, its rules and its running state.
 *
 * <p>Lifecycle: {@code SCHEDULED → ACTIVE → CLOSING → CLOSED} (or {@code CANCELLED}). The rules
 * an auction is listed with (increment policy, soft close, reserve, Dutch clock, commission rate,
 * eligibility) are copied onto it from the category, may be revised only while it is scheduled,
 * and are frozen as an {@link AuctionRules} snapshot when it starts; the result is determined
 * from that snapshot only.
 *
 * <p>Invariants: the current price never decreases; every accepted bid and every state change
 * advances {@link #seq()} by exactly one (the next event of the auction's public log); bids are
 * only accepted while {@code ACTIVE} and before the (possibly extended) end.
 *
 * <p>The aggregate never reads a clock: every verb takes {@code now}.
 */
@Entity
@Table(name = "auctions")
@NamedQuery(
    name = Auction.DUE_BY,
    query =
        "SELECT a.id, a.status, a.startsAt, a.endsAt FROM Auction a WHERE a.status IN"
            + " (io.gavel.auction.entity.AuctionStatus.ACTIVE, io.gavel.auction.entity.AuctionStatus.CLOSING)"
            + " AND a.endsAt <= :horizon")
@NamedQuery(
    name = Auction.STARTING_BY,
    query =
        "SELECT a.id, a.status, a.startsAt, a.endsAt FROM Auction a"
            + " WHERE a.status = io.gavel.auction.entity.AuctionStatus.SCHEDULED AND a.startsAt <= :horizon")
@NamedQuery(name = Auction.WITH_IDS, query = "SELECT a FROM Auction a WHERE a.id IN :ids")
@NamedQuery(
    name = Auction.RUNNING_DUTCH,
    query =
        "SELECT a FROM Auction a WHERE a.status = io.gavel.auction.entity.AuctionStatus.ACTIVE"
            + " AND a.type = io.gavel.auction.entity.AuctionType.DUTCH")
public class Auction {


  public static final String DUE_BY = "Auction.dueBy";
  public static final String STARTING_BY = "Auction.startingBy";
  public static final String RUNNING_DUTCH = "Auction.runningDutch";
  public static final String WITH_IDS = "Auction.withIds";

  /** From a block of ids, see {@link IdBlocks}. */
  @Id
  @GeneratedValue(strategy = GenerationType.TABLE, generator = "auctions")
  private Long id;

  @Column(name = "seller_id", nullable = false)
  private String sellerId;

  @Column(name = "category_id", nullable = false)
  private Long categoryId;

  private String title;
  private String description;

  @Enumerated(EnumType.STRING)
  private AuctionType type;

  @Enumerated(EnumType.STRING)
  private AuctionStatus status;

  private String currency;

  @Column(name = "starting_price")
  private BigDecimal startingPrice;

  @Column(name = "reserve_price")
  private BigDecimal reservePrice;

  @Enumerated(EnumType.STRING)
  @Column(name = "increment_kind")
  private IncrementPolicy.Kind incrementKind;

  @Column(name = "increment_steps")
  private String incrementSteps;

  @Column(name = "current_price")
  private BigDecimal currentPrice;

  @Column(name = "leader_id")
  private String leaderId;

  @Column(name = "leader_alias")
  private Integer leaderAlias;

  @Column(name = "bid_count")
  private int bidCount;

  private int participants;

  @Column(name = "starts_at")
  private Instant startsAt;

  @Column(name = "ends_at")
  private Instant endsAt;

  @Column(name = "original_ends_at")
  private Instant originalEndsAt;

  @Column(name = "soft_close_window_s")
  private Integer softCloseWindowSeconds;

  @Column(name = "soft_close_extension_s")
  private Integer softCloseExtensionSeconds;

  @Column(name = "soft_close_max")
  private Integer softCloseMax;

  private int extensions;

  @Column(name = "commission_rate")
  private BigDecimal commissionRate;

  @Column(name = "item_json")
  private String itemJson;

  @Column(name = "kyc_level_to_bid")
  private String kycLevelToBid = KycRule.NONE.level();

  @Column(name = "kyc_threshold")
  private BigDecimal kycThreshold;

  @Column(name = "preauth_threshold")
  private BigDecimal preauthThreshold;

  private long seq;

  @Column(name = "command_no")
  private long commandNo;

  @Transient private BidBook book;
  /** Sealed and Dutch auctions: each bidder's one counting bid, as a standing (amount = maximum). */
  @Transient private Map<String, BidBook.Entry> tenders = new java.util.LinkedHashMap<>();
  @Transient private Map<String, Integer> aliases = new HashMap<>();

  @Enumerated(EnumType.STRING)
  private Outcome outcome;

  @Column(name = "winner_id")
  private String winnerId;

  @Column(name = "winner_alias")
  private Integer winnerAlias;

  @Column(name = "final_price")
  private BigDecimal finalPrice;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Column(name = "dutch_start_price")
  private BigDecimal dutchStartPrice;

  @Column(name = "dutch_floor_price")
  private BigDecimal dutchFloorPrice;

  @Column(name = "dutch_decrement")
  private BigDecimal dutchDecrement;

  @Column(name = "dutch_interval_s")
  private Integer dutchIntervalSeconds;

  @Column(name = "dutch_step")
  private Integer dutchStep;

  @Column(name = "rules_json")
  private String rulesJson;

  @Column(name = "ranking_json")
  private String rankingJson;

  @Column(name = "created_at")
  private Instant createdAt;

  protected Auction() {
    // for JPA
  }

  /**
   * Lists a new auction. It is {@code ACTIVE} at once when it starts now or earlier, else {@code
   * SCHEDULED}. Validation of durations against the category happens in the boundary, which
   * knows the category; this constructor checks what the auction alone can know.
   */
  public Auction(
      String sellerId,
      long categoryId,
      String title,
      String description,
      AuctionType type,
      Money startingPrice,
      Money reservePrice,
      IncrementPolicy increment,
      Instant startsAt,
      Instant endsAt,
      SoftClose softClose,
      DutchClock dutch,
      BigDecimal commissionRate,
      String itemJson,
      Instant now) {
    this.sellerId = Objects.requireNonNull(sellerId);
    this.categoryId = categoryId;
    this.title = Objects.requireNonNull(title);
    this.description = description;
    this.type = Objects.requireNonNull(type);
    this.currency = startingPrice.currency().getCurrencyCode();
    this.startingPrice = startingPrice.amount();
    if (reservePrice != null) {
      if (reservePrice.isBelow(startingPrice)) {
        throw new IllegalArgumentException("reservePrice must not be below startingPrice");
      }
      this.reservePrice = reservePrice.amount();
    }
    increment.requireRepresentableIn(startingPrice.currency());
    this.incrementKind = increment.kind();
    this.incrementSteps = increment.encode();
    if (!endsAt.isAfter(startsAt)) {
      throw new IllegalArgumentException("endsAt must be after startsAt");
    }
    if (!endsAt.isAfter(now)) {
      throw new IllegalArgumentException("endsAt must be in the future");
    }
    if ((type == AuctionType.DUTCH) != (dutch != null)) {
      throw new IllegalArgumentException("'dutch' is required for DUTCH auctions and only for them");
    }
    if (softClose != null && type != AuctionType.ENGLISH) {
      throw new IllegalArgumentException("softClose applies to ENGLISH auctions only");
    }
    if (dutch != null) {
      if (reservePrice != null) {
        throw new IllegalArgumentException("DUTCH auctions have no reserve: the floorPrice is the lowest price");
      }
      if (startingPrice.compareTo(dutch.startPrice()) != 0) {
        throw new IllegalArgumentException("a DUTCH auction's startingPrice is its dutch.startPrice");
      }
      this.dutchStartPrice = dutch.startPrice().amount();
      this.dutchFloorPrice = dutch.floorPrice().amount();
      this.dutchDecrement = dutch.decrement().amount();
      this.dutchIntervalSeconds = dutch.intervalSeconds();
      Instant clockEnds = dutch.closesAt(startsAt);
      if (clockEnds.isBefore(endsAt)) {
        endsAt = clockEnds;
      }
    }
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.originalEndsAt = endsAt;
    if (softClose != null) {
      this.softCloseWindowSeconds = softClose.windowSeconds();
      this.softCloseExtensionSeconds = softClose.extensionSeconds();
      this.softCloseMax = softClose.maxExtensions();
    }
    this.commissionRate = commissionRate;
    this.itemJson = itemJson;
    this.createdAt = now;
    this.status = startsAt.isAfter(now) ? AuctionStatus.SCHEDULED : AuctionStatus.ACTIVE;
  }

  /**
   * Takes over the category's KYC rule: bids whose amount or maximum is at least {@code
   * threshold} (every bid when it is null) need a bidder verified to {@code level}.
   */
  public void requireKyc(String level, BigDecimal threshold) {
    KycRule rule = new KycRule(level, threshold);
    this.kycLevelToBid = rule.level();
    this.kycThreshold = rule.threshold();
  }

  /** The KYC rule for this auction's bidders. */
  public KycRule kycRule() {
    return new KycRule(kycLevelToBid, kycThreshold);
  }

  /**
   * Refuses with {@code KYC_REQUIRED} a bid of {@code amount} (and {@code maximum}, may be null)
   * by a bidder verified only to {@code bidderLevel}, when the auction's KYC rule applies to it.
   * Checks first that the auction is open to this bidder, so the more basic refusal wins.
   */
  public void requireVerified(String bidderId, String bidderLevel, Money amount, Money maximum, Instant now) {
    requireOpenFor(bidderId, null, now);
    KycRule rule = kycRule();
    if (rule.satisfiedBy(bidderLevel)) {
      return;
    }
    boolean applies =
        rule.appliesTo(amount == null ? null : amount.amount())
            || rule.appliesTo(maximum == null ? null : maximum.amount());
    if (applies) {
      throw new BidRejected(
          BidRejected.Reason.KYC_REQUIRED,
          kycThreshold == null
              ? "bidding on this auction needs identity verification " + kycLevelToBid
              : "bids of " + new Money(kycThreshold, currency()) + " or more need identity verification "
                  + kycLevelToBid);
    }
  }

  /**
   * Takes over the category's pre-authorisation rule: bids whose amount or maximum is at least
   * {@code threshold} must be covered by a payment authorisation; null: never.
   */
  public void requirePaymentAuthorization(BigDecimal threshold) {
    this.preauthThreshold = threshold;
  }

  /**
   * How much a payment authorisation must cover for a bid of {@code amount} with {@code maximum}
   * (either may be null): the larger of the two when it reaches the auction's pre-authorisation
   * threshold, else null (no authorisation needed).
   */
  public Money authorizationNeeded(Money amount, Money maximum) {
    if (preauthThreshold == null) {
      return null;
    }
    Money exposure = amount;
    if (maximum != null && (exposure == null || exposure.isBelow(maximum))) {
      exposure = maximum;
    }
    return exposure != null && exposure.amount().compareTo(preauthThreshold) >= 0 ? exposure : null;
  }

  /**
   * Attaches the bidders' standings (loaded under the auction's row lock) so the bidding verbs
   * can resolve proxies. Must be called before {@link #placeBid}, {@link #raiseMaximum} or
   * {@link #cancelUnused}.
   */
  public void attach(Collection<BidBook.Entry> standings, Map<String, Integer> aliases) {
    book =
        BidBook.restore(
            startingPrice(), reservePrice(), incrementPolicy(), standings, currentPrice(), leaderId);
    this.aliases = new HashMap<>(aliases);
    tenders = new java.util.LinkedHashMap<>();
    if (type != AuctionType.ENGLISH) {
      standings.forEach(e -> tenders.put(e.bidderId(), e));
    }
  }

  /**
   * A bid of {@code amount}, optionally with a proxy {@code maximum}, by {@code bidderId} (known
   * in this auction as "Bidder {@code alias}") at {@code now}. Throws {@link BidRejected}
   * without changing anything.
   */
  public Placement placeBid(String bidderId, int alias, Money amount, Money maximum, Instant now) {
    if (type == AuctionType.DUTCH) {
      throw new BidRejected(
          BidRejected.Reason.WRONG_AUCTION_TYPE,
          "a DUTCH auction is won by accepting the clock price: POST /api/v1/auctions/" + id + "/accept");
    }
    if (sealed()) {
      return placeSealed(bidderId, alias, amount, maximum, now);
    }
    requireOpenFor(bidderId, amount, now);
    if (maximum != null && !maximum.currency().equals(currency())) {
      throw new BidRejected(BidRejected.Reason.INVALID_AMOUNT, "this auction is in " + currency);
    }
    BidBook.Change change = book().place(bidderId, amount, maximum, commandNo + 1);
    return applied(bidderId, alias, change, amount, now);
  }

  /**
   * Sets or raises {@code bidderId}'s maximum. The leader's raise is no bid and changes no price,
   * unless it reaches a reserve the price is below: then the price jumps to the reserve, as a proxy
   * bid for the leader (counted, announced and subject to soft close like any accepted bid).
   * Anyone else bids the next minimum with this maximum.
   */
  public Placement raiseMaximum(String bidderId, int alias, Money maximum, Instant now) {
    requireEnglish();
    boolean leads = bidderId.equals(leaderId);
    Money amount = leads ? null : book().nextMinimumBid();
    requireOpenFor(bidderId, maximum, now);
    BidBook.Change change = book().raiseMaximum(bidderId, maximum, commandNo + 1);
    if (leads) {
      commandNo++;
      if (!change.priceChanged()) {
        return new Placement(change, false, false, false, true, commandNo);
      }
      currentPrice = change.price().amount();
      bidCount++;
      return new Placement(change, false, true, extendIfSniped(now), true, commandNo);
    }
    return applied(bidderId, alias, change, amount, now);
  }

  /** Gives up the unused part of {@code bidderId}'s maximum; the price does not change. */
  public Placement cancelUnused(String bidderId, Instant now) {
    requireEnglish();
    requireOpenFor(bidderId, null, now);
    BidBook.Change change = book().cancelUnused(bidderId, commandNo + 1);
    commandNo++;
    return new Placement(change, false, false, false, bidderId.equals(leaderId), commandNo);
  }

  private void requireEnglish() {
    if (type != AuctionType.ENGLISH) {
      throw new BidRejected(
          BidRejected.Reason.WRONG_AUCTION_TYPE, "proxy maximums exist in ENGLISH auctions only");
    }
  }

  /**
   * A sealed bid: at least the starting price, no proxy maximum, and it replaces the bidder's
   * earlier sealed bid. The leader (highest amount, earliest on a tie) is kept for staff; nobody
   * else sees amounts or the leader before the auction closes.
   */
  private Placement placeSealed(String bidderId, int alias, Money amount, Money maximum, Instant now) {
    requireOpenFor(bidderId, amount, now);
    if (maximum != null) {
      throw new BidRejected(
          BidRejected.Reason.INVALID_AMOUNT,
          "sealed bids have no maxAmount: bid the most you will pay");
    }
    if (amount.isBelow(startingPrice())) {
      throw new BidRejected(
          BidRejected.Reason.BID_TOO_LOW,
          "a bid must be at least the starting price " + startingPrice(),
          startingPrice());
    }
    commandNo++;
    if (tenders.put(bidderId, new BidBook.Entry(bidderId, amount, amount, commandNo)) == null) {
      bidCount++;
    }
    aliases.put(bidderId, alias);
    BidBook.Entry best =
        tenders.values().stream()
            .min(java.util.Comparator.comparing(BidBook.Entry::maximum, java.util.Comparator.reverseOrder())
                .thenComparingLong(BidBook.Entry::reachedAt))
            .orElseThrow();
    String previousLeader = leaderId;
    Money previousPrice = currentPrice();
    leaderId = best.bidderId();
    leaderAlias = aliases.get(leaderId);
    currentPrice = best.maximum().amount();
    return new Placement(
        new BidBook.Change(previousPrice, previousLeader, best.maximum(), leaderId),
        true,
        false,
        false,
        bidderId.equals(leaderId),
        commandNo);
  }

  /**
   * Accepts a Dutch auction's clock price: the first accept at the price the clock shows now
   * wins. A price the clock has left (or not reached) is refused with {@code PRICE_CHANGED} and
   * the current price. The caller closes the auction with the accept as its result.
   */
  public Placement accept(String bidderId, int alias, Money price, Instant now) {
    DutchClock clock = dutchClock();
    if (clock == null) {
      throw new BidRejected(
          BidRejected.Reason.WRONG_AUCTION_TYPE, "only DUTCH auctions have a price to accept");
    }
    requireOpenFor(bidderId, price, now);
    Money current = clock.priceAt(startsAt, now);
    if (price.compareTo(current) != 0) {
      throw new BidRejected(
          BidRejected.Reason.PRICE_CHANGED, "the price is now " + current, null, current);
    }
    commandNo++;
    tenders.put(bidderId, new BidBook.Entry(bidderId, price, price, commandNo));
    aliases.put(bidderId, alias);
    leaderId = bidderId;
    leaderAlias = alias;
    currentPrice = price.amount();
    bidCount++;
    return new Placement(
        new BidBook.Change(null, null, price, bidderId), true, false, false, true, commandNo);
  }

  private Placement applied(
      String bidderId, int alias, BidBook.Change change, Money amount, Instant now) {
    commandNo++;
    aliases.put(bidderId, alias);
    leaderAlias = aliases.get(change.leader());
    currentPrice = change.price().amount();
    leaderId = change.leader();
    // the leader's proxy bid at the new price follows in the history when the price is not the
    // amount bid, or when the bidder was outbid at once at their own amount (an equal maximum)
    boolean proxyStep = change.price().compareTo(amount) != 0 || !bidderId.equals(change.leader());
    bidCount += proxyStep ? 2 : 1;
    boolean extended = extendIfSniped(now);
    return new Placement(change, true, proxyStep, extended, bidderId.equals(leaderId), commandNo);
  }

  /** Records that a bidder joined with their first bid; returns their alias number. */
  public int admitParticipant() {
    participants++;
    return participants;
  }

  private void requireOpenFor(String bidderId, Money amount, Instant now) {
    if (status != AuctionStatus.ACTIVE || now.isBefore(startsAt) || !now.isBefore(endsAt)) {
      throw new BidRejected(
          BidRejected.Reason.AUCTION_NOT_ACTIVE, "auction " + id + " is not open for bids");
    }
    if (sellerId.equals(bidderId)) {
      throw new BidRejected(
          BidRejected.Reason.SELLER_CANNOT_BID, "sellers cannot bid on their own auctions");
    }
    if (amount != null && !amount.currency().equals(currency())) {
      throw new BidRejected(BidRejected.Reason.INVALID_AMOUNT, "this auction is in " + currency);
    }
  }

  private BidBook book() {
    if (book == null) {
      throw new IllegalStateException("attach the bidders' standings first");
    }
    return book;
  }

  /** The bidder's standing in the attached book, or null before their first command. */
  public BidBook.Entry standingOf(String bidderId) {
    return type == AuctionType.ENGLISH ? book().entry(bidderId) : tenders.get(bidderId);
  }

  /** Every bidder's standing after the last command, to store. */
  public Collection<BidBook.Entry> standings() {
    return type == AuctionType.ENGLISH ? book().entries() : List.copyOf(tenders.values());
  }

  private boolean extendIfSniped(Instant acceptedAt) {
    SoftClose softClose = softClose();
    if (softClose == null) {
      return false;
    }
    Instant newEnd = softClose.extendedEnd(endsAt, acceptedAt, extensions);
    if (newEnd == null) {
      return false;
    }
    endsAt = newEnd;
    extensions++;
    return true;
  }

  /** The lowest bid the rules accept now. */
  public Money nextMinimumBid() {
    return BidBook.nextMinimumBid(startingPrice(), currentPrice(), incrementPolicy());
  }


  /**
   * Starts a scheduled auction whose start time has come and freezes its rule set; false when
   * there is nothing to do.
   */
  public boolean startIfDue(Instant now) {
    if (status != AuctionStatus.SCHEDULED || now.isBefore(startsAt)) {
      return false;
    }
    status = AuctionStatus.ACTIVE;
    freezeRules();
    return true;
  }

  /**
   * Moves a Dutch clock to the step it has reached at {@code now}; false when the announced
   * price is still current (or the auction is no running Dutch auction).
   */
  public boolean dropPriceIfDue(Instant now) {
    DutchClock clock = dutchClock();
    if (status != AuctionStatus.ACTIVE || clock == null || !now.isBefore(endsAt)) {
      return false;
    }
    int step = clock.stepAt(startsAt, now);
    if (dutchStep != null && step <= dutchStep) {
      return false;
    }
    dutchStep = step;
    return true;
  }

  /**
   * Ends bidding once the (possibly extended) end has come: {@code ACTIVE → CLOSING}. The result
   * is determined in a second step ({@link #close}), so sealed bids can be committed publicly
   * before they are revealed. False when there is nothing to do, which makes closing idempotent
   * for timers and sweepers on every node.
   */
  public boolean beginClosingIfDue(Instant now) {
    if (status != AuctionStatus.ACTIVE || now.isBefore(endsAt)) {
      return false;
    }
    status = AuctionStatus.CLOSING;
    return true;
  }

  /**
   * Records the result and closes: {@code CLOSING → CLOSED}, or directly from {@code ACTIVE}
   * when a Dutch accept decides the auction.
   *
   * @param winnerAlias the winner's alias number, null unless sold
   * @param ranking every counting bidder best first, as stored for the payment cascade
   */
  public void close(WinnerDetermination.Result result, Integer winnerAlias, String ranking, Instant now) {
    if (status != AuctionStatus.CLOSING && status != AuctionStatus.ACTIVE) {
      throw new IllegalStateException("auction " + id + " is " + status);
    }
    status = AuctionStatus.CLOSED;
    closedAt = now;
    outcome = result.outcome();
    winnerId = result.winnerId();
    this.winnerAlias = result.winnerId() == null ? null : winnerAlias;
    finalPrice = result.price() == null ? null : result.price().amount();
    rankingJson = ranking;
  }

  /**
   * The result by the frozen rules. {@code tenders} are, for ENGLISH, every bidder's standing
   * (maximum and when they reached it, to rank the runners-up); for sealed auctions every sealed
   * bid in order (the latest per bidder counts); for DUTCH the winning accept, if any.
   */
  public WinnerDetermination.Result determine(List<WinnerDetermination.Tender> tenders) {
    AuctionRules rules = rules();
    return switch (rules.type()) {
      case ENGLISH ->
          WinnerDetermination.english(rules.reservePrice(), leaderId, currentPrice(), tenders);
      case DUTCH -> WinnerDetermination.dutch(tenders.isEmpty() ? null : tenders.get(0));
      case SEALED_FIRST_PRICE ->
          WinnerDetermination.sealedFirstPrice(rules.startingPrice(), rules.reservePrice(), tenders);
      case SEALED_SECOND_PRICE ->
          WinnerDetermination.sealedSecondPrice(rules.startingPrice(), rules.reservePrice(), tenders);
    };
  }

  /**
   * Takes over the price rules and times of {@code revised}, a checked listing of this same
   * auction; only while it is scheduled, before anything is frozen or bid.
   */
  public void reviseRules(Auction revised) {
    if (status != AuctionStatus.SCHEDULED || revised.status != AuctionStatus.SCHEDULED) {
      throw new IllegalStateException("auction " + id + " has started; its rules are frozen");
    }
    startingPrice = revised.startingPrice;
    reservePrice = revised.reservePrice;
    startsAt = revised.startsAt;
    endsAt = revised.endsAt;
    originalEndsAt = revised.originalEndsAt;
  }

  /** Changes the listing's text; null members stay. The title is fixed once bidding started. */
  public void reviseText(String title, String description, String itemJson) {
    if (title != null) {
      if (status != AuctionStatus.SCHEDULED) {
        throw new IllegalStateException("the title is fixed once the auction started");
      }
      this.title = title;
    }
    if (description != null) {
      this.description = description;
    }
    if (itemJson != null) {
      this.itemJson = itemJson;
    }
  }

  /**
   * Cancels the auction: the seller while nobody has bid, staff always, and only before it
   * closes.
   */
  public void cancel(boolean byStaff, Instant now) {
    if (status != AuctionStatus.SCHEDULED && status != AuctionStatus.ACTIVE) {
      throw new IllegalStateException("auction " + id + " is " + status);
    }
    if (!byStaff && bidCount > 0) {
      throw new IllegalStateException("auction " + id + " has bids");
    }
    status = AuctionStatus.CANCELLED;
    cancelledAt = now;
  }

  /**
   * When the auction next needs the clock: its start, its next Dutch price drop or its end;
   * {@code now}-or-earlier while a close is half done; null once it is over.
   */
  public Instant nextDueAt() {
    return switch (status) {
      case SCHEDULED -> startsAt;
      case ACTIVE -> {
        DutchClock clock = dutchClock();
        Instant drop =
            clock == null ? null : clock.nextDropAt(startsAt, clock.stepStartsAt(startsAt, dutchStep == null ? 0 : dutchStep));
        yield drop != null && drop.isBefore(endsAt) ? drop : endsAt;
      }
      case CLOSING -> endsAt;
      case CLOSED, CANCELLED -> null;
    };
  }

  /**
   * The rule set: the snapshot frozen at start, or (before start, when the seller may still
   * revise them) the rules as listed.
   */
  public AuctionRules rules() {
    if (rulesJson != null) {
      return AuctionRules.decode(rulesJson);
    }
    return new AuctionRules(
        type,
        currency(),
        startingPrice(),
        reservePrice(),
        incrementPolicy(),
        softClose(),
        dutchClock(),
        commissionRate,
        kycLevelToBid,
        kycThreshold,
        preauthThreshold);
  }

  private void freezeRules() {
    if (rulesJson == null) {
      rulesJson = rules().encode();
    }
  }

  /**
   * Completes a listing: an auction that starts at once freezes its rules now (after the
   * boundary copied the category's eligibility rules onto it), and its Dutch clock counts as
   * announced at step 0, which the listing itself shows.
   */
  public void listed() {
    if (status == AuctionStatus.ACTIVE) {
      freezeRules();
      if (dutchClock() != null) {
        dutchStep = 0;
      }
    }
  }

  /** The Dutch price clock, or null for other types. */
  public DutchClock dutchClock() {
    if (dutchStartPrice == null) {
      return null;
    }
    return new DutchClock(
        new Money(dutchStartPrice, currency()),
        new Money(dutchFloorPrice, currency()),
        new Money(dutchDecrement, currency()),
        dutchIntervalSeconds);
  }

  /** Whether bids stay hidden until the auction closes. */
  public boolean sealed() {
    return type == AuctionType.SEALED_FIRST_PRICE || type == AuctionType.SEALED_SECOND_PRICE;
  }

  /** Every counting bidder best first, stored at close; null before. */
  public String rankingJson() {
    return rankingJson;
  }

  /** Takes the next number of the auction's public event log. */
  public long nextSeq() {
    return ++seq;
  }

  public boolean reserveMet() {
    return reservePrice == null
        || (currentPrice != null && currentPrice.compareTo(reservePrice) >= 0);
  }

  public SoftClose softClose() {
    return softCloseWindowSeconds == null
        ? null
        : new SoftClose(softCloseWindowSeconds, softCloseExtensionSeconds, softCloseMax);
  }

  public IncrementPolicy incrementPolicy() {
    return IncrementPolicy.decode(incrementKind, incrementSteps);
  }

  public Currency currency() {
    return Currency.getInstance(currency);
  }

  public Money startingPrice() {
    return new Money(startingPrice, currency());
  }

  public Money currentPrice() {
    return currentPrice == null ? null : new Money(currentPrice, currency());
  }

  public Money reservePrice() {
    return reservePrice == null ? null : new Money(reservePrice, currency());
  }

  public Money finalPrice() {
    return finalPrice == null ? null : new Money(finalPrice, currency());
  }

  public Long id() {
    return id;
  }

  public String sellerId() {
    return sellerId;
  }

  public long categoryId() {
    return categoryId;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  public AuctionType type() {
    return type;
  }

  public AuctionStatus status() {
    return status;
  }

  public String leaderId() {
    return leaderId;
  }

  public Integer leaderAlias() {
    return leaderAlias;
  }

  public int bidCount() {
    return bidCount;
  }

  public int participants() {
    return participants;
  }

  public Instant startsAt() {
    return startsAt;
  }

  public Instant endsAt() {
    return endsAt;
  }

  public Instant originalEndsAt() {
    return originalEndsAt;
  }

  public int extensions() {
    return extensions;
  }

  public BigDecimal commissionRate() {
    return commissionRate;
  }

  public String itemJson() {
    return itemJson;
  }

  public long seq() {
    return seq;
  }

  /**
   * The order number of the last bidding command. Every command that changes a bidder's standing
   * advances it, so standings loaded at one command number are current exactly while the
   * auction's row still shows that number.
   */
  public long commandNo() {
    return commandNo;
  }

  /** The bidder's alias number in this auction, or null before their first accepted command. */
  public Integer aliasOf(String bidderId) {
    return aliases.get(bidderId);
  }

  /** The alias number of every bidder known to the attached standings. */
  public Map<String, Integer> aliases() {
    return Map.copyOf(aliases);
  }

  public Outcome outcome() {
    return outcome;
  }

  public String winnerId() {
    return winnerId;
  }

  public Integer winnerAlias() {
    return winnerAlias;
  }

  public Instant closedAt() {
    return closedAt;
  }
}
