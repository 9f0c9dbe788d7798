package io.gavel.auction.entity;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * The rule set an auction runs by, frozen when it starts: type, prices, increments, soft close,
 * the Dutch clock, commission and the eligibility thresholds. Closing and replay read only this
 * snapshot, never the category's current settings, so a category changed mid-auction changes
 * nothing for auctions already running.
 *
 * <p>{@link #encode} and {@link #decode} are exact inverses; amounts travel as decimal strings.
 */
public record AuctionRules(
    AuctionType type,
    Currency currency,
    Money startingPrice,
    Money reservePrice,
    IncrementPolicy increment,
    SoftClose softClose,
    DutchClock dutch,
    BigDecimal commissionRate,
    String kycLevelToBid,
    BigDecimal kycThreshold,
    BigDecimal preauthThreshold) {

  private static final JsonProvider JSON = JsonProvider.provider();

  public AuctionRules {
    Objects.requireNonNull(type);
    Objects.requireNonNull(currency);
    Objects.requireNonNull(startingPrice);
    Objects.requireNonNull(increment);
    Objects.requireNonNull(commissionRate);
    Objects.requireNonNull(kycLevelToBid);
  }

  /** Whether bids are sealed until the auction closes. */
  public boolean sealed() {
    return type == AuctionType.SEALED_FIRST_PRICE || type == AuctionType.SEALED_SECOND_PRICE;
  }

  /** The snapshot as a JSON document. */
  public String encode() {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("type", type.name())
            .add("currency", currency.getCurrencyCode())
            .add("startingPrice", startingPrice.toString())
            .add("increment", JSON.createObjectBuilder()
                .add("kind", increment.kind().name())
                .add("steps", increment.encode()))
            .add("commissionRate", commissionRate.toPlainString())
            .add("kycLevelToBid", kycLevelToBid);
    if (reservePrice != null) {
      json.add("reservePrice", reservePrice.toString());
    }
    if (softClose != null) {
      json.add(
          "softClose",
          JSON.createObjectBuilder()
              .add("windowSeconds", softClose.windowSeconds())
              .add("extensionSeconds", softClose.extensionSeconds())
              .add("maxExtensions", softClose.maxExtensions()));
    }
    if (dutch != null) {
      json.add(
          "dutch",
          JSON.createObjectBuilder()
              .add("startPrice", dutch.startPrice().toString())
              .add("floorPrice", dutch.floorPrice().toString())
              .add("decrement", dutch.decrement().toString())
              .add("intervalSeconds", dutch.intervalSeconds()));
    }
    if (kycThreshold != null) {
      json.add("kycThreshold", kycThreshold.toPlainString());
    }
    if (preauthThreshold != null) {
      json.add("preauthThreshold", preauthThreshold.toPlainString());
    }
    return json.build().toString();
  }

  /** Reads a snapshot written by {@link #encode}. */
  public static AuctionRules decode(String text) {
    JsonObject json = JSON.createReader(new StringReader(text)).readObject();
    Currency currency = Currency.getInstance(json.getString("currency"));
    JsonObject increment = json.getJsonObject("increment");
    JsonObject softClose = json.getJsonObject("softClose");
    JsonObject dutch = json.getJsonObject("dutch");
    return new AuctionRules(
        AuctionType.valueOf(json.getString("type")),
        currency,
        money(json, "startingPrice", currency),
        money(json, "reservePrice", currency),
        IncrementPolicy.decode(
            IncrementPolicy.Kind.valueOf(increment.getString("kind")), increment.getString("steps")),
        softClose == null
            ? null
            : new SoftClose(
                softClose.getInt("windowSeconds"),
                softClose.getInt("extensionSeconds"),
                softClose.getInt("maxExtensions")),
        dutch == null
            ? null
            : new DutchClock(
                money(dutch, "startPrice", currency),
                money(dutch, "floorPrice", currency),
                money(dutch, "decrement", currency),
                dutch.getInt("intervalSeconds")),
        new BigDecimal(json.getString("commissionRate")),
        json.getString("kycLevelToBid"),
        decimal(json, "kycThreshold"),
        decimal(json, "preauthThreshold"));
  }

  private static Money money(JsonObject json, String name, Currency currency) {
    return json.containsKey(name) ? new Money(new BigDecimal(json.getString(name)), currency) : null;
  }

  private static BigDecimal decimal(JsonObject json, String name) {
    return json.containsKey(name) ? new BigDecimal(json.getString(name)) : null;
  }
}
